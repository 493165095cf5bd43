/**
 * The benchmark's peers (npm run bench) are given the same work: the peers' document of the sample holds the
 * text of every heading, paragraph, list item and table cell of the project's own PDF, and the pdfkit floor and
 * Typst write that text into PDFs that read back with it.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { renderReview } from '../scripts/lib/build/pipeline.js';
import { pdfkitFloor } from '../scripts/lib/pdfmake/floor.js';
import type { Block, PeerDocument } from '../scripts/lib/pdfmake/peer-document.js';
import { briefingPeerDocument } from '../scripts/lib/peers/documents.js';
import { typstSource } from '../scripts/lib/peers/typst.js';
import { htmlSource } from '../scripts/lib/peers/html.js';
import { openPdf, pageTexts } from './helpers/pdf.js';
import { FONTS, renderContext, SAMPLE, validReview } from './helpers/project.js';

/** Text with every space, line break and soft break taken out: engines break lines in different places. */
const squash = (text: string) => text.replace(/[\s\u00ad\u200b]+/g, '');

function texts(block: Block): string[] {
  switch (block.kind) {
    case 'heading':
    case 'paragraph':
      return [block.runs.map((r) => r.text).join('')];
    case 'list':
      return block.items.map((item) => item.map((r) => r.text).join(''));
    case 'table':
      return block.rows.flat().map((cell) => cell.runs.map((r) => r.text).join(''));
    case 'pagebreak':
      return [];
  }
}

async function sample(): Promise<{ doc: PeerDocument; project: Uint8Array }> {
  const context = await renderContext();
  const review = await validReview(SAMPLE);
  return { doc: briefingPeerDocument(review, context), project: (await renderReview(review, context))['briefing.pdf'] };
}

async function missing(doc: PeerDocument, pdf: Uint8Array): Promise<string[]> {
  const text = squash((await pageTexts(await openPdf(pdf))).join(''));
  return doc.blocks.flatMap(texts).filter((t) => !text.includes(squash(t)));
}

describe('the benchmark peers', async () => {
  const { doc, project } = await sample();

  it("takes the sample's sections, tables and text from the project's own PDF", async () => {
    expect(doc.blocks.filter((b) => b.kind === 'heading').length).toBeGreaterThan(5);
    expect(doc.blocks.filter((b) => b.kind === 'table').length).toBeGreaterThan(1);
    expect(await missing(doc, project)).toEqual([]);
  });

  it('has pdfkit alone write every piece of that text, in the same faces', async () => {
    const pdf = await pdfkitFloor(FONTS)(doc);
    expect(await missing(doc, pdf)).toEqual([]);
  });

  const typst = (() => {
    try {
      return (createRequire(import.meta.url)('@myriaddreamin/typst-ts-node-compiler') as typeof import('@myriaddreamin/typst-ts-node-compiler')).NodeCompiler;
    } catch {
      return undefined;
    }
  })();
  it.skipIf(!typst)('has Typst write every piece of that text (when its compiler, a devDependency, loads here)', async () => {
    const compiler = typst!.create({ fontArgs: [{ fontBlobs: Object.values(FONTS.faces).map((bytes) => Buffer.from(bytes)) }] });
    const pdf = compiler.pdf({ mainFileContent: typstSource(doc, 'DejaVu Sans') });
    expect(await missing(doc, new Uint8Array(pdf))).toEqual([]);
  });

  it('writes the HTML for Chromium with every piece of that text, escaped', () => {
    const html = htmlSource(doc, 'DejaVu Sans', { normal: 'a.ttf', bold: 'b.ttf', italics: 'c.ttf', bolditalics: 'd.ttf' });
    const body = squash(html.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))));
    expect(doc.blocks.flatMap(texts).filter((t) => !body.includes(squash(t)))).toEqual([]);
  });
});
