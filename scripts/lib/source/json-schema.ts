import { z } from 'zod';

/** A data format's JSON Schema, as committed beside the data: generated from its zod schema, never edited by hand. */
export function renderJsonSchema(schema: z.ZodType, id: string): string {
  return `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }), $id: id }, null, 2)}\n`;
}
