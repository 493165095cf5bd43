import { createMessage, START, type Message } from '../diagnostics/message.js';
import type { RowProblem } from '../diagnostics/rules.js';
import { columnMessages, mapColumns, type ColumnSpec } from './columns.js';
import type { Table, TableRecord } from './table.js';
import type { ImportedRow, ParsedExport } from './types.js';

/** What a format makes of one record: rows (UHRI's may concern several states), problems, or a row it leaves out on purpose. */
export interface RecordResult {
  rows?: ImportedRow[];
  problems: RowProblem[];
  leftOut?: boolean;
}

export interface Layout<F extends string> {
  specs: readonly ColumnSpec<F>[];
  /** how the export names a field, for messages */
  title: (field: F) => string;
  /** the format's name, as the message for missing columns asks whether the file is one of its exports */
  format: string;
  /** what the format's header is, said after the missing columns */
  header: string;
  /** why rows are left out on purpose, when the format leaves any out */
  leftOutWhy?: string;
}

/**
 * The shared part of every format: map the header, refuse a header without the needed columns, note the columns
 * it ignores, and read each record, reporting a malformed one with its line and skipping it.
 */
export function parseRecords<F extends string>(table: Table, file: string, layout: Layout<F>, read: (record: TableRecord, index: Map<F, number>, width: number) => RecordResult): ParsedExport {
  if (table.messages.length > 0) return { rows: [], messages: table.messages, skipped: 0 };
  const columns = mapColumns(table.header, layout.specs);
  if (columns.missing.length > 0) {
    const params = { kind: 'columns', columns: columns.missing.map(layout.title), format: layout.format, layout: layout.header } as const;
    return { rows: [], messages: [createMessage(file, START, 'missing-column', params)], skipped: 0 };
  }
  const notes = columnMessages(file, columns, layout.title);
  if (columns.duplicates.length > 0) return { rows: [], messages: notes, skipped: 0 };
  const rows: ImportedRow[] = [];
  const messages: Message[] = [...notes];
  let skipped = 0;
  let leftOut = 0;
  for (const record of table.records) {
    const result = read(record, columns.index, table.header.length);
    if (result.leftOut) leftOut++;
    else if (result.rows) rows.push(...result.rows);
    else {
      skipped++;
      messages.push(createMessage(file, { line: record.line, column: 1 }, 'malformed-row', { problems: result.problems }));
    }
  }
  return { rows, messages, skipped, ...(leftOut > 0 && layout.leftOutWhy ? { leftOut: { count: leftOut, why: layout.leftOutWhy } } : {}) };
}
