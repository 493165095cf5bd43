/**
 * The PDF adapter (scripts/lib/pdfmake/): its patches are installed into exactly the locked versions, and a
 * briefing rendered with them matches one rendered by pdfmake as published: byte for byte for the patches that
 * must not change bytes, text item by text item (string and position to 0.01 pt) for the line merge and the
 * structure tree (which pdfmake alone writes empty, and the checker of helpers/pdf-ua.ts accepts only patched). Table
 * rules take the colour of the styles of the document being rendered.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { checkReviews, renderReview, type RenderContext } from '../scripts/lib/build/pipeline.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { syntheticReview } from '../scripts/lib/review/synthetic.js';
import { logoGraphic } from '../scripts/lib/render/graphic.js';
import { installedVersions, PATCHED_VERSIONS } from '../scripts/lib/pdfmake/dependencies.js';
import { install, installed, PATCH_NAMES, uninstall, versionMismatch } from '../scripts/lib/pdfmake/install.js';
import { createPrinter } from '../scripts/lib/pdfmake/printer.js';
import { openPdf, type PdfDocument } from './helpers/pdf.js';
import { checkPdfUa } from './helpers/pdf-ua.js';
import { FONTS, renderContext, ROOT, runScript, SAMPLE, tempDir } from './helpers/project.js';

const EXPORT = join(ROOT, '..', 'shared', 'upr-info', 'upr-info-sessions-14-17.csv');

function checked(path: string, text: string | Uint8Array): Review {
  const [result] = checkReviews([{ path, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text }]);
  expect(result!.messages.filter((m) => m.severity === 'error')).toEqual([]);
  return result!.review!;
}

/** China's second review (session 17, 284 recommendations), imported from the shared UPR Info export. */
async function importedChina(): Promise<Review> {
  const out = await tempDir('upr-adapter-');
  const result = await runScript('import.ts', ['upr-info', EXPORT, '--state', 'China', '--out', out]);
  expect(result.stderr).toBe('');
  const [name] = (await readdir(out)).filter((n) => n.endsWith('.yaml'));
  return checked(name!, await readFile(join(out, name!)));
}

interface Item {
  page: number;
  str: string;
  x: number;
  y: number;
  width: number;
}

/** Every text item of every page, as pdfjs reads it back, in drawing order; the empty ones that pdfjs adds at the bounds of marked content hold no glyph and are left out. */
async function textItems(pdf: PdfDocument): Promise<Item[]> {
  const items: Item[] = [];
  for (let page = 1; page <= pdf.numPages; page++) {
    for (const item of (await (await pdf.getPage(page)).getTextContent()).items) {
      if ('str' in item && item.str !== '') items.push({ page, str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width });
    }
  }
  return items;
}

/**
 * Items that follow each other on one baseline without a gap, joined into one: pdfjs splits a run of text where
 * marked content begins or ends (the tagging marks each link apart), so the pieces depend on the tagging, the
 * glyphs and their places do not.
 */
function joined(items: readonly Item[]): Item[] {
  const out: Item[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (last && last.page === item.page && Math.abs(last.y - item.y) <= 0.01 && Math.abs(last.x + last.width - item.x) <= 0.01) {
      out[out.length - 1] = { ...last, str: last.str + item.str, width: last.width + item.width };
    } else out.push(item);
  }
  return out;
}

const CONTINUED = ' (continued)';

/**
 * The first item whose string differs, or whose position or width differs by more than 0.01 pt; undefined when
 * none. A theme's name repeated on a later page ends in " (continued)" only patched: there its right edge (the
 * name is right-aligned) and baseline are compared. `continued` counts those.
 */
function firstDifference(actual: readonly Item[], expected: readonly Item[], continued = { count: 0 }): string | undefined {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const a = actual[i];
    const e = expected[i];
    const near = (p: number, q: number) => Math.abs(p - q) <= 0.01;
    if (a && e && a.str === e.str + CONTINUED && a.page === e.page && near(a.y, e.y) && near(a.x + a.width, e.x + e.width)) {
      continued.count++;
      continue;
    }
    if (!a || !e || a.page !== e.page || a.str !== e.str || !near(a.x, e.x) || !near(a.y, e.y) || !near(a.width, e.width)) {
      return `item ${i}: ${JSON.stringify(a)} where pdfmake alone gives ${JSON.stringify(e)}`;
    }
  }
  return undefined;
}

