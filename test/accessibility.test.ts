/**
 * The accessible briefing (README "Accessibility"): every sample's two editions and a large imported review
 * carry a structure tree that the suite's own PDF/UA checker (helpers/pdf-ua.ts) accepts, and claim PDF/UA-1
 * because they pass; the checker refuses pdfmake's bare `tagged: true` output and trees broken on purpose, one
 * rule each; a tree that fails the build's own check is written untagged, with the warning that names the check.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEditions, renderReview, type RenderContext } from '../scripts/lib/build/pipeline.js';
import { createRenderer } from '../scripts/lib/build/render-job.js';
import { briefingDefinition } from '../scripts/lib/pdfmake/briefing.js';
import { install, uninstall } from '../scripts/lib/pdfmake/install.js';
import { createPrinter, type DocumentDefinition } from '../scripts/lib/pdfmake/printer.js';
import { TAGS } from '../scripts/lib/pdfmake/tags.js';
import { reasonOf } from '../scripts/lib/diagnostics/rules.js';
import { buildModel } from '../scripts/lib/model/model.js';
import { briefingMarkup } from '../scripts/lib/render/briefing.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { GOLDEN, goldenStructure, STRUCTURE_GOLDEN } from './helpers/golden.js';
import { checkPdfUa, type StructNode, type UaRule } from './helpers/pdf-ua.js';
import { openPdf, pageTexts } from './helpers/pdf.js';
import { sizedReview } from './helpers/sized-review.js';
import { FONTS, readTemplateSources, renderContext, ROOT, runScript, SAMPLE, tempDir, validReview } from './helpers/project.js';

const SAMPLES = join(ROOT, 'data/reviews');
const EXPORT = join(ROOT, '..', 'shared', 'upr-info', 'upr-info-sessions-14-17.csv');

const rulesOf = async (pdf: Uint8Array) => (await checkPdfUa(pdf)).failures.map((f) => f.rule);
const xmp = (pdf: Uint8Array) => Buffer.from(pdf).toString('latin1');

describe('every sample, both editions', async () => {
  const names = (await readdir(SAMPLES)).filter((n) => n.endsWith('.yaml')).sort();
  it.each(names)('%s: the checker accepts the tree, and the XMP says PDF/UA-1 and PDF/A-3b', async (name) => {
    const context = await renderContext();
    const editions = await renderEditions(await validReview(join(SAMPLES, name)), context);
    expect(editions.map((e) => e.edition).sort()).toEqual(['public', 'restricted']);
    for (const { files, untagged } of editions) {
      const pdf = Object.entries(files).find(([path]) => path.endsWith('briefing.pdf'))![1];
      expect(untagged).toBeUndefined();
      expect((await checkPdfUa(pdf)).failures).toEqual([]);
      expect(xmp(pdf)).toContain('<pdfuaid:part>1</pdfuaid:part>');
      expect(xmp(pdf)).toMatch(/<pdfaid:part>3<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    }
  }, 120_000);
});

describe('a table that breaks across a page', () => {
  it('reads its header rows once, though pdfmake repeats them on the next page with "(continued)" after the theme', async () => {
    const pdf = (await renderReview(await validReview(SAMPLE), await renderContext()))['briefing.pdf'];
    const pages = await pageTexts(await openPdf(pdf));
    // the side-by-side table of "Human rights commitments" breaks after a row, from page 4 to page 5
    expect(pages[4]).toContain('Human rights commitments (continued) Stated reforms Observed gaps Kazakhstan emphasizes');
    const report = await checkPdfUa(pdf);
    const count = (text: string) => text.split('Observed gaps').length - 1;
    expect(count(report.treeText)).toBe(pages.map(count).reduce((a, b) => a + b) - 1);
    expect(report.treeText).not.toContain('(continued)');
    expect(report.treeText).toContain('open, equal dialogue between government and society. [2] self-reported No observed gap recorded');
  }, 60_000);
});

describe('a table row that breaks across a page', () => {
  it('reads the broken cell whole, before its neighbour, where the page text is cut by the page break (generated review, one theme, 40 long claims, every fourth six times longer)', async () => {
    const review = sizedReview('broken-rows', { recommendations: 0, claims: 40, themes: 1, long: true });
    // cells taller than what is left of a page, so that pdfmake must break rows inside them
    review.claims.forEach((c, i) => {
      const body = Array.from({ length: i % 4 === 0 ? 6 : 1 }, () => c.text.replace(/^\d+\. /, '')).join(' ');
      c.text = `Claim ${i + 1} begins. ${body} Claim ${i + 1} ends.`;
    });
    const pdf = (await renderReview(review, await renderContext()))['briefing.pdf'];
    const squash = (text: string) => text.replace(/\s+/g, '');
    const pages = squash((await pageTexts(await openPdf(pdf))).join(' '));
    const report = await checkPdfUa(pdf);
    expect(report.failures).toEqual([]);
    const tree = squash(report.treeText);
    const times = (text: string, claim: string) => text.split(claim).length - 1;
    const claims = review.claims.map((c) => squash(c.text));
    // in the tree every claim reads whole as often as it is shown (context in Claims by theme, the others also in
    // the side-by-side table); in the pages' text some are cut by a page break
    const shown = review.claims.map((c) => (c.kind === 'context' ? 1 : 2));
    expect(claims.map((c) => times(tree, c))).toEqual(shown);
    expect(claims.filter((c, i) => times(pages, c) < shown[i]!).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('a large imported review: China, session 17, from UPR Info (284 recommendations)', () => {
  it('has a tree the checker accepts, across its page breaks and two-column tables', async (ctx) => {
    if (!existsSync(EXPORT)) return ctx.skip('../shared/upr-info is absent');
    const out = await tempDir('upr-ua-');
    const result = await runScript('import.ts', ['upr-info', EXPORT, '--state', 'China', '--out', out]);
    expect(result.stderr).toBe('');
    const [name] = (await readdir(out)).filter((n) => n.endsWith('.yaml'));
    const pdf = (await renderReview(await validReview(join(out, name!)), await renderContext()))['briefing.pdf'];
    const report = await checkPdfUa(pdf);
    expect(report.failures).toEqual([]);
    expect(report.treeText.length).toBeGreaterThan(20_000);
  }, 180_000);
});

describe("pdfmake's bare tagged: true with subset PDF/UA", () => {
  afterAll(() => void install());
  it('claims PDF/UA-1 with an empty tree, and the checker refuses it', async () => {
    const context = await renderContext();
    const review = await validReview(SAMPLE);
    const model = buildModel(review);
    const inputs = { config: context.config, logo: context.logo, date: new Date('2025-01-20T00:00:00Z'), attachments: [] };
    const definition = { ...briefingDefinition(model, context.templates, context.styles, inputs, briefingMarkup(model, context.templates, inputs)), subset: 'PDF/UA', tagged: true };
    uninstall();
    const pdf = await createPrinter({ fonts: FONTS, patched: false }).render(definition as DocumentDefinition);
    install();
    expect(xmp(pdf)).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(await rulesOf(pdf)).toEqual(expect.arrayContaining<UaRule>(['marked-content', 'tree-content', 'link-annotations']));
  }, 60_000);
});

/** The sample rendered tagged and claimed without the build's check, its markup or nodes broken by `breakIt`. */
async function unchecked(templates: Record<string, string>, breakIt: (definition: DocumentDefinition) => void = () => {}): Promise<Uint8Array> {
  const context = await renderContext(templates);
  const model = buildModel(await validReview(SAMPLE));
  const inputs = { config: context.config, logo: context.logo, date: new Date('2025-01-20T00:00:00Z'), attachments: [] };
  const definition = briefingDefinition(model, context.templates, context.styles, inputs, briefingMarkup(model, context.templates, inputs));
  breakIt(definition);
  return createPrinter({ fonts: FONTS, checked: false }).render(definition);
}

