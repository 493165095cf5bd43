import { createMessage, START, type Message } from '../diagnostics/message.js';
import type { Table } from './table.js';
import type { ImportFormat } from './types.js';
import { uhri } from './uhri.js';
import { uprInfo } from './upr-info.js';

/** The export formats `npm run import -- <format> <file>` reads. Add a format here, beside its module. */
export const IMPORT_FORMATS: ReadonlyMap<string, ImportFormat> = new Map([uprInfo, uhri].map((f) => [f.name, f]));

/**
 * When the header is not the chosen format's: the format it is, if another matches; else a message naming what
 * was detected (container, encoding, delimiter) and the columns found, so that a header read wrongly shows as such.
 */
export function layoutProblem(table: Table, format: ImportFormat, file: string): { otherFormat?: ImportFormat; message?: Message } {
  if (format.matches(table.header)) return {};
  const other = [...IMPORT_FORMATS.values()].find((f) => f !== format && f.matches(table.header));
  if (other) return { otherFormat: other };
  return { message: createMessage(file, START, 'missing-column', { kind: 'layout', described: table.described, header: table.header, layout: format.layout }) };
}
