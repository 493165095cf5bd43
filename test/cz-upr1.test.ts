/**
 * The first-cycle sample, data/reviews/cz-upr1.yaml: the Czech Republic at session 1, taken from the Working
 * Group's report A/HRC/8/33, with the responses from UPR Info's export. It builds from the committed file alone;
 * the comparisons with the report and the export run when ../shared is there and are skipped, saying so, when not.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkReviews } from '../scripts/lib/build/pipeline.js';
import { buildModel, type BriefingModel } from '../scripts/lib/model/model.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { ROOT } from './helpers/project.js';
import { readWorkingGroupReport, recommendationWords, uprInfoName, type WorkingGroupReport } from './helpers/wg-report.js';

const FILE = join(ROOT, 'data/reviews/cz-upr1.yaml');
const REPORT = join(ROOT, '..', 'shared', 'upr-reports', 'czech-republic-2008-wg-report.txt');
const EXPORT = join(ROOT, '..', 'shared', 'upr-info', 'upr-info-sessions-1-5.csv');
const shared = existsSync(REPORT) && existsSync(EXPORT);
const title = (what: string) => (shared ? what : `${what} (skipped: ../shared is absent)`);

/** UPR Info's texts drop the report's leading "To", capitalise "Justice" and, once, a "to": compare the words that are left. */
const words = (text: string) => recommendationWords(text).join(' ');

/** The Czech Republic's rows of session 1 in the raw export (Mac OS Roman, CR line ends), split by a small CSV reader. */
async function exportRows(): Promise<string[][]> {
  const text = new TextDecoder('macintosh').decode(await readFile(EXPORT));
  const cells = (row: string) => [...row.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, 11);
  return text.split('\r').filter((r) => r.startsWith('Czech Republic,') && r.trimEnd().endsWith(',1')).map(cells);
}

