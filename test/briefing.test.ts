import { embeddedReview } from '../scripts/lib/changes/embedded.js';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderEditions, renderReview, type Outputs } from '../scripts/lib/build/pipeline.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { buildModel } from '../scripts/lib/model/model.js';
import { bigReview, marker } from './helpers/big-review.js';
import { bodyText, destinationPage, fold, openPdf, pageItems, pageLines, pageTexts, type PdfDocument } from './helpers/pdf.js';
import { hasCommand, renderContext, ROOT, SAMPLE, tempDir, validReview } from './helpers/project.js';

interface OutlineItem {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineItem[];
}

const SECTIONS = ['Summary', 'Key figures', 'Stated reforms and observed gaps', 'Claims by theme', 'Sources', 'Method'];
const A4_WIDTH = 595.28;
const MARGIN = 56;

const sampleReview = () => validReview(SAMPLE);

async function render(review: Review): Promise<{ outputs: Outputs; pdf: PdfDocument }> {
  const outputs = await renderReview(review, await renderContext());
  return { outputs, pdf: await openPdf(outputs['briefing.pdf']) };
}

/** Every internal link annotation of the document: its page and the destination name it jumps to. */
async function internalLinks(pdf: PdfDocument): Promise<{ page: number; dest: string }[]> {
  const links: { page: number; dest: string }[] = [];
  for (let page = 1; page <= pdf.numPages; page++) {
    for (const a of await (await pdf.getPage(page)).getAnnotations()) if (typeof a.dest === 'string') links.push({ page, dest: a.dest });
  }
  return links;
}

