import { createMessage, type Message } from '../diagnostics/message.js';
import { IMPORT_LIMITS } from './limits.js';

export interface CsvRecord {
  /** line where the record starts */
  line: number;
  fields: string[];
}

interface CsvTable {
  header: string[];
  records: CsvRecord[];
  messages: Message[];
  delimiter: Delimiter;
}

export type Delimiter = ',' | ';' | '\t';
export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };


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
 * Quoted fields may hold delimiters, quotes (doubled) and line breaks; a quote inside an unquoted field is kept
 * as it is. Rows keep however many fields they have, so that the format can report a wrong count; blank lines are
 * skipped. Reading stops one row past the row limit, so an export beyond it is refused without reading it all.
 * (Written here rather than with csv-parse, which builds an error object for every row of another width: a
 * million short rows took it 35 s.)
 */
export function readCsv(text: string, file: string): CsvTable {
  const delimiter = detectDelimiter(text);
  const records: CsvRecord[] = [];
  const max = IMPORT_LIMITS.rows + 2;
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n && records.length < max) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (text[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote === -1) {
            return { header: [], records: [], messages: [createMessage(file, { line: opened, column: 1 }, 'csv-syntax', { line: opened })], delimiter };
          }
          const chunk = text.slice(i, quote);
          line += countBreaks(chunk);
          field += chunk;
          i = quote + 1;
          if (text[i] !== '"') break;
          field += '"';
          i++;
        }
      }
      let end = i;
      while (end < n && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
      field += text.slice(i, end);
      i = end;
      fields.push(field);
      field = '';
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      if (i < n) i++;
      line++;
      break;
    }
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
  }
  const [head, ...rest] = records;
  return { header: head?.fields.map((h) => h.trim()) ?? [], records: rest, messages: [], delimiter };
}

const countBreaks = (text: string) => {
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') breaks++;
    else if (text[i] === '\r') {
      breaks++;
      if (text[i + 1] === '\n') i++;
    }
  }
  return breaks;
};
