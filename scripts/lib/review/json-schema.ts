import { z } from 'zod';
import { stakeholdersSchema } from '../delivery/stakeholders.js';
import { reviewSchema } from './schema.js';

function render(schema: z.ZodType, id: string): string {
  return `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }), $id: id }, null, 2)}\n`;
}

/** data/review.schema.json as committed: generated from the zod schema, never edited by hand. */
export function renderJsonSchema(): string {
  return render(reviewSchema, 'review.schema.json');
}

/** data/stakeholders.schema.json, likewise. */
export function renderStakeholdersJsonSchema(): string {
  return render(stakeholdersSchema, 'stakeholders.schema.json');
}
