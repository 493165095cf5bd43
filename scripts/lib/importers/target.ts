import { parseData } from '../source/parse.js';
import type { DataFile } from '../source/data-file.js';
import { findState, foldName } from '../review/states.js';
import type { ReviewBatch } from './batch.js';

/** A review file already in the output folder, with what it says it is a review of. */
export interface ExistingReview {
  path: string;
  bytes: Uint8Array;
  /** the state's identity: its ISO code (written, or found from its name), else the name folded */
  state?: string;
  session?: number;
}

const identityOf = (iso: unknown, state: unknown) =>
  typeof iso === 'string' ? iso.toUpperCase() : typeof state === 'string' ? (findState(state)?.iso ?? `name:${foldName(state)}`) : undefined;

/** What a review file is of; a file that cannot be parsed is of nothing (the import never picks it by content). */
export function describeExisting(file: DataFile): ExistingReview {
  const parsed = parseData(file.path, file.bytes, { size: file.size, document: 'import' });
  const data = parsed.data as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { path: file.path, bytes: file.bytes };
  const session = typeof data.session === 'number' ? data.session : undefined;
  return { path: file.path, bytes: file.bytes, state: identityOf(data.iso, data.state), session };
}

export const batchIdentity = (batch: ReviewBatch) => batch.iso ?? `name:${foldName(batch.state)}`;

/** The existing reviews of the batch's state at its session, whatever their file names. */
export function matchingReviews(batch: ReviewBatch, existing: readonly ExistingReview[]): ExistingReview[] {
  const who = batchIdentity(batch);
  return existing.filter((e) => e.session === batch.session && e.state === who);
}
