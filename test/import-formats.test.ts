import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CFB, utils, write } from '@e965/xlsx';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runArgs } from '../scripts/import.js';
import { readExport } from '../scripts/lib/importers/read.js';
import { excelDate, splitParagraph, splitValues } from '../scripts/lib/importers/uhri.js';
import { capture } from './helpers/capture.js';
import { ROOT, tempDir } from './helpers/project.js';

const IMPORTS = join(ROOT, 'test/imports');
const DEMO = join(IMPORTS, 'demo.csv');
const UHRI = join(IMPORTS, 'uhri.csv');

interface Rec {
  id: string;
  text: string;
  from: string;
  from_group?: string;
  response: string;
  themes: string[];
  action?: number;
  paragraph?: string;
  document?: string;
  affected_persons?: string[];
  sdgs?: string[];
  position?: string;
}
interface Review {
  id: string;
  state: string;
  iso?: string;
  session: number;
  as_of: string;
  review_date?: string;
  recommendations: Rec[];
}

/** Runs `npm run import` in-process; paths under `dir` print as <dir>. */
async function importInto(dir: string, args: string[]) {
  const result = await capture(() => runArgs(args));
  const shown = relative(ROOT, dir);
  const clean = (text: string) => text.split(shown).join('<dir>');
  return { code: result.code, stdout: clean(result.stdout), stderr: clean(result.stderr) };
}

const readReview = async (path: string) => parseYaml(await readFile(path, 'utf8')) as Review;

async function reviewsIn(dir: string): Promise<Record<string, Review>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readReview(join(dir, n))] as const)));
}

const demoRows = async () => parseCsv(await readFile(DEMO, 'utf8')) as string[][];

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const units = [...(bom ? [0xfeff] : []), ...Array.from(text, (c) => c.charCodeAt(0))];
  units.forEach((u, i) => {
    bytes[2 * i + (endian === 'le' ? 0 : 1)] = u & 0xff;
    bytes[2 * i + (endian === 'le' ? 1 : 0)] = u >> 8;
  });
  return bytes;
}