describe('the sample briefing PDF', () => {
  let review: Review;
  let outputs: Outputs;
  let pdf: PdfDocument;
  beforeAll(async () => {
    review = await sampleReview();
    ({ outputs, pdf } = await render(review));
  });

  it('opens on a cover with title, state, session, dates, organisation and edition, and no header or footer', async () => {
    const [cover] = await pageTexts(pdf);
    for (const text of [review.title, 'Kazakhstan (KZ)', 'session 48, cycle 4', '2025-01-23', 'Geneva', 'Information as of 2025-01-20', 'Example Rights Institute', 'DRAFT']) {
      expect(fold(cover!)).toContain(text);
    }
    expect(cover).not.toMatch(/Page \d+ of/);
  });

  it('bookmarks every section, with every theme nested under its section', async () => {
    const outline = (await pdf.getOutline()) as OutlineItem[];
    const titles = outline.map((i) => i.title);
    for (const section of SECTIONS) expect(titles).toContain(section);
    const themes = review.themes.map((t) => t.title);
    expect(outline.find((i) => i.title === 'Claims by theme')!.items.map((i) => i.title)).toEqual(themes);
    const paired = buildModel(review).themes.filter((t) => t.rows.length > 0).map((t) => t.title);
    expect(outline.find((i) => i.title === 'Stated reforms and observed gaps')!.items.map((i) => i.title)).toEqual(paired);
  });

  it('has a table of contents whose page numbers are the pages where the headings are', async () => {
    const lines = await pageLines(pdf, 2);
    const contents = lines.findIndex((l) => l.text === 'Contents');
    const entries = lines.slice(contents + 1, contents + 1 + SECTIONS.length + review.themes.length).map((l) => {
      const match = /^(.*\S) (\d+)$/.exec(l.text);
      expect(match, `a contents line "${l.text}"`).not.toBeNull();
      return { title: match![1]!, page: Number(match![2]) };
    });
    expect(entries.map((e) => e.title)).toEqual([...SECTIONS.slice(0, 4), ...review.themes.map((t) => t.title), ...SECTIONS.slice(4)]);
    const claimsAt = entries.findIndex((e) => e.title === 'Claims by theme');
    for (const [i, entry] of entries.entries()) {
      const heading = (await pageItems(pdf, entry.page)).filter((item) => item.str === entry.title && item.size >= 11);
      expect(heading.length, `heading "${entry.title}" on page ${entry.page}`).toBeGreaterThan(0);
      if (i > claimsAt && i <= claimsAt + review.themes.length) {
        // a theme heading: the one under "Claims by theme", not the side-by-side one of the same title
        const outline = ((await pdf.getOutline()) as OutlineItem[]).find((o) => o.title === 'Claims by theme')!;
        const item = outline.items.find((o) => o.title === entry.title)!;
        expect((await destinationPage(pdf, item.dest as unknown[])).page).toBe(entry.page);
      }
    }
  });

  it('links every citation [n] to source n in the bibliography', async () => {
    const model = buildModel(review);
    const inRows = model.themes.flatMap((t) => t.rows.flatMap((r) => [...(r.stated ? [r.stated] : []), ...r.gaps]));
    const citations = [...model.claims, ...inRows].reduce((n, c) => n + c.cited.length, 0);
    const links = (await internalLinks(pdf)).filter((l) => l.dest.startsWith('source-'));
    expect(links.length).toBe(citations);
    const sourcesPage = (await pageTexts(pdf)).findIndex((t) => / Sources \[1\]/.test(t)) + 1;
    for (const { dest } of links) {
      const number = Number(dest.slice('source-'.length));
      const target = await destinationPage(pdf, dest);
      expect(target.page).toBeGreaterThanOrEqual(sourcesPage);
      const line = (await pageLines(pdf, target.page)).find((l) => Math.abs(l.y - target.top) < 14 && l.text.startsWith(`[${number}] `));
      expect(line?.text, `source ${number} where its link lands`).toContain(model.sources[number - 1]!.title.slice(0, 30));
    }
  });

  it('embeds claims.csv byte for byte and the normalised review as JSON, without its release status', async () => {
    const attachments = (await pdf.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    expect(Object.keys(attachments).sort()).toEqual(['claims.csv', 'review.json']);
    expect(Buffer.compare(Buffer.from(attachments['claims.csv']!.content), Buffer.from(outputs['claims.csv']))).toBe(0);
    const { status, ...content } = review;
    expect(status).toBe('final');
    expect(JSON.parse(new TextDecoder().decode(attachments['review.json']!.content))).toEqual(content);
  });

  it('gives back the embedded review.json through changes/embedded.ts exactly as pdf.js reads it', async () => {
    const attachments = (await pdf.getAttachments()) as Record<string, { content: Uint8Array }>;
    expect(Buffer.compare(Buffer.from(embeddedReview(outputs['briefing.pdf'])!), Buffer.from(attachments['review.json']!.content))).toBe(0);
    expect(embeddedReview(new TextEncoder().encode('%PDF-1.7 no attachments'))).toBeUndefined();
  });

  it('sets title, author, subject, keywords and language, and declares PDF/A-3b and PDF/UA-1 (not PDF/A-3a) in its XMP', async () => {
    const { info, metadata } = (await pdf.getMetadata()) as unknown as { info: Record<string, string>; metadata: { get(name: string): unknown } };
    expect(info.Title).toBe(review.title);
    expect(info.Author).toBe('Example Rights Institute');
    expect(info.Subject).toBe('UPR briefing: Kazakhstan, session 48 (cycle 4)');
    for (const keyword of ['Kazakhstan', 'session 48', ...review.themes.map((t) => t.title)]) expect(info.Keywords).toContain(keyword);
    expect(info.Language).toBe('en-GB');
    expect(info.PDFFormatVersion).toBe('1.7');
    expect(metadata.get('dc:title')).toBe(review.title);
    const xmp = Buffer.from(outputs['briefing.pdf']).toString('latin1');
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).not.toMatch(/<pdfaid:conformance>A/);
  });

  it('writes the short title in the header and "Page X of Y" in the footer of every page after the cover', async () => {
    const pages = await pageTexts(pdf);
    const count = pages.length;
    expect(count).toBeGreaterThan(3);
    expect(pages[1]).toContain(`Page 2 of ${count}`);
    expect(pages[count - 1]).toContain(`Page ${count} of ${count}`);
    for (const page of pages.slice(1)) expect(page).toContain('Kazakhstan · UPR session 48 briefing');
  });

  it('draws the chart of claims by theme as vector graphics, with its labels as text', async () => {
    const page = (await pageTexts(pdf)).findIndex((t) => t.includes('Claims by theme and kind')) + 1;
    const text = (await pageItems(pdf, page)).map((i) => i.str).join(' ');
    for (const label of ['Stated reforms', 'Observed gaps', 'Context', ...review.themes.map((t) => t.title)]) expect(text).toContain(label);
    expect(fold(await bodyText(pdf))).toMatch(/Evidence: 6 self-reported · 0 confirmed · 0 disputed · 10 independent · 0 mixed · 3 unsourced/);
  });
});

