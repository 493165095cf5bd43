import type { RowProblem } from '../diagnostics/rules.js';
import type { RecommendationResponse } from '../review/schema.js';
import { mapColumns, type ColumnSpec } from './columns.js';
import { readCsv } from './csv.js';
import { textProblems } from './row-checks.js';
import { parseRecords, type RecordResult } from './rows.js';
import type { Table, TableRecord } from './table.js';
import type { ImportFormat, ImportedRow, ParsedExport } from './types.js';

type Field = 'state' | 'stateGroup' | 'stateOrg' | 'text' | 'from' | 'fromGroup' | 'fromOrg' | 'response' | 'action' | 'issue' | 'session';

/**
 * The columns of the UPR Info export by their names in the CSV (To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,
 * Response,Action,Issue,Session) and in the workbook (SuR, Rgrp, Org, Recommendation, RS, Rgrp, Org, Response,
 * Action, Issue, Session), and names a newer export may use.
 */
const SPECS: readonly ColumnSpec<Field>[] = [
  { field: 'state', names: ['To', 'SuR', 'State under review'], required: true },
  { field: 'stateGroup', names: ['To-Rgrp', 'SuR-Rgrp'], after: { field: 'state', names: ['Rgrp', 'Regional group'] } },
  { field: 'stateOrg', names: ['To-Org', 'SuR-Org'], after: { field: 'state', names: ['Org', 'Organisations'] } },
  { field: 'text', names: ['Text', 'Recommendation'], required: true },
  { field: 'from', names: ['From', 'RS', 'Recommending state'], required: true },
  { field: 'fromGroup', names: ['From-Rgrp', 'RS-Rgrp'], after: { field: 'from', names: ['Rgrp', 'Regional group'] } },
  { field: 'fromOrg', names: ['From-Org', 'RS-Org'], after: { field: 'from', names: ['Org', 'Organisations'] } },
  { field: 'response', names: ['Response', 'Position'], required: true },
  { field: 'action', names: ['Action', 'Action category'] },
  { field: 'issue', names: ['Issue', 'Issues'], required: true },
  { field: 'session', names: ['Session'], required: true },
];

const TITLES: Record<Field, string> = { state: 'To', stateGroup: 'To-Rgrp', stateOrg: 'To-Org', text: 'Text', from: 'From', fromGroup: 'From-Rgrp', fromOrg: 'From-Org', response: 'Response', action: 'Action', issue: 'Issue', session: 'Session' };

const RESPONSES: Record<string, RecommendationResponse> = { accepted: 'supported', supported: 'supported', noted: 'noted', pending: 'pending' };

/** Issues are separated by a comma without a space: "Rights of the Child,Women's rights". */
function splitIssues(value: string): string[] {
  return [...new Set(value.split(/,(?! )/).map((i) => i.trim().replace(/\s+/g, ' ')).filter((i) => i !== ''))];
}

/** Trims stray spaces at the ends and folds runs of white space inside. */
export const clean = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');

/** HTML character references the UPR Info database left in its records: `&#40;Unknown&#41;` is "(Unknown)". */
const unescapeHtml = (value: string) => value.replace(/&#(\d{1,6});/g, (ref, code: string) => (Number(code) > 0 && Number(code) <= 0x10ffff ? String.fromCodePoint(Number(code)) : ref));

function readRow(record: TableRecord, columns: Map<Field, number>, width: number): RecordResult {
  if (record.fields.length !== width) {
    return { problems: [{ kind: 'width', fields: record.fields.length, width }] };
  }
  const get = (field: Field) => clean(columns.has(field) ? record.fields[columns.get(field)!] : undefined);
  const problems: RowProblem[] = [];
  const required = (field: Field) => {
    const value = get(field);
    if (value === '') problems.push({ kind: 'empty', column: TITLES[field] });
    return value;
  };
  const [state, text, from, rawResponse, rawIssues, rawSession] = (['state', 'text', 'from', 'response', 'issue', 'session'] as const).map(required);
  const response = RESPONSES[rawResponse!.toLowerCase()];
  if (rawResponse !== '' && !response) problems.push({ kind: 'value', column: 'Response', value: rawResponse!, allowed: 'Accepted, Supported, Noted or Pending' });
  if (rawSession !== '' && !/^[1-9]\d{0,3}$/.test(rawSession!)) problems.push({ kind: 'value', column: 'Session', value: rawSession!, allowed: 'a whole number' });
  const rawAction = get('action');
  if (rawAction !== '' && !/^[1-5]$/.test(rawAction)) problems.push({ kind: 'value', column: 'Action', value: rawAction, allowed: '1 to 5, or leave it empty' });
  const issues = splitIssues(rawIssues!);
  const fromGroup = get('fromGroup');
  problems.push(...textProblems({ To: state, Text: text, From: from, 'From-Rgrp': fromGroup, Issue: issues }));
  if (problems.length > 0) return { problems };
  const row: ImportedRow = { line: record.line, state: state!, session: Number(rawSession), text: text!, from: unescapeHtml(from!), response: response!, issues };
  if (fromGroup !== '') row.fromGroup = fromGroup;
  if (rawAction !== '') row.action = Number(rawAction);
  return { rows: [row], problems };
}

const LAYOUT = {
  specs: SPECS,
  title: (field: Field) => TITLES[field],
  format: 'UPR Info',
  header: 'Its header is To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session',
};

/** Reads the rows of a UPR Info export (CSV or workbook); malformed rows are reported with their line and skipped. */
export const parseUprInfoTable = (table: Table, file: string): ParsedExport => parseRecords(table, file, LAYOUT, readRow);

/** Parses the text of a UPR Info CSV export into rows. */
export function parseUprInfo(text: string, file: string): ParsedExport {
  const csv = readCsv(text, file);
  return parseUprInfoTable({ header: csv.header, records: csv.records, messages: csv.messages, described: 'a CSV file' }, file);
}

export const uprInfo: ImportFormat = {
  name: 'upr-info',
  description: 'an export of the UPR Info database of recommendations (upr-info.org): its workbook (.xls) or CSV',
  layout: 'a UPR Info export has the columns To (SuR in its workbook), Text (Recommendation), From (RS), Response, Issue and Session',
  matches: (header) => mapColumns(header, SPECS).missing.length === 0,
  source: (state, session) => ({
    id: 'upr-info',
    title: `UPR Info database of UPR recommendations: recommendations to ${state}, session ${session}`,
    type: 'ngo',
    publisher: 'UPR Info',
  }),
  parseTable: parseUprInfoTable,
};