const xmp = async (pdf: PdfDocument) => ((await pdf.getMetadata()).metadata as { getRaw(): string } | null)?.getRaw() ?? '';

describe('the patches', () => {
  afterAll(() => void install());

  it('are all installed into the versions package-lock.json holds, each reported by name', async () => {
    expect(installedVersions()).toEqual(PATCHED_VERSIONS);
    const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    expect(Object.fromEntries(Object.keys(PATCHED_VERSIONS).map((name) => [name, lock.packages[`node_modules/${name}`]!.version]))).toEqual(PATCHED_VERSIONS);
    expect(install()).toEqual(['shared-fontkit', 'style-lookup', 'line-merge', 'xmp-info', 'measure-once', 'structure-tree', 'continued-header', 'layout-once']);
    expect(installed()).toEqual(PATCH_NAMES);
  });

  it('pin pdfmake and fontkit to the exact versions they were tried with in package.json', async () => {
    const { dependencies } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(dependencies.pdfmake).toBe(PATCHED_VERSIONS.pdfmake);
    expect(dependencies.fontkit).toBe(PATCHED_VERSIONS.fontkit);
  });

  it('go into no other version, and the reason names the version found and the ones tried', () => {
    uninstall();
    const other = { ...PATCHED_VERSIONS, pdfmake: '0.3.12' };
    expect(install({ versions: other })).toEqual([]);
    expect(installed()).toEqual([]);
    expect(versionMismatch(other)).toMatch(/^pdfmake 0\.3\.12 installed, but .* tried only with pdfmake 0\.3\.11, pdfkit 0\.19\.1, fontkit 2\.0\.4: rendering without them/);
    expect(versionMismatch(PATCHED_VERSIONS)).toBeUndefined();
    expect(install()).toEqual(PATCH_NAMES);
  });

  it('come out again, and go back in', () => {
    uninstall();
    expect(installed()).toEqual([]);
    expect(install({ only: ['style-lookup'] })).toEqual(['style-lookup']);
    expect(install()).toEqual(PATCH_NAMES);
  });
});

