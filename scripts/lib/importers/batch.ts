import { createHash } from 'node:crypto';
import { findState, foldName } from '../review/states.js';
import type { Recommendation } from '../review/schema.js';
import { normalizeName, shortHash, slugify } from './slug.js';
import type { ImportedRow } from './types.js';

/** The rows of one review: one state under review at one session. */
export interface ReviewBatch {
  id: string;
  /** the state's name: the table's short name when the state is known, else the export's */
  state: string;
  /** ISO 3166-1 alpha-2, when the state is in the table */
  iso?: string;
  /** the name the export uses, when it differs from `state` */
  exportName?: string;
  session: number;
  rows: ImportedRow[];
}

export interface Selection {
  /** a state's name, alias, ISO code or slug; absent with --all */
  state?: string;
  session?: number;
}

/** Who a row's state is: its ISO code when the table knows the name, else the folded name. */
const identity = (name: string) => findState(name)?.iso ?? `name:${foldName(name)}`;

/** The review id of a state at a session: from the ISO code (ci-upr19), else from a transliterated slug of the name. */
export function reviewId(state: string, session: number): string {
  const known = findState(state);
  return `${known ? known.iso.toLowerCase() : slugify(state, 56)}-upr${session}`;
}

/**
 * Groups rows by state (by identity, so "Cote d'Ivoire" and "Côte d'Ivoire" are one state) and session, in the
 * order states first appear; keeps only the selected ones. Two different states never share an id: an unknown
 * name whose slug another name already took gets a hash of its name.
 */
export function batchRows(rows: readonly ImportedRow[], selection: Selection): ReviewBatch[] {
  const wanted = selection.state === undefined ? undefined : selectionKey(selection.state);
  const batches = new Map<string, ReviewBatch>();
  const idOwners = new Map<string, string>();
  for (const row of rows) {
    if (selection.session !== undefined && row.session !== selection.session) continue;
    const who = identity(row.state);
    if (wanted !== undefined && who !== wanted && slugify(row.state) !== wanted.replace(/^name:/, '')) continue;
    const key = `${who}\n${row.session}`;
    const batch = batches.get(key);
    if (batch) {
      batch.rows.push(row);
      continue;
    }
    const known = findState(row.state);
    let id = reviewId(row.state, row.session);
    if (idOwners.has(id) && idOwners.get(id) !== who) id = `${slugify(row.state, 47)}-${shortHash(foldName(row.state), 8)}-upr${row.session}`;
    idOwners.set(id, who);
    const created: ReviewBatch = { id, state: known?.name ?? row.state, session: row.session, rows: [row] };
    if (known) created.iso = known.iso;
    if (known && known.name !== row.state) created.exportName = row.state;
    batches.set(key, created);
  }
  return [...batches.values()];
}

function selectionKey(state: string): string {
  const known = findState(state);
  return known ? known.iso : `name:${foldName(state.replace(/-/g, ' '))}`;
}

/** What identifies a recommendation: who made it to whom, when, and its words (case and spacing folded). */
function contentKey(row: ImportedRow): string {
  return [normalizeName(row.state), row.session, normalizeName(row.from), normalizeName(row.text)].join('\n');
}

const rowOrder = (row: ImportedRow) => JSON.stringify([row.response, row.action ?? 0, row.issues, row.text, row.fromGroup ?? '', row.from]);

/**
 * Ids derived from content, so that they survive re-imports and reordered exports: `rec-` and 10 hex digits of
 * a SHA-256 of the content key, or the export's own stable id (UHRI's annotation id) when it gives one. Rows that
 * share an id (exact duplicates) get -2, -3, … in an order that depends only on their content.
 */
export function recommendationIds(rows: readonly ImportedRow[]): string[] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const base = row.id ?? `rec-${createHash('sha256').update(contentKey(row)).digest('hex').slice(0, 10)}`;
    const group = groups.get(base);
    if (group) group.push(i);
    else groups.set(base, [i]);
  });
  const ids: string[] = [];
  for (const [base, members] of groups) {
    const ordered = members.length === 1 ? members : [...members].sort((a, b) => (rowOrder(rows[a]!) < rowOrder(rows[b]!) ? -1 : rowOrder(rows[a]!) > rowOrder(rows[b]!) ? 1 : a - b));
    ordered.forEach((row, n) => (ids[row] = n === 0 ? base : `${base.slice(0, 60)}-${n + 1}`));
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
    if (row.paragraph !== undefined) rec.paragraph = row.paragraph;
    if (row.document !== undefined) rec.document = row.document;
    if (row.affectedPersons !== undefined) rec.affected_persons = row.affectedPersons;
    if (row.sdgs !== undefined) rec.sdgs = row.sdgs;
    if (row.position !== undefined) rec.position = row.position;
    return rec;
  });
}
