import { createMessage, START, type Message } from '../diagnostics/message.js';
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

const fail = (message: Message, described = ''): ReadExport => ({ header: [], records: [], messages: [message], described });

/**
 * Reads an export into a table by what its bytes are, not by its name: an Excel workbook (.xls or .xlsx, even
 * when named .csv) goes to the workbook reader; text is decoded (UTF-8 with or without a byte order mark,
 * UTF-16 with or without one, windows-1252 or Mac OS Roman) and read as CSV with the header's delimiter.
 * `size` is the file's full size when `bytes` holds only its first part.
 */
export function readExport(bytes: Uint8Array, file: string, options: { encoding?: string; size?: number } = {}): ReadExport {
  const size = options.size ?? bytes.length;
  if (size > IMPORT_LIMITS.fileBytes) return fail(createMessage(file, START, 'too-large', { kind: 'export', size, limit: IMPORT_LIMITS.fileBytes }));
  const container = sniffContainer(bytes);
  if (container !== 'text') return capped(readWorkbook(bytes, file, container), file);
  const binary = knownBinary(bytes);
  if (binary) return fail(createMessage(file, START, 'unsupported-file', { kind: 'binary', what: binary }));
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
    return fail(createMessage(file, { line: over.line, column: 1 }, 'too-large', { kind: 'rows', limit: IMPORT_LIMITS.rows }), table.described);
  }
  if (table.header.length > IMPORT_LIMITS.columns) {
    return fail(createMessage(file, START, 'too-large', { kind: 'columns', columns: table.header.length, limit: IMPORT_LIMITS.columns }), table.described);
  }
  return table;
}