/** Template sources with one text replaced in one partial. */
async function edited(file: string, from: string, to: string): Promise<Record<string, string>> {
  const source = (await readTemplateSources())[file]!;
  expect(source).toContain(from);
  return { [file]: source.replace(from, to) };
}

const SKIPPED_HEADING = ['partials/method.pdf.hbs', '<h2 toc="no" outline="no" style="h3">About this file</h2>', '<h3 toc="no" outline="no">About this file</h3>'] as const;
const FIGURE_NO_ALT = ['partials/key-figures.pdf.hbs', '<chart kind="claims-by-theme"', '<chart alt="" kind="claims-by-theme"'] as const;

/** Takes the frames off the first paragraph of the summary: its text is drawn in no element. */
function unmarkSummary(definition: DocumentDefinition): void {
  const nodes = definition.content as unknown as Record<string, unknown>[];
  const heading = nodes.findIndex((n) => JSON.stringify(n).includes('"Summary"'));
  const paragraph = nodes.slice(heading + 1).find((n) => (n[TAGS] as { type: string }[] | undefined)?.[0]?.type === 'P')!;
  delete paragraph[TAGS];
}

describe('the checker, on trees broken on purpose', () => {
  it('fails heading-levels when a heading skips a level (an H3 under an H1), and nothing else', async () => {
    expect(await rulesOf(await unchecked(await edited(...SKIPPED_HEADING)))).toEqual(['heading-levels']);
  }, 60_000);

  it('fails figure-alt when the chart has no alternative text, and nothing else', async () => {
    expect(await rulesOf(await unchecked(await edited(...FIGURE_NO_ALT)))).toEqual(['figure-alt']);
  }, 60_000);

  it('fails marked-content when a run of text is in no element, and nothing else', async () => {
    expect(await rulesOf(await unchecked({}, unmarkSummary))).toEqual(['marked-content']);
  }, 60_000);

  it('fails language when the document names no language, and nothing else', async () => {
    expect(await rulesOf(await unchecked(await edited('briefing.pdf.hbs', ' language="en-GB"', '')))).toEqual(['language']);
  }, 60_000);

  it('fails title when the XMP has no dc:title, and display-title when the title is not shown', async () => {
    expect(await rulesOf(await unchecked(await edited('briefing.pdf.hbs', '<info title="{{review.title}}"', '<info title=""')))).toEqual(['title']);
    expect(await rulesOf(await unchecked({}, (definition) => void Object.assign(definition, { displayTitle: false })))).toEqual(['display-title']);
  }, 60_000);

  it('fails table-headers when a table has no header cell with a scope', async () => {
    const pdf = await unchecked({}, (definition) => {
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (typeof node !== 'object' || node === null) return;
        const tags = (node as Record<string, unknown>)[TAGS] as { type: string; scope?: string }[] | undefined;
        for (const f of tags ?? []) if (f.type === 'TH') delete f.scope;
        Object.values(node).forEach(walk);
      };
      walk(definition.content);
    });
    expect(await rulesOf(pdf)).toEqual(['table-headers']);
  }, 60_000);
});

