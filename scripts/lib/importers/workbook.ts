import { CFB, read, utils, type WorkBook } from '@e965/xlsx';
import { createMessage, START } from '../diagnostics/message.js';
import type { FileKind, RuleArgs } from '../diagnostics/rules.js';
import { IMPORT_LIMITS } from './limits.js';
import { zipUnpackedSize, type Container } from './sniff.js';
import type { Table, TableRecord } from './table.js';

/** What an OLE or ZIP container holds, by the names of its streams or entries. */
function containerKind(container: Container, paths: readonly string[]): { workbook: string } | { other: FileKind } {
  const has = (re: RegExp) => paths.some((p) => re.test(p));
  if (container === 'ole') {
    if (has(/\/(Workbook|Book)$/i)) return { workbook: 'an Excel 97–2003 workbook (.xls, BIFF)' };
    if (has(/\/EncryptedPackage$/i)) return { other: 'encrypted' };
    if (has(/\/WordDocument$/i)) return { other: 'doc' };
    if (has(/\/PowerPoint Document$/i)) return { other: 'ppt' };
    return { other: 'ole' };
  }
  if (has(/(^|\/)xl\/workbook\.xml$/i)) return { workbook: 'an Excel workbook (.xlsx)' };
  if (has(/(^|\/)word\/document\.xml$/i)) return { other: 'docx' };
  if (has(/(^|\/)ppt\//i)) return { other: 'pptx' };
  if (has(/(^|\/)content\.xml$/i)) return { other: 'opendocument' };
  return { other: 'zip' };
}

const refuse = (file: string, ...params: RuleArgs<'unsupported-file'>): Table => ({ header: [], records: [], messages: [createMessage(file, START, 'unsupported-file', ...params)], described: '' });
const detailOf = (cause: unknown) => String((cause as Error).message ?? cause);

const cellText = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

const isoDay = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value instanceof Date ? value.toISOString().slice(0, 10) : undefined);

/**
 * Reads the first sheet of an Excel workbook (.xls or .xlsx) with SheetJS, as text cells. Only containers that
 * hold a workbook are handed to it; formulas, styles and HTML are not read, a ZIP that would unpack beyond the
 * limit is refused before it is unpacked, and at most the row limit plus one row is read.
 */
export function readWorkbook(bytes: Uint8Array, file: string, container: Exclude<Container, 'text'>): Table {
  if (container === 'zip') {
    const unpacked = zipUnpackedSize(bytes);
    if (unpacked !== undefined && unpacked > IMPORT_LIMITS.unpackedBytes) {
      return refuse(file, { kind: 'unpacked', size: unpacked, limit: IMPORT_LIMITS.unpackedBytes });
    }
  }
  let paths: string[];
  try {
    paths = (CFB.read(bytes, { type: 'buffer' }) as { FullPaths: string[] }).FullPaths;
  } catch (cause) {
    return refuse(file, { kind: 'unopenable', container, detail: detailOf(cause) });
  }
  const kind = containerKind(container, paths);
  if ('other' in kind) return refuse(file, { kind: 'not-workbook', file: kind.other });
  let workbook: WorkBook;
  try {
    workbook = read(bytes, { type: 'buffer', dense: true, cellFormula: false, cellHTML: false, cellText: false, cellStyles: false, cellNF: false, bookVBA: false, sheetRows: IMPORT_LIMITS.rows + 2 });
  } catch (cause) {
    return refuse(file, { kind: 'unreadable', workbook: kind.workbook, detail: detailOf(cause) });
  }
  const name = workbook.SheetNames[0];
  const sheet = name === undefined ? undefined : workbook.Sheets[name];
  if (!sheet) return refuse(file, { kind: 'no-sheet', workbook: kind.workbook });
  const rows = utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: true });
  const [head = [], ...body] = rows;
  const records: TableRecord[] = [];
  body.forEach((cells, i) => {
    const fields = cells.map(cellText);
    if (fields.some((f) => f.trim() !== '')) records.push({ line: i + 2, fields });
  });
  const date = isoDay(workbook.Props?.CreatedDate) ?? isoDay(workbook.Props?.ModifiedDate);
  const described = `${kind.workbook}, sheet "${name}"`;
  return { header: head.map((h) => cellText(h).trim()), records, messages: [], described, ...(date ? { date } : {}) };
}
