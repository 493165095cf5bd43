import { CFB, read, utils, type WorkBook } from '@e965/xlsx';
import { createMessage, START } from '../diagnostics/message.js';
import { formatBytes } from '../source/limits.js';
import { IMPORT_LIMITS } from './limits.js';
import { zipUnpackedSize, type Container } from './sniff.js';
import type { Table, TableRecord } from './table.js';

/** What an OLE or ZIP container holds, by the names of its streams or entries. */
function containerKind(container: Container, paths: readonly string[]): { workbook: boolean; what: string } {
  const has = (re: RegExp) => paths.some((p) => re.test(p));
  if (container === 'ole') {
    if (has(/\/(Workbook|Book)$/i)) return { workbook: true, what: 'an Excel 97–2003 workbook (.xls, BIFF)' };
    if (has(/\/EncryptedPackage$/i)) return { workbook: false, what: 'a password-protected Office file; save it again without a password' };
    if (has(/\/WordDocument$/i)) return { workbook: false, what: 'a Word document (.doc), not a workbook' };
    if (has(/\/PowerPoint Document$/i)) return { workbook: false, what: 'a PowerPoint file (.ppt), not a workbook' };
    return { workbook: false, what: 'an OLE compound file that holds no workbook' };
  }
  if (has(/(^|\/)xl\/workbook\.xml$/i)) return { workbook: true, what: 'an Excel workbook (.xlsx)' };
  if (has(/(^|\/)word\/document\.xml$/i)) return { workbook: false, what: 'a Word document (.docx), not a workbook' };
  if (has(/(^|\/)ppt\//i)) return { workbook: false, what: 'a PowerPoint file (.pptx), not a workbook' };
  if (has(/(^|\/)content\.xml$/i)) return { workbook: false, what: 'an OpenDocument file (.ods/.odt); save it from your spreadsheet as .xlsx or CSV' };
  return { workbook: false, what: 'a ZIP archive that holds no Excel workbook' };
}

const refuse = (file: string, reason: string): Table => ({ header: [], records: [], messages: [createMessage(file, START, 'unsupported-file', reason)], described: '' });

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
      return refuse(file, `the file is a ZIP archive that would unpack to ${formatBytes(unpacked)}, more than the limit of ${formatBytes(IMPORT_LIMITS.unpackedBytes)}; export fewer rows`);
    }
  }
  let paths: string[];
  try {
    paths = (CFB.read(bytes, { type: 'buffer' }) as { FullPaths: string[] }).FullPaths;
  } catch (cause) {
    return refuse(file, `the file starts like ${container === 'ole' ? 'an Excel 97–2003 workbook' : 'a ZIP archive'} but cannot be opened (${String((cause as Error).message ?? cause)}); save it again from your spreadsheet`);
  }
  const kind = containerKind(container, paths);
  if (!kind.workbook) return refuse(file, `the file is ${kind.what}; export the recommendations as .xlsx, .xls or CSV`);
  let workbook: WorkBook;
  try {
    workbook = read(bytes, { type: 'buffer', dense: true, cellFormula: false, cellHTML: false, cellText: false, cellStyles: false, cellNF: false, bookVBA: false, sheetRows: IMPORT_LIMITS.rows + 2 });
  } catch (cause) {
    return refuse(file, `${kind.what} that cannot be read (${String((cause as Error).message ?? cause)}); save it again from your spreadsheet`);
  }
  const name = workbook.SheetNames[0];
  const sheet = name === undefined ? undefined : workbook.Sheets[name];
  if (!sheet) return refuse(file, `${kind.what} with no worksheet; export the recommendations again`);
  const rows = utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: true });
  const [head = [], ...body] = rows;
  const records: TableRecord[] = [];
  body.forEach((cells, i) => {
    const fields = cells.map(cellText);
    if (fields.some((f) => f.trim() !== '')) records.push({ line: i + 2, fields });
  });
  const date = isoDay(workbook.Props?.CreatedDate) ?? isoDay(workbook.Props?.ModifiedDate);
  const described = `${kind.what}, sheet "${name}"`;
  return { header: head.map((h) => cellText(h).trim()), records, messages: [], described, ...(date ? { date } : {}) };
}
