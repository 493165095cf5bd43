import { renderJsonSchema } from '../source/json-schema.js';
import { reviewSchema } from './schema.js';

/** data/review.schema.json as committed. */
export function renderReviewJsonSchema(): string {
  return renderJsonSchema(reviewSchema, 'review.schema.json');
}