const toCsv = (rows: readonly string[][], delimiter: string, eol = '\r\n') =>
  rows.map((r) => r.map((f) => (f.includes(delimiter) || f.includes('"') || /[\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter)).join(eol) + eol;

const workbook = (rows: readonly (string | number)[][], bookType: 'xlsx' | 'xls') => {
  const book = utils.book_new();
  utils.book_append_sheet(book, utils.aoa_to_sheet(rows as (string | number)[][]), 'Export');
  return new Uint8Array(write(book, { type: 'buffer', bookType }) as Buffer);
};

describe('formats detected by content', () => {
  it('imports a semicolon CSV in windows-1252, as Excel saves it in a French locale, into the same review as the comma CSV', async () => {
    const dir = await tempDir('upr-fmt-');
    const rows = await demoRows();
    const file = join(dir, 'export.csv');
    const latin = toCsv(rows, ';');
    await writeFile(file, Buffer.from(Array.from(latin, (c) => (c === 'ô' ? 0xf4 : c.charCodeAt(0)))));
    const semicolons = await importInto(dir, ['upr-info', file, '--all', '--out', join(dir, 'a')]);
    expect(semicolons.code).toBe(0);
    expect(semicolons.stdout).toContain('<dir>/export.csv is not UTF-8; read it as windows-1252 (detected; --encoding <label> overrides)');
    await importInto(dir, ['upr-info', DEMO, '--all', '--out', join(dir, 'b')]);
    const [a, b] = [await reviewsIn(join(dir, 'a')), await reviewsIn(join(dir, 'b'))];
    expect(Object.keys(a)).toEqual(['demoland-upr7.yaml', 'otherland-upr8.yaml']);
    expect(a).toEqual(b);
  });

  it('imports tab-separated UTF-16 without a byte order mark ("Unicode text"), and UTF-16BE with one', async () => {
    const dir = await tempDir('upr-fmt-');
    const rows = await demoRows();
    await writeFile(join(dir, 'le.txt'), utf16(toCsv(rows, '\t'), 'le', false));
    await writeFile(join(dir, 'be.txt'), utf16(toCsv(rows, '\t'), 'be', true));
    await importInto(dir, ['upr-info', DEMO, '--all', '--out', join(dir, 'csv')]);
    for (const name of ['le', 'be']) {
      const result = await importInto(dir, ['upr-info', join(dir, `${name}.txt`), '--all', '--out', join(dir, name)]);
      expect(result.code).toBe(0);
      expect(await reviewsIn(join(dir, name))).toEqual(await reviewsIn(join(dir, 'csv')));
    }
    expect(readExport(utf16(toCsv(rows, '\t'), 'le', false), 'x').described).toBe('a CSV file in utf-16le without a byte order mark, separated by tabs');
  });

  it('maps renamed and reordered columns by their aliases, and ignores an unknown column with a note', async () => {
    const dir = await tempDir('upr-fmt-');
    const [header, ...body] = await demoRows();
    const order = [9, 3, 0, 4, 5, 7, 10, 8];
    const renamed: Record<string, string> = { To: 'SuR', Text: 'Recommendation', From: 'RS', 'From-Rgrp': 'RS-Rgrp' };
    const rows = [[...order.map((i) => renamed[header![i]!] ?? header![i]!), 'Notes'], ...body.map((r) => [...order.map((i) => r[i]!), 'checked'])];
    await writeFile(join(dir, 'reordered.csv'), toCsv(rows, ','));
    const result = await importInto(dir, ['upr-info', join(dir, 'reordered.csv'), '--state', 'Demoland', '--out', join(dir, 'r')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      [
        '',
        '<dir>/reordered.csv:1:1  warning  column 9 "Notes" is not one this format reads; its values are ignored  unknown-column',
        '<dir>/reordered.csv:2:1  warning  "Demoland" is not in the table of UN member and observer states (scripts/lib/review/states.ts), so its review has no iso and its id comes from the name; if it is a state under another name, add the name to the table  unknown-state',
        '',
        '0 errors, 2 warnings',
      ].join('\n'),
    );
    await importInto(dir, ['upr-info', DEMO, '--state', 'Demoland', '--out', join(dir, 'd')]);
    const [r, d] = [await readReview(join(dir, 'r/demoland-upr7.yaml')), await readReview(join(dir, 'd/demoland-upr7.yaml'))];
    expect(r.recommendations).toEqual(d.recommendations);
  });

  it('imports an Excel workbook whatever its name says (.xlsx and .xls renamed .csv)', async () => {
    const dir = await tempDir('upr-fmt-');
    const [header, ...body] = await demoRows();
    const cells = [header!, ...body.map((r) => r.map((v, i) => ((i === 8 || i === 10) && v !== '' ? Number(v) : v)))];
    await writeFile(join(dir, 'really-xlsx.csv'), workbook(cells, 'xlsx'));
    await writeFile(join(dir, 'really-xls.csv'), workbook(cells, 'xls'));
    await importInto(dir, ['upr-info', DEMO, '--all', '--out', join(dir, 'csv')]);
    for (const name of ['really-xlsx', 'really-xls']) {
      const result = await importInto(dir, ['upr-info', join(dir, `${name}.csv`), '--all', '--out', join(dir, name)]);
      expect(result.code).toBe(0);
      expect(await reviewsIn(join(dir, name))).toEqual(await reviewsIn(join(dir, 'csv')));
    }
    expect(readExport(workbook(cells, 'xlsx'), 'x').described).toBe('an Excel workbook (.xlsx), sheet "Export"');
  });

  it('says what a file is when it is no export: a Word document, a PDF, an encrypted container', async () => {
    const dir = await tempDir('upr-fmt-');
    const docx = CFB.utils.cfb_new();
    CFB.utils.cfb_add(docx, 'word/document.xml', Buffer.from('<w:document/>'));
    await writeFile(join(dir, 'letter.csv'), CFB.write(docx, { fileType: 'zip', type: 'buffer' }) as Buffer);
    await writeFile(join(dir, 'report.csv'), '%PDF-1.7\n%âãÏÓ\n');
    const results = [await importInto(dir, ['upr-info', join(dir, 'letter.csv'), '--all']), await importInto(dir, ['upr-info', join(dir, 'report.csv'), '--all'])];
    expect(results.map((r) => r.code)).toEqual([1, 1]);
    expect(results[1]!.stderr).toBe('<dir>/report.csv:1:1  error  the file is a PDF document, not an export; export the recommendations as .xlsx, .xls or CSV  unsupported-file\n\n1 error, 0 warnings');
    expect(results[0]!.stderr).toBe('<dir>/letter.csv:1:1  error  the file is a Word document (.docx), not a workbook; export the recommendations as .xlsx, .xls or CSV  unsupported-file\n\n1 error, 0 warnings');
  });

  it('names what it detected when the header matches no layout', async () => {
    const dir = await tempDir('upr-fmt-');
    await writeFile(join(dir, 'pipes.csv'), 'To|Text|From|Response|Issue|Session\r\nX|Y|Z|Noted|I|7\r\n');
    const result = await importInto(dir, ['upr-info', join(dir, 'pipes.csv'), '--all']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      '<dir>/pipes.csv:1:1  error  the header matches no layout this tool knows: the file was read as a CSV file in utf-8 without a byte order mark, separated by commas, and its first row has 1 column: To|Text|From|Response|Issue|Session; a UPR Info export has the columns To (SuR in its workbook), Text (Recommendation), From (RS), Response, Issue and Session. Check that this is an export of recommendations; if the columns run together, the file uses a separator other than commas, semicolons or tabs  missing-column\n\n1 error, 0 warnings',
    );
  });

  it('sends a UHRI export named as UPR Info to the right format', async () => {
    const result = await importInto(IMPORTS, ['upr-info', UHRI, '--all']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`<dir>/uhri.csv is a CSV file in utf-8 with a byte order mark, separated by commas with the columns of a UHRI export, not upr-info; import it with: npm run import -- uhri ${UHRI.split(relative(ROOT, IMPORTS)).join('<dir>')}`);
  });
});

describe('the Universal Human Rights Index (UHRI) export', () => {
  it('reads its cells: one value per line with "- ", Excel serial dates, the paragraph number first', () => {
    expect(splitValues('- France\n- Italy\n- France')).toEqual(['France', 'Italy']);
    expect(splitValues('Senegal')).toEqual(['Senegal']);
    expect([excelDate('41827'), excelDate('44000'), excelDate('2014-07-07'), excelDate('7 July')]).toEqual(['2014-07-07', '2020-06-18', '2014-07-07', undefined]);
    expect(splitParagraph('137.197 Improve access')).toEqual({ paragraph: '137.197', text: 'Improve access' });
    expect(splitParagraph('Improve access')).toEqual({ text: 'Improve access' });
  });

  it('imports the UPR recommendations of the fixture with every quirk, from CSV and from .xlsx alike', async () => {
    const dir = await tempDir('upr-uhri-');
    const csv = await importInto(dir, ['uhri', UHRI, '--all', '--out', join(dir, 'csv')]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(['✓ ci-upr19  <dir>/csv/ci-upr19.yaml  created: 4 recommendations, 6 themes', '✓ kz-upr34  <dir>/csv/kz-upr34.yaml  created: 1 recommendation, 1 theme'].join('\n'));
    expect(csv.stderr).toBe('2 rows of test/imports/uhri.csv are not UPR recommendations (other bodies, or concerns and observations), and were left out');
    const review = await readReview(join(dir, 'csv/ci-upr19.yaml'));
    expect(review).toMatchObject({ id: 'ci-upr19', state: "Côte d'Ivoire", iso: 'CI', session: 19, review_date: '2014-04-28', as_of: '2020-10-19' });
    expect(review.recommendations.map((r) => [r.id, r.paragraph, r.response, r.position, r.from])).toEqual([
      ['uhri-a1b2c3d4-0001', '127.1', 'supported', undefined, 'Denmark'],
      ['uhri-a1b2c3d4-0002', '127.2', 'noted', 'Supported/Noted', 'France, Italy'],
      ['uhri-a1b2c3d4-0003', '127.3', 'noted', undefined, 'Norway'],
      ['uhri-a1b2c3d4-0004', '127.4', 'pending', undefined, 'Senegal'],
    ]);
    expect(review.recommendations[2]!.text).toBe('Adopt a law that protects human rights defenders, and train the police in it');
    expect(review.recommendations[3]).toMatchObject({ document: 'A/HRC/27/6', affected_persons: ['Girls', 'Persons living in rural areas'], sdgs: ['4 - Quality education', '5 - Gender equality'], from_group: 'African States' });

    const [header, ...body] = parseCsv((await readFile(UHRI, 'utf8')).replace(/^\uFEFF/, '')) as string[][];
    const dates = new Set([7, 15]);
    const cells = [header!.map((h) => h.replace('Reccomending', 'Recommending')), ...body.map((r) => r.map((v, i) => (dates.has(i) && v !== '' ? Number(v) : v)))];
    await writeFile(join(dir, 'uhri.xlsx'), workbook(cells, 'xlsx'));
    const xlsx = await importInto(dir, ['uhri', join(dir, 'uhri.xlsx'), '--all', '--out', join(dir, 'xlsx')]);
    expect(xlsx.code).toBe(0);
    expect(await reviewsIn(join(dir, 'xlsx'))).toEqual(await reviewsIn(join(dir, 'csv')));
  });
});

describe('into the right review', () => {
  it('updates an existing review of the same state and session whatever its file name, and --into names one', async () => {
    const dir = await tempDir('upr-into-');
    await mkdir(join(dir, 'reviews'));
    await importInto(dir, ['upr-info', DEMO, '--all', '--out', join(dir, 'reviews')]);
    const text = await readFile(join(dir, 'reviews/demoland-upr7.yaml'), 'utf8');
    await writeFile(join(dir, 'reviews/my-own-name.yaml'), text.replace('id: demoland-upr7', 'id: my-demoland'));
    await writeFile(join(dir, 'reviews/demoland-upr7.yaml'), '');
    const { rm } = await import('node:fs/promises');
    await rm(join(dir, 'reviews/demoland-upr7.yaml'));
    const again = await importInto(dir, ['upr-info', DEMO, '--state', 'Demoland', '--out', join(dir, 'reviews')]);
    expect(again.stdout).toBe('✓ my-demoland  <dir>/reviews/my-own-name.yaml  updated: 0 added, 0 removed, 0 changed (4 recommendations); themes: 0 added, 0 removed');
    expect((await readdir(join(dir, 'reviews'))).sort()).toEqual(['my-own-name.yaml', 'otherland-upr8.yaml']);

    await writeFile(join(dir, 'elsewhere.yaml'), text.replace('id: demoland-upr7', 'id: kept'));
    const into = await importInto(dir, ['upr-info', DEMO, '--state', 'demoland', '--into', join(dir, 'elsewhere.yaml')]);
    expect(into.stdout).toBe('✓ kept  <dir>/elsewhere.yaml  updated: 0 added, 0 removed, 0 changed (4 recommendations); themes: 0 added, 0 removed');
    const wrong = await importInto(dir, ['upr-info', DEMO, '--state', 'Otherland', '--into', join(dir, 'elsewhere.yaml')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe('<dir>/elsewhere.yaml is a review of demoland at session 7, not of Otherland at session 8; import into a review of that state and session (npm run new makes one)');
  });
});

describe('states by identity', () => {
  const exportOf = (names: string[]) => toCsv([['To', 'Text', 'From', 'Response', 'Issue', 'Session'], ...names.map((n, i) => [n, `Recommendation ${i}`, 'Norway', 'Supported', 'Justice', '7'])], ',');

  it('gives states in non-Latin scripts their own transliterated ids, never "x", and notes they are not in the table', async () => {
    const dir = await tempDir('upr-states-');
    await writeFile(join(dir, 'scripts.csv'), exportOf(['日本', 'Ελλάδα', 'Ελλάδα']));
    const result = await importInto(dir, ['upr-info', join(dir, 'scripts.csv'), '--all', '--out', join(dir, 'out')]);
    expect(result.code).toBe(0);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['ellada-upr7.yaml', 'riben-upr7.yaml']);
    expect(result.stderr.split('\n').slice(1, 3)).toEqual([
      '<dir>/scripts.csv:2:1  warning  "日本" is not in the table of UN member and observer states (scripts/lib/review/states.ts), so its review has no iso and its id comes from the name; if it is a state under another name, add the name to the table  unknown-state',
      '<dir>/scripts.csv:3:1  warning  "Ελλάδα" is not in the table of UN member and observer states (scripts/lib/review/states.ts), so its review has no iso and its id comes from the name; if it is a state under another name, add the name to the table  unknown-state',
    ]);
  });

  it('never gives two states one id, even when their slugs would be the same', async () => {
    const dir = await tempDir('upr-states-');
    const long = 'The Very Long Name of a Territory That Is Not in the Table of States';
    await writeFile(join(dir, 'long.csv'), exportOf([`${long} One`, `${long} Two`]));
    const result = await importInto(dir, ['upr-info', join(dir, 'long.csv'), '--all', '--out', join(dir, 'out')]);
    expect(result.code).toBe(0);
    const ids = Object.values(await reviewsIn(join(dir, 'out'))).map((r) => r.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id) => id.length <= 64 && /^[a-z0-9][a-z0-9-]*-upr7$/.test(id))).toBe(true);
  });

  it('finds a state by its name with or without accents, an alias or its ISO code, and suggests names for a near miss', async () => {
    const dir = await tempDir('upr-states-');
    await writeFile(join(dir, 'ci.csv'), exportOf(["Cote d'Ivoire", 'Bosnia & Herzegovina']));
    for (const [i, wanted] of ["Côte d'Ivoire", 'CÔTE D’IVOIRE', 'Ivory Coast', 'ci'].entries()) {
      const result = await importInto(dir, ['upr-info', join(dir, 'ci.csv'), '--state', wanted, '--out', join(dir, `o${i}`)]);
      expect(result.stdout).toBe(`✓ ci-upr7  <dir>/o${i}/ci-upr7.yaml  created: 1 recommendation, 1 theme`);
    }
    expect((await readReview(join(dir, 'o0/ci-upr7.yaml'))).state).toBe("Côte d'Ivoire");
    const miss = await importInto(dir, ['upr-info', join(dir, 'ci.csv'), '--state', 'Ivory Cost']);
    expect(miss.code).toBe(2);
    expect(miss.stderr.split('\n')[0]).toBe('no state is called "Ivory Cost" in <dir>/ci.csv or in the table of states; did you mean "Ivory Coast"?');
    const absent = await importInto(dir, ['upr-info', join(dir, 'ci.csv'), '--state', 'Japan']);
    expect(absent.stderr.split('\n')[0]).toBe("<dir>/ci.csv holds no rows for Japan (JP); states in it: Cote d'Ivoire, Bosnia & Herzegovina");
  });
});
