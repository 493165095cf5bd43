/** The recommendations annex: which texts are one recommendation, how entries are numbered, filed and indexed, and what the PDF shows. */
import { describe, expect, it } from 'vitest';
import { renderReview } from '../scripts/lib/build/pipeline.js';
import { annexOf, sameTextKey } from '../scripts/lib/model/annex.js';
import { buildModel } from '../scripts/lib/model/model.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { bodyText, openPdf } from './helpers/pdf.js';
import { renderContext } from './helpers/project.js';

describe('the same text, by sameTextKey', () => {
  /** Pairs from the UPR Info exports (Cuba, session 16, and others) that are one recommendation. */
  it.each([
    ['Abolish the death penalty ', 'Abolish the death penalty'],
    ['Pursue the policies that give priority to the promotion of the right to education for all', 'Pursue policies that give priority to the promotion of the right to education for all'],
    ['Consolidate access to information and culture of all people', 'Consolidate access to information and culture for all people'],
    ['Ratify and implement ICCPR', 'Ratify and implement the International Covenant on Civil and Political Rights'],
    ['Ratify the ICESCR', 'Ratify the ICESCR.'],
  ])('"%s" is "%s"', (a, b) => expect(sameTextKey(a)).toBe(sameTextKey(b)));

  /** Pairs that TF-IDF puts close (0.78 to 0.94 on Cuba's texts) but that ask for different things. */
  it.each([
    ['Accede to the ICESCR and bring national legislation in compliance with relevant provisions of this Covenant', 'Accede to the ICCPR and bring national legislation in compliance with relevant provisions of this Covenant'],
    ['Ratify the ICESCR', 'Consider ratifying the ICESCR'],
    ['Ratify the ICESCR', 'Ratify the ICESCR as soon as possible'],
    ['Access and ratify the OP-CAT', 'Ratify the OP-CAT'],
    ['Abolish the death penalty', 'Promote efforts to abolish the death penalty'],
    ['Do not resume executions', 'Resume executions'],
  ])('"%s" is not "%s"', (a, b) => expect(sameTextKey(a)).not.toBe(sameTextKey(b)));
});

const review: Review = {
  id: 'ax-upr20', title: 'Annexland at session 20', state: 'Annexland', mechanism: 'UPR', session: 20, as_of: '2015-01-20',
  themes: [{ id: 'justice', title: 'Justice' }, { id: 'instruments', title: 'International instruments' }, { id: 'women', title: "Women's rights" }],
  sources: [{ id: 'wg', title: 'Report of the Working Group', type: 'un' }],
  claims: [],
  recommendations: [
    { id: 'r1', text: 'Ratify the ICESCR', from: 'Romania', from_group: 'EEG', response: 'noted', themes: ['instruments'], action: 5, source: 'wg', paragraph: '94.1' },
    { id: 'r2', text: 'Reform the courts', from: 'Chile', from_group: 'GRULAC', response: 'supported', themes: ['justice', 'women'], action: 4, source: 'wg', paragraph: '93.2' },
    { id: 'r3', text: 'Ratify the ICESCR ', from: 'Maldives', from_group: 'Asia', response: 'supported', themes: ['instruments'], action: 5, source: 'wg', paragraph: '94.1' },
    { id: 'r4', text: 'Ratify the ICESCR', from: 'Romania', from_group: 'EEG', response: 'noted', themes: ['instruments'], action: 5, source: 'wg', paragraph: '94.1' },
    { id: 'r5', text: 'Ratify and implement the ICCPR', from: 'Peru', from_group: 'GRULAC', response: 'noted', themes: ['instruments', 'justice'], action: 5, source: 'wg', paragraph: '94.2' },
    { id: 'r6', text: 'Ratify and implement ICCPR', from: 'Canada', from_group: 'WEOG', response: 'noted', themes: ['instruments'], action: 5, source: 'wg', paragraph: '94.3' },
  ],
};

