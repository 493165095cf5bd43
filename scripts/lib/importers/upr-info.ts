import { createMessage, START, type Message } from '../diagnostics/message.js';
import type { RowProblem } from '../diagnostics/rules.js';
import type { RecommendationResponse } from '../review/schema.js';
import { readCsv, type CsvRecord } from './csv.js';
import type { ImportFormat, ImportedRow, ParsedExport } from './types.js';

/** The header of the UPR Info export. */
const HEADER = 'To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session';
const REQUIRED = ['To', 'Text', 'From', 'Response', 'Issue', 'Session'] as const;
const OPTIONAL = ['From-Rgrp', 'Action'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

const RESPONSES: Record<string, RecommendationResponse> = { accepted: 'supported', supported: 'supported', noted: 'noted', pending: 'pending' };

/** Issues are separated by a comma without a space: "Rights of the Child,Women's rights". */
function splitIssues(value: string): string[] {
  return [...new Set(value.split(/,(?! )/).map((i) => i.trim().replace(/\s+/g, ' ')).filter((i) => i !== ''))];
}

/** Trims stray spaces at the ends and folds runs of white space inside. */
const clean = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');

function readRow(record: CsvRecord, columns: Map<Column, number>, width: number): { row?: ImportedRow; problems: RowProblem[] } {
  if (record.fields.length !== width) return { problems: [{ kind: 'width', fields: record.fields.length, width }] };
  const get = (column: Column) => clean(columns.has(column) ? record.fields[columns.get(column)!] : undefined);
  const problems: RowProblem[] = [];
  const required = (column: Column) => {
    const value = get(column);
    if (value === '') problems.push({ kind: 'empty', column });
    return value;
  };
  const [state, text, from, rawResponse, rawIssues, rawSession] = REQUIRED.map(required);
  const response = RESPONSES[rawResponse!.toLowerCase()];
  if (rawResponse !== '' && !response) problems.push({ kind: 'value', column: 'Response', value: rawResponse!, allowed: 'Accepted, Supported, Noted or Pending' });
  if (rawSession !== '' && !/^[1-9]\d*$/.test(rawSession!)) problems.push({ kind: 'value', column: 'Session', value: rawSession!, allowed: 'a whole number' });
  const rawAction = get('Action');
  if (rawAction !== '' && !/^[1-5]$/.test(rawAction)) problems.push({ kind: 'value', column: 'Action', value: rawAction, allowed: '1 to 5, or leave it empty' });
  const issues = splitIssues(rawIssues!);
  if (problems.length > 0) return { problems };
  const fromGroup = get('From-Rgrp');
  const row: ImportedRow = { line: record.line, state: state!, session: Number(rawSession), text: text!, from: from!, response: response!, issues };
  if (fromGroup !== '') row.fromGroup = fromGroup;
  if (rawAction !== '') row.action = Number(rawAction);
  return { row, problems };
}

/** Parses the text of a UPR Info export into rows; malformed rows are reported with their line and skipped. */
export function parseUprInfo(text: string, file: string): ParsedExport {
  const table = readCsv(text, file);
  if (table.messages.length > 0) return { rows: [], messages: table.messages, skipped: 0 };
  const index = new Map(table.header.map((name, i) => [name.toLowerCase(), i]));
  const columns = new Map<Column, number>();
  for (const column of [...REQUIRED, ...OPTIONAL]) if (index.has(column.toLowerCase())) columns.set(column, index.get(column.toLowerCase())!);
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    return { rows: [], messages: [createMessage(file, START, 'missing-column', { columns: missing, format: 'UPR Info', header: HEADER })], skipped: 0 };
  }
  const rows: ImportedRow[] = [];
  const messages: Message[] = [];
  for (const record of table.records) {
    const { row, problems } = readRow(record, columns, table.header.length);
    if (row) rows.push(row);
    else messages.push(createMessage(file, { line: record.line, column: 1 }, 'malformed-row', { problems }));
  }
  return { rows, messages, skipped: messages.length };
}

export const uprInfo: ImportFormat = {
  name: 'upr-info',
  description: 'a CSV export of the UPR Info database of recommendations (upr-info.org)',
  source: (state, session) => ({
    id: 'upr-info',
    title: `UPR Info database of UPR recommendations: recommendations to ${state}, session ${session}`,
    type: 'ngo',
    publisher: 'UPR Info',
  }),
  parse: parseUprInfo,
};
