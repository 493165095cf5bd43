import { createMessage, type Message } from '../diagnostics/message.js';
import type { Table } from './table.js';
import type { ImportFormat } from './types.js';
import { uhri } from './uhri.js';
import { uprInfo } from './upr-info.js';

/** The export formats `npm run import -- <format> <file>` reads. Add a format here, beside its module. */
export const IMPORT_FORMATS: ReadonlyMap<string, ImportFormat> = new Map([uprInfo, uhri].map((f) => [f.name, f]));

const shown = (header: readonly string[]) => {
  const names = header.slice(0, 12).map((h) => (h === '' ? '(no name)' : h));
  return `${names.join(', ')}${header.length > 12 ? `, … (${header.length} in all)` : ''}`;
};

/**
 * When the header is not the chosen format's: the format it is, if another matches; else a message naming what
 * was detected (container, encoding, delimiter) and the columns found, so that a header read wrongly shows as such.
 */
export function layoutProblem(table: Table, format: ImportFormat, file: string): { otherFormat?: ImportFormat; message?: Message } {
  if (format.matches(table.header)) return {};
  const other = [...IMPORT_FORMATS.values()].find((f) => f !== format && f.matches(table.header));
  if (other) return { otherFormat: other };
  const columns = table.header.length === 1 ? `1 column: ${shown(table.header)}` : `${table.header.length} columns: ${shown(table.header)}`;
  const reason = `the header matches no layout this tool knows: the file was read as ${table.described}, and its first row has ${columns}; ${format.layout}. Check that this is an export of recommendations; if the columns run together, the file uses a separator other than commas, semicolons or tabs`;
  return { message: createMessage(file, { line: 1, column: 1 }, 'missing-column', reason) };
}
