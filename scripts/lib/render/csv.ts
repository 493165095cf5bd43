import { stringify } from 'csv-stringify/sync';
import type { BriefingModel } from '../model/model.js';

export const CLAIMS_CSV_HEADER = [
  'review_id', 'claim_id', 'theme', 'kind', 'basis', 'evidence', 'actor', 'claim',
  'source_id', 'source_title', 'source_type', 'source_publisher', 'source_date', 'source_url',
  'speaker', 'source_role', 'restricted', 'responds_to', 'bears_on', 'source_at',
] as const;

export const RECOMMENDATIONS_CSV_HEADER = [
  'review_id', 'recommendation_id', 'recommending_state', 'regional_group', 'response', 'action', 'themes', 'text',
  'status', 'evidence', 'claim_ids', 'state', 'iso', 'session', 'cycle',
] as const;

/** Separates ids in a list column (themes, responds_to, bears_on). */
export const LIST_SEPARATOR = ';';

interface CsvOptions {
  /** Prefix a UTF-8 byte order mark so that Excel reads the Cyrillic correctly. */
  excel?: boolean;
}

/** One row per (claim, cited source) in data order; a claim that cites nothing gets one row with empty source fields. */
function claimRows(model: BriefingModel): string[][] {
  return model.claims.flatMap((claim) => {
    const base = [model.review.id, claim.id, claim.theme, claim.kind, claim.basis, claim.evidence, claim.actor ?? '', claim.text];
    const cited = claim.cited.length > 0 ? claim.cited : [undefined];
    const restricted = (s?: { restricted?: boolean }) => (claim.restricted === true || s?.restricted === true ? 'yes' : '');
    return cited.map((s) => [
      ...base, s?.id ?? '', s?.title ?? '', s?.type ?? '', s?.publisher ?? '', s?.date ?? '', s?.url ?? '',
      claim.speakerType ?? '', s?.role ?? '', restricted(s), (claim.responds_to ?? []).join(LIST_SEPARATOR), (claim.bears_on ?? []).join(LIST_SEPARATOR), s?.at ?? '',
    ]);
  });
}

export type Cell = string | number;

/** What a spreadsheet may read as the start of a formula: = + - @, tab, CR, LF, NUL and their full-width forms. */
const FORMULA_START = /^[=+\-@\t\r\n\0\uFF1D\uFF0B\uFF0D\uFF20]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Defuses a cell that a spreadsheet would run as a formula by putting `'` before it (OWASP's advice). Numbers,
 * and text that is exactly a number such as `-5`, stay as they are: a spreadsheet reads them as numbers.
 */
export function defuseCell(cell: Cell): string {
  const text = String(cell);
  const isNumber = typeof cell === 'number' ? Number.isFinite(cell) : NUMBER.test(text);
  return !isNumber && FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 CSV (CRLF records, quotes where needed), with spreadsheet formulas defused. */
export function renderCsv(header: readonly string[], rows: readonly (readonly Cell[])[], options: CsvOptions = {}): string {
  const records = [header, ...rows].map((row) => row.map(defuseCell));
  return stringify(records, { record_delimiter: 'windows', bom: options.excel === true });
}

export function renderClaimsCsv(model: BriefingModel, options: CsvOptions = {}): string {
  return renderCsv(CLAIMS_CSV_HEADER, claimRows(model), options);
}

/** One row per recommendation in data order; themes are ids joined by LIST_SEPARATOR. */
export function recommendationRows(model: BriefingModel): string[][] {
  const { id, state, iso, session, cycle } = model.review;
  return model.recommendations.map((r) => [
    id, r.id, r.from, r.from_group ?? '', r.response, r.action === undefined ? '' : String(r.action), r.themes.join(LIST_SEPARATOR), r.text,
    r.assessment?.status ?? '', r.assessment?.evidence ?? '', (r.assessment?.claims ?? []).join(LIST_SEPARATOR), state, iso ?? '', String(session), String(cycle),
  ]);
}

/** Written for every review; a review without recommendations gets the header alone. */
export function renderRecommendationsCsv(model: BriefingModel, options: CsvOptions = {}): string {
  return renderCsv(RECOMMENDATIONS_CSV_HEADER, recommendationRows(model), options);
}

export const FOLLOWUP_CSV_HEADER = [
  'review_id', 'previous_review_id', 'recommendation_id', 'previous_recommendation_id', 'class', 'similarity', 'shared_themes', 'override',
  'response_then', 'response_now', 'position_change', 'recommending_state', 'previous_recommending_state', 'themes', 'previous_themes',
  'status', 'assessment', 'evidence', 'text', 'previous_text',
] as const;

/** One row per current recommendation (data order), then one per previous recommendation that nothing follows up. */
export function followUpRows(model: BriefingModel): string[][] {
  const previousId = model.since.previousId ?? '';
  return model.since.rows.map((row) => [
    model.review.id, previousId, row.current?.id ?? '', row.previous?.id ?? '', row.class, row.similarity, row.sharedThemes.join(LIST_SEPARATOR), row.override,
    row.previous?.response ?? '', row.current?.response ?? '', row.positionChange, row.current?.from ?? '', row.previous?.from ?? '',
    (row.current?.themes ?? []).join(LIST_SEPARATOR), (row.previous?.themes ?? []).join(LIST_SEPARATOR),
    row.status, row.assessment?.status ?? '', row.assessment?.evidence ?? '', row.current?.text ?? '', row.previous?.text ?? '',
  ]);
}

/** followup.csv: written for a review that follows another; the header alone when its predecessor could not be read. */
export function renderFollowUpCsv(model: BriefingModel, options: CsvOptions = {}): string {
  return renderCsv(FOLLOWUP_CSV_HEADER, followUpRows(model), options);
}