describe('the Czech Republic sample of session 1', () => {
  let review: Review;
  let model: BriefingModel;
  let report: WorkingGroupReport;
  beforeAll(async () => {
    const [checked] = checkReviews([{ path: 'data/reviews/cz-upr1.yaml', bytes: await readFile(FILE) }]);
    expect(checked!.messages).toEqual([]);
    review = checked!.review!;
    model = buildModel(review);
    if (shared) report = await readWorkingGroupReport(REPORT, 44);
  });

  it('is a final review of the Czech Republic (CZ) at session 1, reviewed on 16 April 2008', () => {
    expect(review).toMatchObject({ id: 'cz-upr1', status: 'final', state: 'Czech Republic', iso: 'CZ', session: 1, review_date: '2008-04-16' });
    expect(model.review.cycle).toBe(1);
  });

  it('holds 37 recommendations, one per recommending state, numbered 44.1 to 44.30 in the report\'s order', () => {
    expect(review.recommendations).toHaveLength(37);
    expect(new Set(review.recommendations.map((r) => r.id)).size).toBe(37);
    const paragraphs = [...new Set(review.recommendations.map((r) => r.paragraph))];
    expect(paragraphs).toEqual(Array.from({ length: 30 }, (_, i) => `44.${i + 1}`));
    for (const r of review.recommendations) expect(r.source, r.id).toBe('a-hrc-8-33');
  });

  it.skipIf(!shared)(title('has each recommendation of A/HRC/8/33, para. 44, once per state it names, with the report\'s text at its paragraph'), () => {
    const expected = [...report.recommendations].flatMap(([paragraph, listed]) =>
      listed.flatMap((r) => r.states.map((state) => `${paragraph} | ${uprInfoName(state)} | ${r.text.replace(/^to /, 'To ')}`)),
    );
    expect(expected).toHaveLength(37);
    expect(report.recommendations.size).toBe(30);
    expect(review.recommendations.map((r) => `${r.paragraph} | ${r.from} | ${r.text}`)).toEqual(expected);
  });

  it.skipIf(!shared)(title('has the response, regional group, action and issues of UPR Info\'s row for the same state and text, 37 rows, 35 accepted'), async () => {
    const rows = await exportRows();
    expect(rows).toHaveLength(37);
    const unmatched = [...rows];
    for (const rec of review.recommendations) {
      const i = unmatched.findIndex((row) => row[4] === rec.from && words(row[3]!) === words(rec.text));
      expect(i, `${rec.id} has a row in the export`).toBeGreaterThanOrEqual(0);
      const [row] = unmatched.splice(i, 1);
      const themes = row![9]!.split(',').map((issue) => review.themes.find((t) => t.title === issue)?.id);
      expect([rec.response, rec.from_group, rec.action, rec.themes], rec.id).toEqual([row![7] === 'Accepted' ? 'supported' : 'noted', row![5], Number(row![8]), themes]);
    }
    expect(unmatched).toEqual([]);
    expect(model.counts.recommendations).toMatchObject({ total: 37, supported: rows.filter((r) => r[7] === 'Accepted').length, noted: 2 });
    expect(model.counts.recommendations.supported).toBe(35);
    expect(review.claims.find((c) => c.id === 'upr-info-responses')!.text).toContain('35 of the 37 recommendations accepted and the 2');
  });

  it.skipIf(!shared)(title('takes each claim from the report\'s paragraphs it cites: the speaking state and every number are there'), () => {
    for (const claim of model.claims) {
      const cited = claim.cited.filter((c) => c.id === 'a-hrc-8-33');
      if (claim.id === 'upr-info-responses') continue; // checked against the export above
      expect(cited.length, `${claim.id} cites the report`).toBeGreaterThan(0);
      for (const c of cited) expect(c.at, claim.id).toMatch(/^para\. \d+$/);
      const text = cited.map((c) => report.paragraphs.get(c.at!.replace('para. ', '')) ?? '').join(' ');
      for (const c of cited) expect(report.paragraphs.has(c.at!.replace('para. ', '')), `${claim.id} cites ${c.at}`).toBe(true);
      if (claim.speaker === 'other-state') expect(text, claim.id).toContain(claim.actor!);
      for (const number of claim.text.match(/\d+(\.\d+)?/g) ?? []) expect(text, `${claim.id}: ${number}`).toContain(number);
    }
  });

  it.skipIf(!shared)(title('cites the compilation and the stakeholders\' summary only at the paragraphs the report gives for them'), () => {
    const cites = model.claims.flatMap((claim) => claim.cited.filter((c) => c.id.startsWith('a-hrc-wg6-1-cze-') && c.at).map((c) => [claim, c] as const));
    expect(cites.length).toBeGreaterThan(0);
    const named: Record<string, string> = { 'a-hrc-wg6-1-cze-2': 'compilation', 'a-hrc-wg6-1-cze-3': '(stakeholders’ )?summary' };
    for (const [claim, c] of cites) {
      const said = claim.cited.filter((r) => r.id === 'a-hrc-8-33').map((r) => report.paragraphs.get(r.at!.replace('para. ', ''))!).join(' ');
      const [from, to] = c.at!.replace(/^paras?\. /, '').split('–');
      const range = to ? `paragraphs ${from} to ${to}` : `paragraph ${from}`;
      expect(said, `${claim.id}: ${c.id} ${c.at}`).toMatch(new RegExp(`${range} of the ${named[c.id]!}`));
    }
  });

  it('labels the government\'s statements self-reported, other states\' independent or, where the UN compilation confirms them, confirmed', () => {
    for (const claim of model.claims) {
      if (claim.speakerType === 'government') expect(claim.evidence, claim.id).toBe('self-reported');
      else if (claim.cited.some((c) => c.role === 'confirms')) expect(claim.evidence, claim.id).toBe('confirmed');
      else expect(claim.evidence, claim.id).toBe('independent');
    }
    expect(model.claims.filter((c) => c.evidence === 'confirmed').map((c) => c.id)).toEqual(['dz-housing', 'dz-coerced-sterilization']);
    expect(model.claims.filter((c) => c.inferred).map((c) => c.id)).toEqual(['sterilization-took-place']);
  });
});
