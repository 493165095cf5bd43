/** Pages that earn their place: what the briefing leaves out, repeats and keeps on one page at real sizes, read back from the PDF. */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReview, type RenderContext } from '../scripts/lib/build/pipeline.js';
import { destinationPage, openPdf, pageLines, pageTexts, type PdfDocument } from './helpers/pdf.js';
import { renderContext } from './helpers/project.js';
import { sizedReview, type Size } from './helpers/sized-review.js';

let context: RenderContext;
beforeAll(async () => {
  context = await renderContext();
});

async function briefing(size: Size): Promise<PdfDocument> {
  return openPdf((await renderReview(sizedReview('pages', size), context))['briefing.pdf']);
}

interface Outline {
  title: string;
  dest: string | unknown[];
  items: Outline[];
}
const outlineOf = async (pdf: PdfDocument) => ((await pdf.getOutline()) ?? []) as unknown as Outline[];

/** Pages (1-based) whose lines hold `header` (a table's column headers), each with the line above it. */
async function headerPages(pdf: PdfDocument, header: string): Promise<{ page: number; above: string }[]> {
  const found: { page: number; above: string }[] = [];
  for (let page = 1; page <= pdf.numPages; page++) {
    const lines = await pageLines(pdf, page);
    lines.forEach((line, i) => {
      if (line.text === header) found.push({ page, above: lines[i - 1]?.text ?? '' });
    });
  }
  return found;
}

describe('an imported-only briefing (recommendations, no claims)', () => {
  let pdf: PdfDocument;
  let texts: string[];
  beforeAll(async () => {
    pdf = await briefing({ recommendations: 60, claims: 0, themes: 60, long: true });
    texts = await pageTexts(pdf);
  });

  it('leaves out the sections that only claims fill, and says nothing of "0 claims"', async () => {
    const titles = (await outlineOf(pdf)).map((o) => o.title);
    for (const title of ['Key figures', 'Stated reforms and observed gaps', 'Claims by theme']) expect(titles).not.toContain(title);
    expect(titles).toEqual(expect.arrayContaining(['Recommendations', 'Sources', 'Method']));
    const all = texts.join(' ');
    expect(all).not.toMatch(/No claims recorded|\b0 claims from|Each claim is one of three kinds/);
    expect(texts[0]).toContain('60 recommendations from 3 sources, each with its recommending state and the response; no claims are recorded yet.');
  });

  it('keeps the contents on one page for 60 themes: the sections there, the themes in the bookmarks', async () => {
    const contents = await pageLines(pdf, 2);
    expect(contents[1]?.text).toBe('Contents');
    const entries = contents.slice(2, -1).map((l) => l.text.replace(/ \d+$/, '')); // under the title, above the footer
    expect(entries).toEqual(['Recommendations', 'Responses by theme', 'Sources', 'Method', 'Annex: the recommendations', 'Counts by response and action category', 'Index by recommending state']);
    expect((await pageLines(pdf, 3)).some((l) => /^Theme \d+.* \d+$/.test(l.text))).toBe(false);
    const recommendations = (await outlineOf(pdf)).find((o) => o.title === 'Annex: the recommendations')!;
    expect(recommendations.items.filter((i) => i.title.startsWith('Theme ')).length).toBe(60);
  });

  it('repeats the legend of the responses chart on every page the chart runs onto', async () => {
    const legend = await headerPages(pdf, 'supported noted pending');
    expect(legend.length).toBeGreaterThanOrEqual(2);
    const pages = legend.map((l) => l.page);
    expect(pages).toEqual(Array.from({ length: pages.length }, (_, i) => pages[0]! + i));
  });
});

describe('a review with claims at real size', () => {
  it('charts and tables only the themes with claims, and says how many others have recommendations only', async () => {
    const pdf = await briefing({ recommendations: 50, claims: 1, themes: 60, long: false });
    const texts = await pageTexts(pdf);
    const keyFigures = texts.find((t) => t.includes('Key figures') && t.includes('All themes'))!;
    expect(keyFigures).toContain('Claims by theme and kind');
    expect(keyFigures).toContain('Theme 1');
    expect(keyFigures).not.toMatch(/Theme [2-9]/);
    expect(keyFigures).toMatch(/\b\d+ other themes have recommendations but no claims; see Recommendations\./);
  });

  it('gives the claims chart up for the table when its themes would shrink its labels', async () => {
    const texts = await pageTexts(await briefing({ recommendations: 0, claims: 40, themes: 60, long: false }));
    const keyFigures = texts.find((t) => t.includes('Key figures') && t.includes('Stated reforms Observed gaps'))!;
    expect(keyFigures).not.toContain('Claims by theme and kind');
    expect(texts.join(' ')).toMatch(/Theme 40 1 0 0 1 All themes 14 13 13 40/);
  });

  it('names the theme at the top of every page of a long side-by-side table and of a long list of claims, "(continued)" after the first', async () => {
    const size = { recommendations: 0, claims: 40, themes: 1, long: true };
    const pdf = await briefing(size);
    const theme = sizedReview('pages', size).themes[0]!.title;
    const table = await headerPages(pdf, 'Stated reforms Observed gaps');
    expect(table.length).toBeGreaterThanOrEqual(3);
    expect(table.map((t) => t.above)).toEqual([theme, ...table.slice(1).map(() => `${theme} (continued)`)]);
    // on a continuation page the name is the first line of the body, under the running header
    for (const { page } of table.slice(1)) expect((await pageLines(pdf, page))[1]?.text, `page ${page}`).toBe(`${theme} (continued)`);
    const startOf = async (title: string) => (await destinationPage(pdf, (await outlineOf(pdf)).find((o) => o.title === title)!.dest)).page;
    const [from, to] = [await startOf('Claims by theme'), await startOf('Sources')];
    expect(to - from).toBeGreaterThanOrEqual(1);
    expect((await pageLines(pdf, from)).map((l) => l.text)).toContain(theme);
    for (let page = from + 1; page <= to; page++) expect((await pageLines(pdf, page))[1]?.text, `page ${page}`).toBe(`${theme} (continued)`);
  });

  it('says "Justice" on the first page of a theme\'s table and "Justice (continued)" at the top of each page after, right-aligned as the name', async () => {
    const review = sizedReview('pages', { recommendations: 0, claims: 24, themes: 1, long: true });
    review.themes[0]!.title = 'Justice';
    const pdf = await openPdf((await renderReview(review, context))['briefing.pdf']);
    const table = await headerPages(pdf, 'Stated reforms Observed gaps');
    expect(table.length).toBeGreaterThanOrEqual(2);
    expect(table.map((t) => t.above)).toEqual(['Justice', ...table.slice(1).map(() => 'Justice (continued)')]);
      // the name row, not the heading above it
    const nameLine = async (page: number, text: string) => (await pageLines(pdf, page)).filter((l) => l.text === text).at(-1)!;
    const first = await nameLine(table[0]!.page, 'Justice');
    for (const { page } of table.slice(1)) {
      expect((await pageLines(pdf, page))[1]?.text, `page ${page}`).toBe('Justice (continued)');
      const line = await nameLine(page, 'Justice (continued)');
      const right = (l: typeof line) => Math.max(...l.items.map((i) => i.x + i.width));
      expect(right(line)).toBeCloseTo(right(first), 1);
    }
  });
});