describe('archival output', () => {
  it('embeds in each edition only that edition\'s data: the public attachments hold no restricted material', async () => {
    const editions = await renderEditions(await validReview(join(ROOT, 'test/samples/restricted.yaml')), await renderContext());
    const attached = async (edition: string) => {
      const files = editions.find((e) => e.edition === edition)!.files;
      const pdf = await openPdf(files[`${edition === 'public' ? 'public/' : ''}briefing.pdf`]!);
      const attachments = (await pdf.getAttachments()) as Record<string, { content: Uint8Array }>;
      return Object.values(attachments).map((a) => new TextDecoder().decode(a.content)).join('\n');
    };
    expect(await attached('restricted')).toContain('zqxsecret7');
    expect(await attached('public')).not.toContain('zqxsecret7');
  });

  it('escapes the XMP metadata, so a title with & and < still gives readable XMP', async () => {
    const review = { ...(await sampleReview()), title: 'Rights & <Freedoms> in "Kazakhstan"' };
    const { pdf } = await render(review);
    const { metadata } = (await pdf.getMetadata()) as unknown as { metadata: { get(name: string): unknown } | null };
    expect(metadata?.get('dc:title')).toBe(review.title);
  });

  const qpdf = hasCommand('qpdf');
  it('passes qpdf --check with its attachments', async (ctx) => {
    ctx.skip(!qpdf, 'qpdf is not installed (apt-get install qpdf)');
    const file = join(await tempDir(), 'briefing.pdf');
    await writeFile(file, (await render(await sampleReview())).outputs['briefing.pdf']);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors found');
    expect(execFileSync('qpdf', ['--list-attachments', file], { encoding: 'utf8' })).toMatch(/claims\.csv[\s\S]*review\.json/);
  });
});

describe('no character lost, nothing outside the page', () => {
  it('keeps ₸ and Kazakh letters in regular, bold and italic text', async () => {
    const review = await sampleReview();
    const claims = [
      { ...review.claims[0]!, text: 'Бюджет 5 000 ₸ — Қазақстан: Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі' },
      ...review.claims.slice(1),
    ];
    const themes = [{ ...review.themes[0]!, title: 'Теңдік ₸ Қазақстан' }, ...review.themes.slice(1)];
    const { pdf } = await render({ ...review, claims, themes });
    const text = await bodyText(pdf);
    expect(claims[0]!.basis).toBe('inferred'); // set in italics
    expect(text).toContain(claims[0]!.text);
    expect(text).toContain('Теңдік ₸ Қазақстан'); // a bold heading
  });

  it('breaks a 300-character word inside its column, in a table cell and in the bibliography', async () => {
    const review = await sampleReview();
    const word = `https://example.org/${'a1b2c3d4e5'.repeat(28)}`;
    expect(word.length).toBe(300);
    const claims = review.claims.map((c, i) => (i === 1 ? { ...c, text: `See ${word} for the figures.` } : c));
    const sources = review.sources.map((s, i) => (i === 0 ? { ...s, url: word } : s));
    const { pdf } = await render({ ...review, claims, sources });
    for (let page = 1; page <= pdf.numPages; page++) {
      for (const item of await pageItems(pdf, page)) {
        expect(item.x, `"${item.str}" on page ${page}`).toBeGreaterThanOrEqual(MARGIN - 0.5);
        expect(item.x + item.width, `"${item.str.slice(0, 40)}" on page ${page}`).toBeLessThanOrEqual(A4_WIDTH - MARGIN + 0.5);
      }
    }
    const text = (await pageTexts(pdf)).join('').replace(/\s+/g, '');
    expect(text.split(word).length - 1).toBe(3); // side-by-side, claims by theme, bibliography
  });

  it('builds a 2,000-claim review without losing a row across page breaks, repeating the table header', async () => {
    const review = bigReview(await sampleReview(), 2000);
    const { pdf } = await render(review);
    const pages = await pageTexts(pdf);
    const text = pages.join(' ');
    const seen = new Map<string, number>();
    for (const [found] of text.matchAll(/\bC\d{4}(?= )/g)) seen.set(found, (seen.get(found) ?? 0) + 1);
    const lost = review.claims.filter((c, i) => seen.get(marker(i)) !== (c.kind === 'context' ? 1 : 2));
    expect(lost.map((c) => c.id)).toEqual([]);
    const outline = (await pdf.getOutline()) as OutlineItem[];
    const pageOf = async (title: string) => (await destinationPage(pdf, outline.find((o) => o.title === title)!.dest as unknown[])).page;
    const [from, to] = [await pageOf('Stated reforms and observed gaps'), await pageOf('Claims by theme')];
    expect(to - from).toBeGreaterThan(10);
    for (const page of pages.slice(from - 1, to - 1)) expect(page).toMatch(/Stated reforms\s*Observed gaps/);
  }, 300_000);
});
