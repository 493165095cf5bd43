import type { RowProblem } from '../diagnostics/rules.js';
import type { RecommendationResponse } from '../review/schema.js';
import { mapColumns, type ColumnSpec } from './columns.js';
import { textProblems } from './row-checks.js';
import { parseRecords, type RecordResult } from './rows.js';
import type { Table, TableRecord } from './table.js';
import type { ImportFormat, ImportedRow, ParsedExport } from './types.js';
import { clean } from './upr-info.js';

type Field = 'text' | 'countries' | 'body' | 'symbol' | 'themes' | 'affected' | 'sdgs' | 'documentDate' | 'fromStates' | 'position' | 'type' | 'annotationId' | 'session' | 'regions' | 'fromRegions' | 'published';

/**
 * The columns of OHCHR's Universal Human Rights Index export, as OHCHR publishes them (with its own spelling
 * "Reccomending"; "Recommending" is accepted too).
 */
const SPECS: readonly ColumnSpec<Field>[] = [
  { field: 'text', names: ['Text'], required: true },
  { field: 'countries', names: ['Countries Concerned', 'Country Concerned', 'Countries'], required: true },
  { field: 'body', names: ['Reccomending Body', 'Recommending Body', 'Body'], required: true },
  { field: 'symbol', names: ['Document Symbol', 'Symbol'] },
  { field: 'themes', names: ['Themes', 'Theme'] },
  { field: 'affected', names: ['Affected Persons'] },
  { field: 'sdgs', names: ['Sdgs', 'SDG', 'Sustainable Development Goals'] },
  { field: 'documentDate', names: ['Document Publication Date'] },
  { field: 'fromStates', names: ['UPR Reccomending States', 'UPR Recommending States'], required: true },
  { field: 'position', names: ['UPR Position'], required: true },
  { field: 'type', names: ['Type'], required: true },
  { field: 'annotationId', names: ['OHCHR Annotation Id', 'Annotation Id'] },
  { field: 'session', names: ['UPR Session'], required: true },
  { field: 'regions', names: ['Regions Concerned'] },
  { field: 'fromRegions', names: ['Recommending Regions', 'Reccomending Regions'] },
  { field: 'published', names: ['Date of publication on UHRI'] },
];

const TITLES = Object.fromEntries(SPECS.map((s) => [s.field, s.names[0]!])) as Record<Field, string>;

const POSITIONS: Record<string, RecommendationResponse> = { supported: 'supported', noted: 'noted', 'supported/noted': 'noted', '': 'pending' };

/** A multi-value cell: one value per line, each starting with "- "; a cell without dashes is one value. */
export function splitValues(cell: string): string[] {
  return [...new Set(cell.split(/\r\n|\r|\n/).map((line) => clean(line.replace(/^\s*-\s+/, ''))).filter((v) => v !== ''))];
}