describe("the build's own check of the tree", () => {
  let context: RenderContext;
  let review: Review;
  beforeAll(async () => {
    context = await renderContext(await edited(...SKIPPED_HEADING));
    review = await validReview(SAMPLE);
  });

  it('writes a tree that fails it untagged, unclaimed, and says which check failed', async () => {
    const editions = await renderEditions(review, context);
    for (const { files, untagged } of editions) {
      expect(untagged).toEqual({ check: 'heading-levels', detail: '"About this file" (H3) follows "Method" (H1): a level is skipped' });
      expect(reasonOf('untagged-pdf', untagged!)).toBe(
        'the briefing\'s structure tree fails the heading-levels check: "About this file" (H3) follows "Method" (H1): a level is skipped; the PDF was written untagged and does not claim to be accessible (PDF/UA-1); let headings go down one level at a time (h1, then h2, then h3); a heading may keep the look of another with style="h3"',
      );
      const pdf = Object.entries(files).find(([path]) => path.endsWith('briefing.pdf'))![1];
      expect(xmp(pdf)).not.toContain('pdfuaid');
      expect(xmp(pdf)).not.toContain('/StructTreeRoot');
      expect(xmp(pdf)).toContain('<pdfaid:part>3</pdfaid:part>');
      expect(await rulesOf(pdf)).toEqual(expect.arrayContaining<UaRule>(['marked', 'pdfua-id', 'marked-content']));
    }
  }, 60_000);

  it('under --strict, writes nothing and fails the review', async () => {
    const out = await tempDir('upr-ua-strict-');
    const { config, logo, styles } = context;
    const templates = { ...(await readTemplateSources()), ...(await edited(...SKIPPED_HEADING)) };
    const render = createRenderer({ templates, styles, config, logo, excel: false, strict: true }, context.printer);
    const result = await render({ index: 0, review, inputs: { restricted: 'a', public: 'b' }, out });
    expect(result).toMatchObject({ ok: false, untagged: [{ edition: 'restricted', check: 'heading-levels' }, { edition: 'public', check: 'heading-levels' }] });
    expect(existsSync(join(out, review.id))).toBe(false);
  }, 60_000);
});

describe('a block in another language', () => {
  it('has its own Lang in the tree, beside the catalog\'s', async () => {
    const context = await renderContext(await edited('partials/summary.pdf.hbs', '<p>{{this}}</p>', '<p lang="fr">{{this}}</p>'));
    const report = await checkPdfUa((await renderReview(await validReview(SAMPLE), context))['briefing.pdf']);
    expect(report.failures).toEqual([]);
    const langs = (nodes: readonly StructNode[]): string[] => nodes.flatMap((n) => [...(n.lang ? [`${n.role} ${n.lang}`] : []), ...langs(n.kids.filter((k): k is StructNode => 'role' in k))]);
    expect(langs(report.tree)).toEqual(['P fr']);
  }, 60_000);
});

describe('pdfinfo -struct-text of the sample', () => {
  it('is the reviewed golden test/golden/kz-upr48/structure.txt (npm run fixtures:update -- kz-upr48 rewrites it)', async () => {
    const { id, file } = STRUCTURE_GOLDEN;
    expect(await goldenStructure(id)).toBe(await readFile(join(GOLDEN, id, file), 'utf8'));
  }, 60_000);
});