describe.each([
  // each with whether a theme's table runs onto a second page (China's, of recommendations only, has none)
  ['the sample', async () => checked('kz-upr48.yaml', await readFile(SAMPLE)), true],
  ['a generated review of 20 claims and 400 recommendations', async () => checked('synthetic.yaml', syntheticReview('synthetic', 20, 400)), true],
  ['China, session 17, imported from UPR Info (284 recommendations)', importedChina, false, !existsSync(EXPORT) && '../shared/upr-info is absent'],
] as const)('%s, rendered with and without the patches', (_, review, continues: boolean, absent?: string | false) => {
  let context: RenderContext;
  const renders: Record<'patched' | 'changingOnly' | 'unpatched', Uint8Array> = {} as never;
  beforeAll(async () => {
    if (absent) return;
    const data = await review();
    context = await renderContext();
    const printer = createPrinter({ fonts: FONTS, patched: false });
    const render = async (patches: readonly string[], times = 1) => {
      uninstall();
      install({ only: patches });
      expect(installed()).toEqual(PATCH_NAMES.filter((name) => patches.includes(name)));
      let pdf: Uint8Array | undefined;
      for (let i = 0; i < times; i++) pdf = (await renderReview(data, { ...context, printer }))['briefing.pdf'];
      return pdf!;
    };
    // the second time, with the fonts, laid-out words and style answers of the first (as a build's later reviews)
    renders.patched = await render(PATCH_NAMES, 2);
    renders.changingOnly = await render(['line-merge', 'xmp-info', 'structure-tree', 'continued-header']);
    renders.unpatched = await render([]);
    install();
  }, 120_000);

  it('gives the same bytes without the shared fontkit, the style lookups and measuring once per run, rendered a second time with them', (ctx) => {
    if (absent) ctx.skip(absent);
    expect(Buffer.compare(renders.changingOnly, renders.patched)).toBe(0);
  });

  it('draws every text item with the same string at the same place (0.01 pt) without the line merge, but for " (continued)" after a repeated theme name', { timeout: 60_000 }, async (ctx) => {
    if (absent) ctx.skip(absent);
    const [patched, unpatched] = await Promise.all([openPdf(renders.patched), openPdf(renders.unpatched)]);
    expect(patched.numPages).toBe(unpatched.numPages);
    const [merged, alone] = await Promise.all([textItems(patched), textItems(unpatched)]);
    expect(merged.length).toBeGreaterThan(100);
    const continued = { count: 0 };
    expect(firstDifference(joined(merged), joined(alone), continued)).toBeUndefined();
    expect(continued.count).toBe(joined(merged).filter((item) => item.str.endsWith(CONTINUED)).length);
    expect(continued.count > 0).toBe(continues);
    expect(Buffer.compare(renders.patched, renders.unpatched)).not.toBe(0);
  });

  it('writes the structure tree that pdfmake alone leaves empty, and says PDF/UA-1 only then', async (ctx) => {
    if (absent) ctx.skip(absent);
    const [patched, unpatched] = await Promise.all([checkPdfUa(renders.patched), checkPdfUa(renders.unpatched)]);
    expect(patched.failures).toEqual([]);
    expect(unpatched.tree.flatMap((n) => n.kids)).toEqual([]);
    expect(unpatched.failures.map((f) => f.rule)).toEqual(expect.arrayContaining(['pdfua-id', 'marked-content', 'tree-content']));
  });

  it("writes its own XMP in place of pdfkit's: with the modification date and the language", async (ctx) => {
    if (absent) ctx.skip(absent);
    const [patched, unpatched] = await Promise.all([openPdf(renders.patched).then(xmp), openPdf(renders.unpatched).then(xmp)]);
    expect(patched).toContain('<xmp:ModifyDate>');
    expect(patched).toContain("<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>");
    expect(unpatched).not.toContain('<xmp:ModifyDate>');
    expect(unpatched).not.toContain('<dc:language>');
  });
});

describe('table rules', () => {
  /** The stroke colours of the first page that has a table, as the PDF's operators set them. */
  async function strokeColours(bytes: Uint8Array): Promise<Set<string>> {
    const pdf = await openPdf(bytes);
    const colours = new Set<string>();
    for (let n = 1; n <= pdf.numPages; n++) {
      const ops = await (await pdf.getPage(n)).getOperatorList();
      ops.fnArray.forEach((fn, i) => fn === OPS.setStrokeRGBColor && colours.add(String((ops.argsArray[i] as string[])[0])));
    }
    return colours;
  }

  it('take the colour of the styles of each render, @accent resolved, one printer for all', async () => {
    const context = await renderContext();
    const review = checked('kz-upr48.yaml', await readFile(SAMPLE));
    const withRule = (color: string) => ({ ...context.styles, styles: { ...context.styles.styles, 'table-rule': { color } } });
    const first = await renderReview(review, context);
    const second = await renderReview(review, { ...context, styles: withRule('#00aa00') });
    const third = await renderReview(review, { ...context, styles: withRule('@accent'), config: { ...context.config, accent: '#aa0000' } });
    expect(await strokeColours(first['briefing.pdf'])).toContain('#c5ccd3');
    expect([...(await strokeColours(second['briefing.pdf']))].filter((c) => c !== '#000000')).toEqual(['#00aa00']);
    expect([...(await strokeColours(third['briefing.pdf']))].filter((c) => c !== '#000000')).toEqual(['#aa0000']);
  }, 60_000);
});

describe('a PNG logo', () => {
  it('is drawn on the cover from its bytes, which pdfmake gets by name from memory', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const logo = logoGraphic('assets/logo.png', new Uint8Array(png));
    if ('kind' in logo) throw new Error(`the logo is refused: ${logo.kind}`);
    const context = await renderContext({}, { logo });
    const pdf = await openPdf((await renderReview(checked('kz-upr48.yaml', await readFile(SAMPLE)), context))['briefing.pdf']);
    const cover = await (await pdf.getPage(1)).getOperatorList();
    expect(cover.fnArray.filter((fn) => fn === OPS.paintImageXObject)).toHaveLength(1);
  }, 30_000);
});
