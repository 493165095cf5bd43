import { createMessage, hasErrors, type Message, type Position } from '../diagnostics/message.js';
import { hazardMessages } from '../source/hazards.js';
import { sizeMessages } from '../source/limits.js';
import { parseData } from '../source/parse.js';
import { referenceMessages } from './references.js';
import { reviewSchema, type Review } from './schema.js';
import { schemaMessages } from '../source/schema-messages.js';
import { locate, type SourceFile } from '../source/positions.js';
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

/** Parses and validates one review file. `review` is set only when the file has no errors. */
export function checkReviewFile(path: string, bytes: Uint8Array, size = bytes.length): CheckedReview {
  const parsed = parseData(path, bytes, size);
  if (!parsed.source || parsed.data === undefined) return { path, messages: parsed.messages };
  const { source, data } = parsed;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const reason = 'the file must hold one mapping with the review fields (id, title, state, …); see data/review.schema.json';
    return { path, source, messages: [createMessage(path, locate(source, []), 'wrong-type', reason)] };
  }
  const id = typeof (data as { id?: unknown }).id === 'string' ? (data as { id: string }).id : undefined;
  const idPosition = id === undefined ? undefined : locate(source, ['id']);
  const tooLarge = sizeMessages(data, source);
  if (tooLarge.length > 0) return { path, id, idPosition, source, messages: tooLarge };
  const result = reviewSchema.safeParse(data);
  const messages = [
    ...(result.success ? [] : schemaMessages(result.error.issues, data, source)),
    ...referenceMessages(data, source),
    ...hazardMessages(data, source),
  ];
  const review = result.success && !hasErrors(messages) ? result.data : undefined;
  return { path, id, idPosition, source, messages, review, ...(review ? { reviewOf: reviewOf(review), sessionPosition: locate(source, ['session'], 'key') } : {}) };
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
    const reason = `this is a second review of ${state} at session ${session}: ${earlier} is one too, so the build makes two briefings of one review; merge them into one file (npm run import -- … --into <file> imports into the one you keep), or delete one`;
    return [createMessage(c.path, c.sessionPosition ?? c.idPosition ?? { line: 1, column: 1 }, 'duplicate-review', reason)];
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
    const reason = `review id "${id}" is already used by ${earlier}; give each review file its own id`;
    return [createMessage(c.path, c.idPosition, 'duplicate-review-id', reason)];
  });
}
