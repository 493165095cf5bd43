import { z } from 'zod';
import { reviewSchema } from './schema.js';

/** data/review.schema.json as committed: generated from the zod schema, never edited by hand. */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(reviewSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'review.schema.json' }, null, 2)}\n`;
}