/** An Excel serial day number (days since 1899-12-30) or an ISO date, as YYYY-MM-DD; undefined for anything else. */
export function excelDate(value: string): string | undefined {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  if (!/^\d{1,6}(\.\d+)?$/.test(v)) return undefined;
  const serial = Math.floor(Number(v));
  if (serial < 61 || serial > 2_958_465) return undefined;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/** "137.197 Improve …" → paragraph 137.197 and the text after it. */
export function splitParagraph(text: string): { paragraph?: string; text: string } {
  const match = /^(\d+(?:\.\d+)+)\.?\s+(.+)$/s.exec(text);
  return match ? { paragraph: match[1]!, text: match[2]! } : { text };
}

const isUpr = (body: string) => /\bUPR\b|universal periodic review/i.test(body);
const isRecommendation = (type: string) => /recommendation/i.test(type);

function readRow(record: TableRecord, columns: Map<Field, number>, width: number): RecordResult {
  if (record.fields.length > width && record.fields.slice(width).some((f) => f.trim() !== '')) {
    return { problems: [{ kind: 'width', fields: record.fields.length, width, separators: 'separators' }] };
  }
  const raw = (field: Field) => (columns.has(field) ? (record.fields[columns.get(field)!] ?? '') : '');
  const get = (field: Field) => clean(raw(field));
  if (!isUpr(get('body')) || !isRecommendation(get('type'))) return { problems: [], leftOut: true };
  const problems: RowProblem[] = [];
  const empty = (column: string) => problems.push({ kind: 'empty', column });
  const { paragraph, text } = splitParagraph(get('text'));
  if (text === '') empty('Text');
  const countries = splitValues(raw('countries'));
  if (countries.length === 0) empty('Countries Concerned');
  const from = splitValues(raw('fromStates'));
  if (from.length === 0) empty('UPR Reccomending States');
  const positionText = get('position');
  const response = POSITIONS[positionText.toLowerCase()];
  if (!response) problems.push({ kind: 'value', column: 'UPR Position', value: positionText, allowed: 'Supported, Noted, Supported/Noted, or leave it empty' });
  const rawSession = get('session');
  const session = /(\d{1,4})/.exec(rawSession)?.[1];
  if (rawSession === '') empty('UPR Session');
  else if (!session || Number(session) < 1) problems.push({ kind: 'value', column: 'UPR Session', value: rawSession, allowed: 'the session number' });
  const themes = splitValues(raw('themes'));
  if (themes.length === 0) empty('Themes');
  const published = get('published');
  const publishedDay = published === '' ? undefined : excelDate(published);
  if (published !== '' && !publishedDay) problems.push({ kind: 'value', column: 'Date of publication on UHRI', value: published, allowed: 'an Excel date or YYYY-MM-DD' });
  const affected = splitValues(raw('affected'));
  const sdgs = splitValues(raw('sdgs'));
  const regions = splitValues(raw('fromRegions'));
  const symbol = get('symbol');
  const annotation = get('annotationId');
  problems.push(...textProblems({ Text: text, 'Countries Concerned': countries, 'UPR Reccomending States': from, Themes: themes, 'Affected Persons': affected, Sdgs: sdgs, 'Document Symbol': symbol, 'OHCHR Annotation Id': annotation }));
  if (problems.length > 0) return { problems };
  const base: Omit<ImportedRow, 'state'> = { line: record.line, session: Number(session), text, from: from.join(', '), response: response!, issues: themes };
  if (regions.length > 0) base.fromGroup = regions.join(', ');
  if (paragraph) base.paragraph = paragraph;
  if (symbol !== '') base.document = symbol;
  if (affected.length > 0) base.affectedPersons = affected;
  if (sdgs.length > 0) base.sdgs = sdgs;
  if (positionText.includes('/')) base.position = positionText;
  if (publishedDay) base.published = publishedDay;
  const id = annotationId(annotation);
  return { rows: countries.map((state) => ({ ...base, state, ...(id ? { id: countries.length > 1 ? `${id}-${slugPart(state)}`.slice(0, 64) : id } : {}) })), problems };
}

const slugPart = (s: string) => s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** UHRI's annotation id as a recommendation id: `uhri-` and the id as a slug. */
export function annotationId(value: string): string | undefined {
  const slug = slugPart(value).slice(0, 59).replace(/-+$/, '');
  return slug === '' ? undefined : `uhri-${slug}`;
}

/** Reads the UPR recommendations of a UHRI export; rows of other bodies, and concerns or observations, are counted and left out. */
export const parseUhriTable = (table: Table, file: string): ParsedExport =>
  parseRecords(table, file, { specs: SPECS, title: (f: Field) => TITLES[f], format: 'UHRI', header: uhri.layout, leftOutWhy: 'not UPR recommendations (other bodies, or concerns and observations)' }, readRow);

export const uhri: ImportFormat = {
  name: 'uhri',
  description: "an export of OHCHR's Universal Human Rights Index (uhri.ohchr.org): its workbook (.xlsx) or CSV; UPR recommendations only",
  layout: 'a UHRI export has the columns Text, Countries Concerned, Reccomending Body, UPR Reccomending States, UPR Position, Type and UPR Session',
  matches: (header) => mapColumns(header, SPECS).missing.length === 0,
  source: (state, session) => ({
    id: 'uhri',
    title: `Universal Human Rights Index (OHCHR): UPR recommendations to ${state}, session ${session}`,
    type: 'un',
    publisher: 'Office of the United Nations High Commissioner for Human Rights',
    url: 'https://uhri.ohchr.org/',
  }),
  parseTable: parseUhriTable,
};
