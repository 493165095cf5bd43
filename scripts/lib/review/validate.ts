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
  /** the review it names under `follows`, and where */
  follows?: string;
  followsPosition?: Position;
  /** every `same_as` and `not_same_as` of its recommendations, with its position, checked once the previous review is known */
  overrides?: OverrideRef[];
}

/** A person's match written on a recommendation: the previous recommendation it names, and where. */
export interface OverrideRef {
  field: 'same_as' | 'not_same_as';
  current: string;
  previous: string;
  position: Position;
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
  const state = value ?? rawReviewOf(data);
  const where = state && source ? { reviewOf: reviewOf(state), sessionPosition: locate(source, ['session'], 'key') } : {};
  const follows = value?.follows && source ? { follows: value.follows, followsPosition: locate(source, ['follows']) } : {};
  const overrides = value && source ? { overrides: overrideRefs(value, source) } : {};
  return { path, id, idPosition, source, messages, review: value, ...where, ...follows, ...overrides };
}

/** The state and session of a file with errors, when it names them plainly: so a review can tell that its predecessor has errors. */
function rawReviewOf(data: Record<string, unknown> | undefined): Pick<Review, 'state' | 'iso' | 'session'> | undefined {
  if (!data || typeof data.state !== 'string' || data.state.trim() === '' || !Number.isInteger(data.session)) return undefined;
  return { state: data.state, session: data.session as number, ...(typeof data.iso === 'string' && /^[A-Z]{2}$/.test(data.iso) ? { iso: data.iso } : {}) };
}

function overrideRefs(review: Review, source: SourceFile): OverrideRef[] {
  return review.recommendations.flatMap((rec, i): OverrideRef[] => {
    const at = (...path: (string | number)[]) => locate(source, ['recommendations', i, ...path]);
    const same = rec.same_as === undefined ? [] : [{ field: 'same_as' as const, current: rec.id, previous: rec.same_as, position: at('same_as') }];
    const not = rec.not_same_as === undefined ? [] : typeof rec.not_same_as === 'string'
      ? [{ field: 'not_same_as' as const, current: rec.id, previous: rec.not_same_as, position: at('not_same_as') }]
      : rec.not_same_as.map((previous, j) => ({ field: 'not_same_as' as const, current: rec.id, previous, position: at('not_same_as', j) }));
    return [...same, ...not];
  });
}

/** The state part and the session of `reviewOf`. */
export function splitReviewOf(key: string): { state: string; session: number } {
  const at = key.lastIndexOf(' ');
  return { state: key.slice(0, at), session: Number(key.slice(at + 1)) };
}

/** A review's state (its ISO code, else the code its name has in the table, else the name folded) and session. */
export function reviewOf(review: Pick<Review, 'state' | 'iso' | 'session'>): string {
  const state = review.iso ?? findState(review.state)?.iso ?? `"${foldName(review.state)}"`;
  return `${state} ${review.session}`;
}

/**
 * Two reviews of the same state at the same session are one review written twice: the build would make two
 * briefings of it, and the next review could not tell which one it follows. Each file gets the error, naming
 * the other files with their positions.
 */
export function checkReviewSessions(checked: readonly CheckedReview[]): Message[] {
  const groups = new Map<string, CheckedReview[]>();
  for (const c of checked) if (c.reviewOf) groups.set(c.reviewOf, [...(groups.get(c.reviewOf) ?? []), c]);
  const at = (c: CheckedReview) => c.sessionPosition ?? c.idPosition ?? START;
  return [...groups.values()].filter((group) => group.length > 1).flatMap((group) =>
    group.map((c) => {
      const { state, session } = splitReviewOf(c.reviewOf!);
      const other = group.filter((o) => o !== c).map((o) => `${o.path}:${at(o).line}:${at(o).column}`).join(', ');
      return createMessage(c.path, at(c), 'duplicate-review', { state: c.review?.state ?? state, session, other });
    }),
  );
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
