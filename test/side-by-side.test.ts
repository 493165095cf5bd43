/** The side-by-side table is built from links only: read back from the PDF by position. */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReview } from '../scripts/lib/build/pipeline.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { openPdf, pageItems, pageTexts, type PdfDocument, type TextItem } from './helpers/pdf.js';
import { renderContext } from './helpers/project.js';

const claim = (id: string, kind: 'stated-reform' | 'observed-gap', text: string, more: Partial<Review['claims'][number]> = {}) =>
  ({ id, theme: 't', kind, basis: 'sourced' as const, text, sources: ['wg'], ...more });

const review: Review = {
  id: 'links', title: 'Linkland at session 14', state: 'Linkland', mechanism: 'UPR', session: 14, as_of: '2012-10-22',
  themes: [{ id: 't', title: 'Justice' }],
  sources: [{ id: 'wg', title: 'Report of the Working Group', type: 'un' }],
  claims: [
    claim('alpha', 'stated-reform', 'Alphareform: a new criminal code entered into force.'),
    claim('bravo', 'stated-reform', 'Bravoreform: an ombudsman was appointed.'),
    claim('charlie', 'observed-gap', 'Charliegap: the ombudsman cannot receive complaints from detainees.', { responds_to: ['bravo'], speaker: 'other-state' }),
    claim('delta', 'observed-gap', 'Deltagap: pre-trial detention remains long.', { speaker: 'other-state' }),
  ],
  recommendations: [],
};

/** The first text item of the table page that starts with `word`. */
function find(items: TextItem[], word: string): TextItem {
  const item = items.find((i) => i.str.startsWith(word));
  expect(item, `"${word}" on the page`).toBeDefined();
  return item!;
}

describe('the side-by-side table', () => {
  let pdf: PdfDocument;
  let items: TextItem[];
  beforeAll(async () => {
    pdf = await openPdf((await renderReview(review, await renderContext()))['briefing.pdf']);
    const page = (await pageTexts(pdf)).findIndex((t) => t.includes('Alphareform') && t.includes('Stated reforms Observed gaps')) + 1;
    items = await pageItems(pdf, page);
  });

  it('puts a gap on the row of the reform it answers, in the gaps column', () => {
    const bravo = find(items, 'Bravoreform');
    const charlie = find(items, 'Charliegap');
    expect(Math.abs(charlie.y - bravo.y)).toBeLessThan(1);
    expect(charlie.x).toBeGreaterThan(bravo.x + bravo.width);
  });

  it('leaves an unanswered reform alone, with a cell that says so', () => {
    const alpha = find(items, 'Alphareform');
    const note = find(items, 'No observed gap recorded against this reform');
    expect(Math.abs(note.y - alpha.y)).toBeLessThan(1);
    for (const gap of ['Charliegap', 'Deltagap']) expect(Math.abs(find(items, gap).y - alpha.y)).toBeGreaterThan(5);
  });

  it('puts a gap that answers no reform alone on its own row, below the reforms', () => {
    const delta = find(items, 'Deltagap');
    const note = find(items, 'Answers no stated reform');
    expect(Math.abs(note.y - delta.y)).toBeLessThan(1);
    expect(delta.y).toBeLessThan(find(items, 'Charliegap').y);
    for (const reform of ['Alphareform', 'Bravoreform']) expect(Math.abs(find(items, reform).y - delta.y)).toBeGreaterThan(5);
  });

  it('pairs no claims the data does not link: each row holds one reform, or one lone gap', () => {
    const starts = ['Alphareform', 'Bravoreform', 'Charliegap', 'Deltagap'].map((w) => Math.round(find(items, w).y));
    expect(new Set(starts).size).toBe(3);
  });
});
