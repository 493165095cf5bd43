import type { Message } from '../diagnostics/message.js';

/** One data row of an export: where it starts (a CSV line or a worksheet row) and its cells as text. */
export interface TableRecord {
  line: number;
  fields: string[];
}

/** An export read into rows, whatever its container: CSV text or a workbook's first sheet. */
export interface Table {
  header: string[];
  records: TableRecord[];
  messages: Message[];
  /** what was detected, in words: "a CSV file, UTF-8, separated by semicolons" */
  described: string;
  /** the date the export was made, YYYY-MM-DD, when the file says it (a workbook's creation date) */
  date?: string;
}
