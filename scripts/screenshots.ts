#!/usr/bin/env -S npx tsx
/**
 * `npm run screenshots`: every page of the sample briefings and of one large imported review (Cuba, session 16,
 * from ../shared/upr-info) as PNG in out/screenshots/<id>/, to look at; and the README's images in docs/: the
 * cover, a follow-on page of a long table (the theme's name repeated at its top) and the recommendations.
 * Pages are found from the PDFs' own bookmarks and text, so the images follow the templates. Needs pdftoppm.
 */
import { $ } from 'zx';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = join(ROOT, 'docs');
const SHOTS = join(ROOT, 'out/screenshots');
const CUBA = { file: join(ROOT, '../shared/upr-info/upr-info-sessions-14-17.csv'), state: 'CU', session: '16', id: 'cu-upr16' };

type Pdf = Awaited<ReturnType<typeof getDocument>['promise']>;
interface Outline {
  title: string;
  dest: unknown;
  items: Outline[];
}

async function open(path: string): Promise<Pdf> {
  return getDocument({ data: new Uint8Array(await readFile(path)), verbosity: 0 }).promise;
}

async function destinationPage(pdf: Pdf, item: Outline | undefined, what: string): Promise<number> {
  if (!item || !Array.isArray(item.dest)) throw new Error(`the briefing has no ${what} bookmark`);
  return (await pdf.getPageIndex(item.dest[0])) + 1;
}

/** The page (1-based) a top-level bookmark points at. */
async function bookmarkPage(pdf: Pdf, title: string): Promise<number> {
  return destinationPage(pdf, ((await pdf.getOutline()) as Outline[]).find((o) => o.title === title), `"${title}"`);
}

/** The page where the recommendations annex's entries begin: its first theme, after the counts. */
async function recommendationsPage(pdf: Pdf): Promise<number> {
  const annex = ((await pdf.getOutline()) as Outline[]).find((o) => o.title === 'Annex: the recommendations');
  return destinationPage(pdf, annex?.items.find((i) => !/^(Counts by|Index by)/.test(i.title)), 'annex theme');
}

/** The text lines of a page, top to bottom. */
async function lines(pdf: Pdf, n: number): Promise<string[]> {
  const byY = new Map<number, string[]>();
  for (const item of (await (await pdf.getPage(n)).getTextContent()).items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const y = Math.round(item.transform[5] as number);
    byY.set(y, [...(byY.get(y) ?? []), item.str]);
  }
  return [...byY.entries()].sort(([a], [b]) => b - a).map(([, parts]) => parts.join(' ').replace(/\s+/g, ' ').trim());
}

/** The first page after the side-by-side section's own that continues a theme's table: its name, then the column headers. */
async function followOnPage(pdf: Pdf): Promise<number> {
  const [from, to] = [await bookmarkPage(pdf, 'Stated reforms and observed gaps'), await bookmarkPage(pdf, 'Claims by theme')];
  for (let n = from + 1; n < to; n++) if (/^(Supported recommendations )?Stated reforms Observed gaps$/.test((await lines(pdf, n))[2] ?? '')) return n;
  throw new Error('no side-by-side table runs onto a second page');
}

async function build(data: string, out: string): Promise<void> {
  await $`node ${join(ROOT, 'scripts/run.mjs')} build --data ${data} --out ${out} --force`;
}

/** Every page of a briefing as out/screenshots/<id>/page-NN.png, at 60 dpi. */
async function allPages(pdf: string, id: string): Promise<void> {
  const dir = join(SHOTS, id);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await $`pdftoppm -png -r 60 ${pdf} ${join(dir, 'page')}`;
  console.log(`out/screenshots/${id}/  every page`);
}

async function shoot(pdf: string, page: number, name: string): Promise<void> {
  await $`pdftoppm -png -r 90 -f ${page} -l ${page} -singlefile ${pdf} ${join(DOCS, name)}`;
  console.log(`docs/${name}.png  page ${page} of ${pdf.split("/").at(-2)}`);
}

async function main(): Promise<void> {
  $.verbose = false;
  if ((await $`command -v pdftoppm`.nothrow()).exitCode !== 0) {
    console.error('pdftoppm is not installed; apt-get install poppler-utils');
    process.exitCode = 2;
    return;
  }
  const work = await mkdtemp(join(tmpdir(), 'upr-screenshots-'));
  try {
    const out = join(work, 'out');
    await build(join(ROOT, 'data/reviews'), out);
    const samples = ['kz-upr48', 'cz-upr14'];
    if (existsSync(CUBA.file)) {
      const data = join(work, 'imported');
      await $`node ${join(ROOT, 'scripts/run.mjs')} import upr-info ${CUBA.file} --state ${CUBA.state} --session ${CUBA.session} --out ${data}`;
      await build(data, out);
    } else {
      console.log(`${CUBA.file.replace(`${ROOT}`, '')} is absent: no imported review, so no docs/briefing-recommendations.png`);
    }
    const pdf = (id: string) => join(out, id, 'briefing.pdf');
    for (const id of [...samples, ...(existsSync(CUBA.file) ? [CUBA.id] : [])]) await allPages(pdf(id), id);
    await mkdir(DOCS, { recursive: true });
    await shoot(pdf('kz-upr48'), 1, 'briefing-cover');
    await shoot(pdf('cz-upr14'), await followOnPage(await open(pdf('cz-upr14'))), 'briefing-long-table');
    if (existsSync(CUBA.file)) await shoot(pdf(CUBA.id), await recommendationsPage(await open(pdf(CUBA.id))), 'briefing-recommendations');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`screenshots failed: ${(error as Error).message}`);
  if (process.env.DEBUG === '1') console.error(error);
  process.exitCode = 1;
}
