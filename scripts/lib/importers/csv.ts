import { parse } from 'csv-parse/sync';
import { createMessage, type Message } from '../diagnostics/message.js';

export interface CsvRecord {
  /** line where the record starts */
  line: number;
  fields: string[];
}

interface CsvTable {
  header: string[];
  records: CsvRecord[];
  messages: Message[];
}

const LINE_BREAK = /\r\n|\r|\n/g;
const breaksIn = (fields: readonly string[]) => fields.reduce((n, f) => n + (f.match(LINE_BREAK)?.length ?? 0), 0);

/**
 * Reads CSV whose records end in CRLF, LF or a bare CR (classic Mac exports). Rows keep however many fields
 * they have, so that the format can report a wrong count; blank lines are skipped.
 */
export function readCsv(text: string, file: string): CsvTable {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof parsed;
  } catch (cause) {
    const error = cause as { message?: string; lines?: number };
    const detail = String(error.message ?? cause).replace(/ at line \d+.*$/s, '').replace(/^[^:]*: /, '');
    return { header: [], records: [], messages: [createMessage(file, { line: error.lines ?? 1, column: 1 }, 'csv-syntax', { detail: detail.toLowerCase() })] };
  }
  const records = parsed.map(({ record, info }) => ({ line: info.lines - breaksIn(record), fields: record }));
  const [head, ...rest] = records;
  return { header: head?.fields.map((h) => h.trim()) ?? [], records: rest, messages: [] };
}
