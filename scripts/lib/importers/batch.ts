import { createHash } from 'node:crypto';
import type { Recommendation } from '../review/schema.js';
import { normalizeName, slugify } from './slug.js';
import type { ImportedRow } from './types.js';

/** The rows of one review: one state under review at one session. */
export interface ReviewBatch {
  id: string;
  state: string;
  session: number;
  rows: ImportedRow[];
}

interface Selection {
  /** a state's name or its slug; absent with --all */
  state?: string;
  session?: number;
}

const reviewId = (state: string, session: number) => `${slugify(state, 58)}-upr${session}`;

/** Groups rows by (state, session) in the order states first appear; keeps only the selected ones. */
export function batchRows(rows: readonly ImportedRow[], selection: Selection): ReviewBatch[] {
  const wanted = selection.state === undefined ? undefined : normalizeName(selection.state);
  const batches = new Map<string, ReviewBatch>();
  for (const row of rows) {
    if (selection.session !== undefined && row.session !== selection.session) continue;
    if (wanted !== undefined && normalizeName(row.state) !== wanted && slugify(row.state) !== wanted) continue;
    const id = reviewId(row.state, row.session);
    const batch = batches.get(id);
    if (batch) batch.rows.push(row);
    else batches.set(id, { id, state: row.state, session: row.session, rows: [row] });
  }
  return [...batches.values()];
}

/** What identifies a recommendation: who made it to whom, when, and its words (case and spacing folded). */
function contentKey(row: ImportedRow): string {
  return [normalizeName(row.state), row.session, normalizeName(row.from), normalizeName(row.text)].join('\n');
}

const rowOrder = (row: ImportedRow) => JSON.stringify([row.response, row.action ?? 0, row.issues, row.text, row.fromGroup ?? '', row.from]);

/**
 * Ids derived from content, so that they survive re-imports and reordered exports: `rec-` and 10 hex digits of
 * a SHA-256 of the content key. Rows that share a key (exact duplicates) get -2, -3, … in an order that
 * depends only on their content.
 */
export function recommendationIds(rows: readonly ImportedRow[]): string[] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const hash = createHash('sha256').update(contentKey(row)).digest('hex').slice(0, 10);
    const group = groups.get(hash);
    if (group) group.push(i);
    else groups.set(hash, [i]);
  });
  const ids: string[] = [];
  for (const [hash, members] of groups) {
    const ordered = members.length === 1 ? members : [...members].sort((a, b) => (rowOrder(rows[a]!) < rowOrder(rows[b]!) ? -1 : rowOrder(rows[a]!) > rowOrder(rows[b]!) ? 1 : a - b));
    ordered.forEach((row, n) => (ids[row] = n === 0 ? `rec-${hash}` : `rec-${hash}-${n + 1}`));
  }
  return ids;
}

/** The rows as review recommendations; `themeOf` turns an issue name into a theme id. */
export function toRecommendations(rows: readonly ImportedRow[], themeOf: (issue: string) => string, source: string): Recommendation[] {
  const ids = recommendationIds(rows);
  return rows.map((row, i) => {
    const rec: Recommendation = { id: ids[i]!, text: row.text, from: row.from, response: row.response, themes: [...new Set(row.issues.map(themeOf))], source };
    if (row.fromGroup !== undefined) rec.from_group = row.fromGroup;
    if (row.action !== undefined) rec.action = row.action;
    return rec;
  });
}
