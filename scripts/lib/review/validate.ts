import { createMessage, type Message, type Position } from '../diagnostics/message.js';
import { checkDataFile, type DataFormat } from '../source/data-file.js';
import { hazardMessages } from '../source/hazards.js';
import { sizeMessages } from '../source/limits.js';
import { locate, type SourceFile } from '../source/positions.js';
import { referenceMessages } from './references.js';
import { reviewSchema, type Review } from './schema.js';

export interface CheckedReview {
  path: string;
  /** the id the file declares, even when the file has errors */
  id?: string;
  /** where the file declares its id */
  idPosition?: Position;
  review?: Review;
  source?: SourceFile;
  messages: Message[];
}

const REVIEW: DataFormat<Review> = {
  document: 'review',
  whole: 'the review',
  schema: reviewSchema,
  before: sizeMessages,
  checks: (data, source) => [...referenceMessages(data, source), ...hazardMessages(data, source)],
};

/** Parses and validates one review file. `review` is set only when the file has no errors. */
export function checkReviewFile(path: string, bytes: Uint8Array, size = bytes.length): CheckedReview {
  const { source, data, value, messages } = checkDataFile({ path, bytes, size }, REVIEW);
  const id = typeof data?.id === 'string' ? data.id : undefined;
  return { path, id, idPosition: source && id !== undefined ? locate(source, ['id']) : undefined, source, messages, review: value };
}

/** Two files may not share a review id: both would write out/<id>/. */
export function checkReviewIds(checked: readonly CheckedReview[]): Message[] {
  const seen = new Map<string, string>();
  return checked.flatMap((c) => {
    const id = c.review?.id;
    if (!id || !c.idPosition) return [];
    const earlier = seen.get(id);
    if (earlier === undefined) {
      seen.set(id, c.path);
      return [];
    }
    return [createMessage(c.path, c.idPosition, 'duplicate-review-id', { id, earlier })];
  });
}
