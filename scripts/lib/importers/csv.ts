import { parse } from 'csv-parse/sync';
import { createMessage, type Message } from '../diagnostics/message.js';
import { IMPORT_LIMITS } from './limits.js';

export interface CsvRecord {
  /** line where the record starts */
  line: number;
  fields: string[];
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
  messages: Message[];
  delimiter: Delimiter;
}

export type Delimiter = ',' | ';' | '\t';
export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };

const LINE_BREAK = /\r\n|\r|\n/g;
const breaksIn = (fields: readonly string[]) => fields.reduce((n, f) => n + (f.match(LINE_BREAK)?.length ?? 0), 0);

/**
 * The delimiter of the header line: whichever of comma, semicolon and tab it holds most often outside quotes
 * (Excel writes semicolons in French or German locales and tabs as "Unicode text"); a comma when it holds none.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c as Delimiter]++;
  }
  return (Object.keys(counts) as Delimiter[]).reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
}

/**
 * Reads CSV whose records end in CRLF, LF or a bare CR (classic Mac exports), with the delimiter its header uses.
 * Rows keep however many fields they have, so that the format can report a wrong count; blank lines are skipped.
 * At most the row limit plus one row is read, so an export past the limit is refused without reading it all.
 */
export function readCsv(text: string, file: string): CsvTable {
  const delimiter = detectDelimiter(text);
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { delimiter, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, info: true, to: IMPORT_LIMITS.rows + 2 }) as unknown as typeof parsed;
  } catch (cause) {
    const error = cause as { message?: string; lines?: number };
    const detail = String(error.message ?? cause).replace(/ at line \d+.*$/s, '').replace(/^[^:]*: /, '');
    const reason = `the file cannot be read as CSV: ${detail.toLowerCase()}; check for a quote that is never closed, fix the export, and import again`;
    return { header: [], records: [], messages: [createMessage(file, { line: error.lines ?? 1, column: 1 }, 'csv-syntax', reason)], delimiter };
  }
  const records = parsed.map(({ record, info }) => ({ line: info.lines - breaksIn(record), fields: record }));
  const [head, ...rest] = records;
  return { header: head?.fields.map((h) => h.trim()) ?? [], records: rest, messages: [], delimiter };
}