describe('the annex of a review', () => {
  const annex = buildModel(review).annex;

  it('makes each recommendation one entry, the same text by several states one, numbered by first theme then data order', () => {
    expect(annex.entries.map((e) => [e.number, e.text, e.states.map((s) => `${s.name}×${s.rows}`)])).toEqual([
      [1, 'Reform the courts', ['Chile×1']],
      [2, 'Ratify the ICESCR', ['Romania×2', 'Maldives×1']],
      [3, 'Ratify and implement the ICCPR', ['Peru×1', 'Canada×1']],
    ]);
    expect([annex.rows, annex.grouped]).toEqual([6, 2]);
  });

  it("shows each state's response where they differ, other wordings with their states, and every paragraph number once", () => {
    const [, icescr, iccpr] = annex.entries;
    expect([icescr!.response, icescr!.mixedResponse, icescr!.responseStyle]).toEqual(['supported/noted', true, 'mixed']);
    expect(icescr!.paragraphs).toEqual(['94.1']);
    expect(iccpr!.otherWordings).toEqual([{ text: 'Ratify and implement ICCPR', from: 'Canada' }]);
    expect(iccpr!.paragraphs).toEqual(['94.2', '94.3']);
  });

  it('files an entry under its first theme and cross-references it from the others', () => {
    expect(annex.themes.map((t) => [t.title, t.entries.map((e) => e.number), t.seeAlso.map((e) => e.number)])).toEqual([
      ['Justice', [1], [3]],
      ['International instruments', [2, 3], []],
      ["Women's rights", [], [1]],
    ]);
  });

  it('indexes entries by recommending state and counts the recommendations as made by action category and response', () => {
    expect(annex.byState.map((s) => [s.name, s.entries.map((e) => e.number), s.rows])).toEqual([
      ['Canada', [3], 1], ['Chile', [1], 1], ['Maldives', [2], 1], ['Peru', [3], 1], ['Romania', [2], 2],
    ]);
    expect(annex.byAction).toEqual([
      { label: '4 · general action', supported: 1, noted: 0, pending: 0, total: 1 },
      { label: '5 · specific action', supported: 1, noted: 4, pending: 0, total: 5 },
    ]);
    expect(annex.total.total).toBe(6);
  });

  it('names the source once for the annex when all cite the same, and on each entry otherwise', () => {
    expect(annex.source?.number).toBe(1);
    expect(annex.entries.every((e) => e.citation === '')).toBe(true);
    const two = buildModel({ ...review, sources: [...review.sources, { id: 'ui', title: 'UPR Info', type: 'ngo' }], recommendations: review.recommendations.map((r, i) => ({ ...r, source: i < 2 ? 'ui' : 'wg' })) }).annex;
    expect(two.source).toBeUndefined();
    expect(two.entries.map((e) => [e.text, e.citation])).toEqual([['Reform the courts', '[2]'], ['Ratify the ICESCR', '[2]'], ['Ratify the ICESCR', '[1]'], ['Ratify and implement the ICCPR', '[1]']]);
  });

  it('keeps apart the same text cited from different sources', () => {
    const model = buildModel({ ...review, sources: [...review.sources, { id: 'ui', title: 'UPR Info', type: 'ngo' }] });
    const recs = model.recommendations.map((r, i) => (i === 3 ? { ...r, source: 'ui', cited: model.sources[1] } : r));
    expect(annexOf(recs, review.themes).entries).toHaveLength(4);
  });
});

describe('the annex in the PDF', () => {
  it('breaks an entry taller than a page inside its text, and loses none of it', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `clause${i}`).join(' and ');
    const data: Review = { ...review, recommendations: [{ ...review.recommendations[0]!, text: `Ensure ${long} (end of text)` }] };
    expect(buildModel(data).annex.entries[0]!.long).toBe(true);
    expect(buildModel(review).annex.entries.some((e) => e.long)).toBe(false);
    const pdf = await openPdf((await renderReview(data, await renderContext()))['briefing.pdf']);
    const text = (await bodyText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('clause0 and clause1 and');
    expect(text).toContain('clause599 (end of text) Romania (EEG) · para. 94.1 · action 5, specific action');
    await pdf.destroy();
  });

  it('prints each entry once with its number, response, states, paragraph numbers and action, the citation once in the introduction, and the index by state', async () => {
    const pdf = await openPdf((await renderReview(review, await renderContext()))['briefing.pdf']);
    const text = (await bodyText(pdf)).replace(/\s+/g, ' ');
    const annex = text.slice(text.lastIndexOf('Annex: the recommendations'));
    expect(annex).toContain('Each of the 6 recommendations that Annexland received at session 20 stands here once, as one of 3 numbered entries');
    expect(annex).toContain('All are as [1] records them.');
    expect(annex).toContain('2 supported/noted Ratify the ICESCR Romania (EEG, noted, ×2), Maldives (Asia, supported) · para. 94.1 · action 5, specific action');
    expect(annex).toContain('3 noted Ratify and implement the ICCPR Peru (GRULAC), Canada (WEOG) · para. 94.2, 94.3 · action 5, specific action · also under Justice · also worded “Ratify and implement ICCPR” (Canada)');
    expect(annex).toContain('Also on this theme, listed under another: 3.');
    expect(annex).toContain("Women's rights On this theme, listed under another: 1.");
    expect(annex).toContain('Index by recommending state Each recommending state with its regional group and the numbers of its entries. Canada (WEOG): 3 Chile (GRULAC): 1 Maldives (Asia): 2 Peru (GRULAC): 3 Romania (EEG): 2 (2 recommendations)');
    expect(annex.match(/Ratify the ICESCR/g)).toHaveLength(1);
    await pdf.destroy();
  });
});
