import { createMessage, START, type Message, type Position } from '../diagnostics/message.js';
import { checkDataFile, type DataFormat } from '../source/data-file.js';
import { hazardMessages } from '../source/hazards.js';
import { sizeMessages } from '../source/limits.js';
import { locate, type SourceFile } from '../source/positions.js';
import { referenceMessages } from './references.js';
import { reviewSchema, type Review } from './schema.js';
import { findState, foldName } from './states.js';

export interface CheckedReview {
  path: string;
  /** the id the file declares, even when the file has errors */
  id?: string;
  /** where the file declares its id */
  idPosition?: Position;
  review?: Review;
  source?: SourceFile;
  messages: Message[];
  /** which state at which session the review is of ("CI 19"), for the check across files; kept in the checks cache */
  reviewOf?: string;
  /** where the file declares its session */
  sessionPosition?: Position;
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
  const idPosition = source && id !== undefined ? locate(source, ['id']) : undefined;
  const where = value && source ? { reviewOf: reviewOf(value), sessionPosition: locate(source, ['session'], 'key') } : {};
  return { path, id, idPosition, source, messages, review: value, ...where };
}

/** A review's state (its ISO code, else the code its name has in the table, else the name folded) and session. */
export function reviewOf(review: Pick<Review, 'state' | 'iso' | 'session'>): string {
  const state = review.iso ?? findState(review.state)?.iso ?? `"${foldName(review.state)}"`;
  return `${state} ${review.session}`;
}

/** Two reviews of the same state at the same session are one review written twice: the build would make two briefings of it. */
export function checkReviewSessions(checked: readonly CheckedReview[]): Message[] {
  const seen = new Map<string, string>();
  return checked.flatMap((c) => {
    if (!c.reviewOf) return [];
    const earlier = seen.get(c.reviewOf);
    if (earlier === undefined) {
      seen.set(c.reviewOf, c.path);
      return [];
    }
    const [state, session] = [c.review?.state ?? c.reviewOf.split(' ')[0], c.reviewOf.split(' ').at(-1)];
    return [createMessage(c.path, c.sessionPosition ?? c.idPosition ?? START, 'duplicate-review', { state: state!, session: Number(session), earlier })];
  });
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
