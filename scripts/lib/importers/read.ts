import { createMessage } from '../diagnostics/message.js';
import { formatBytes } from '../source/limits.js';
import { DELIMITER_NAMES, readCsv } from './csv.js';
import { decodeImport } from './decode.js';
import { IMPORT_LIMITS } from './limits.js';
import { knownBinary, sniffContainer } from './sniff.js';
import type { Table } from './table.js';
import { readWorkbook } from './workbook.js';

export interface ReadExport extends Table {
  /** the encoding was guessed (not UTF-8, no --encoding): the importer says which it used */
  guessedEncoding?: string;
}

const fail = (file: string, rule: 'too-large' | 'unsupported-file', reason: string, line = 1): ReadExport => ({ header: [], records: [], messages: [createMessage(file, { line, column: 1 }, rule, reason)], described: '' });

const count = (n: number) => n.toLocaleString('en-GB');

/**
 * Reads an export into a table by what its bytes are, not by its name: an Excel workbook (.xls or .xlsx, even
 * when named .csv) goes to the workbook reader; text is decoded (UTF-8 with or without a byte order mark,
 * UTF-16 with or without one, windows-1252 or Mac OS Roman) and read as CSV with the header's delimiter.
 * `size` is the file's full size when `bytes` holds only its first part.
 */
export function readExport(bytes: Uint8Array, file: string, options: { encoding?: string; size?: number } = {}): ReadExport {
  const size = options.size ?? bytes.length;
  if (size > IMPORT_LIMITS.fileBytes) return fail(file, 'too-large', `the file is ${formatBytes(size)}, more than the limit of ${formatBytes(IMPORT_LIMITS.fileBytes)} for one export; export one state or one session at a time`);
  const container = sniffContainer(bytes);
  if (container !== 'text') return capped(readWorkbook(bytes, file, container), file);
  const binary = knownBinary(bytes);
  if (binary) return fail(file, 'unsupported-file', `the file is ${binary}, not an export; export the recommendations as .xlsx, .xls or CSV`);
  const decoded = decodeImport(file, bytes, options.encoding);
  if (decoded.text === undefined) return { header: [], records: [], messages: decoded.messages, described: '' };
  const csv = readCsv(decoded.text, file);
  const encoding = `${decoded.encoding}${decoded.encoding?.startsWith('utf-') ? (decoded.bom ? ' with a byte order mark' : ' without a byte order mark') : ''}`;
  const described = `a CSV file in ${encoding}, separated by ${DELIMITER_NAMES[csv.delimiter]}`;
  const table: ReadExport = { header: csv.header, records: csv.records, messages: csv.messages, described };
  if (decoded.detected && decoded.encoding !== 'utf-8') table.guessedEncoding = decoded.encoding;
  return capped(table, file);
}

/** Refuses a table past the row or column limit: importing part of an export would lose recommendations without a trace. */
function capped(table: ReadExport, file: string): ReadExport {
  if (table.records.length > IMPORT_LIMITS.rows) {
    const over = table.records[IMPORT_LIMITS.rows]!;
    return { ...fail(file, 'too-large', `the export has more than ${count(IMPORT_LIMITS.rows)} rows, the limit of one import; nothing was imported: export one state, session or cycle at a time`, over.line), described: table.described };
  }
  if (table.header.length > IMPORT_LIMITS.columns) {
    return { ...fail(file, 'too-large', `the header has ${count(table.header.length)} columns, more than the limit of ${IMPORT_LIMITS.columns}; is this an export of recommendations?`), described: table.described };
  }
  return table;
}

