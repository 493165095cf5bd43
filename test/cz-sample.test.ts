/**
 * The second sample, data/reviews/cz-upr14.yaml: the Czech Republic at session 14, taken from the Working Group's
 * report A/HRC/22/3 with its recommendations imported from UPR Info. It builds from the committed file alone; the
 * tests that compare it with ../shared run when ../shared is there and are skipped, saying so, when it is not.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkReviews, renderReview, type Outputs } from '../scripts/lib/build/pipeline.js';
import { batchRows } from '../scripts/lib/importers/batch.js';
import { mergeReview } from '../scripts/lib/importers/merge.js';
import { parseUprInfo, uprInfo } from '../scripts/lib/importers/upr-info.js';
import { buildModel, type BriefingModel } from '../scripts/lib/model/model.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { bodyText, openPdf } from './helpers/pdf.js';
import { renderContext, ROOT } from './helpers/project.js';
import { readWorkingGroupReport, recommendationWords, uprInfoName } from './helpers/wg-report.js';

const FILE = join(ROOT, 'data/reviews/cz-upr14.yaml');
const REPORT = join(ROOT, '..', 'shared', 'upr-reports', 'czech-republic-2012-wg-report.txt');
const EXPORT = join(ROOT, '..', 'shared', 'upr-info', 'upr-info-sessions-14-17.csv');
const shared = existsSync(REPORT) && existsSync(EXPORT);
const title = (what: string) => (shared ? what : `${what} (skipped: ../shared is absent)`);

/** The report's numbered paragraphs (`54. The Czech Republic stated …`). */
async function reportParagraphs(): Promise<Map<string, string>> {
  return (await readWorkingGroupReport(REPORT, 94)).paragraphs;
}

/** The one recommendation whose words UPR Info changed: it completed the report's "in these efforts" from the sentence before. */
const REWORDED: Record<string, string> = { 'rec-33d57208ed': 'Seek to ensure full participation of the Roma themselves in these efforts' };

describe('the Czech Republic sample', () => {
  let review: Review;
  let model: BriefingModel;
  let outputs: Outputs;
  beforeAll(async () => {
    const [checked] = checkReviews([{ path: 'data/reviews/cz-upr14.yaml', bytes: await readFile(FILE) }]);
    expect(checked!.messages).toEqual([]);
    review = checked!.review!;
    model = buildModel(review);
    outputs = await renderReview(review, await renderContext());
  });

  it('matches the golden summary.txt, claims.csv and recommendations.csv in test/golden/cz-upr14', async () => {
    for (const name of ['summary.txt', 'claims.csv', 'recommendations.csv'] as const) {
      expect(new TextDecoder().decode(outputs[name]), name).toBe(await readFile(join(ROOT, 'test/golden/cz-upr14', name), 'utf8'));
    }
  });

  it('holds the 161 recommendations of session 14, committed with it', () => {
    expect(review.recommendations).toHaveLength(161);
    expect(new Set(review.recommendations.map((r) => r.id)).size).toBe(161);
  });

  it.skipIf(!shared)(title('has as many supported and noted recommendations as the UPR Info export, counted from its raw rows'), async () => {
    const rows = (await readFile(EXPORT, 'latin1')).split('\r').filter((r) => r.startsWith('Czech Republic,') && r.endsWith(',14'));
    expect(rows).toHaveLength(161);
    const supported = rows.filter((r) => /,(Accepted|Supported),/.test(r)).length;
    expect(model.counts.recommendations).toMatchObject({ total: 161, supported, noted: 161 - supported });
  });

  it.skipIf(!shared)(title('gives each recommendation the paragraph of A/HRC/22/3 that makes it: the same state, the same words, each of the report\'s 161 once'), async () => {
    const report = await readWorkingGroupReport(REPORT, 94);
    const key = (paragraph: string, from: string, text: string) => `${paragraph} | ${from} | ${recommendationWords(text).join(' ')}`;
    const made = [...report.recommendations].flatMap(([paragraph, listed]) => listed.flatMap((r) => r.states.map((state) => key(paragraph, uprInfoName(state), r.text))));
    expect(report.recommendations.size).toBe(136);
    expect(made).toHaveLength(161);
    const given = review.recommendations.map((r) => key(r.paragraph!, r.from, REWORDED[r.id] ?? r.text));
    expect([...given].sort()).toEqual([...made].sort());
    expect(review.recommendations.find((r) => r.id === 'rec-33d57208ed')!.text).toMatch(/^Seek to ensure full participation of the Roma themselves in /);
  });

  it.skipIf(!shared)(title('is what re-importing its rows from the UPR Info export gives back, byte for byte, paragraph numbers included'), async () => {
    const bytes = new Uint8Array(await readFile(FILE));
    const parsed = parseUprInfo(new TextDecoder('macintosh').decode(await readFile(EXPORT)), 'upr-info-sessions-14-17.csv');
    const [batch] = batchRows(parsed.rows, { state: 'Czech Republic', session: 14 });
    const merged = mergeReview(bytes, batch!, { format: uprInfo, path: 'data/reviews/cz-upr14.yaml', today: '2026-01-15', from: 'upr-info-sessions-14-17.csv' });
    expect(merged.stats).toMatchObject({ added: 0, removed: 0, changed: 0 });
    expect(merged.text).toBe(new TextDecoder().decode(bytes));
  });

  it('cites every claim to A/HRC/22/3 by paragraph', () => {
    const report = review.sources.find((s) => s.id === 'a-hrc-22-3')!;
    expect(report).toMatchObject({ type: 'un', title: expect.stringContaining('A/HRC/22/3') });
    for (const claim of model.claims) {
      expect(claim.cited.length, claim.id).toBeGreaterThan(0);
      for (const cited of claim.cited) expect([cited.id, cited.at], claim.id).toEqual(['a-hrc-22-3', expect.stringMatching(/^para\. \d+$/)]);
    }
  });

  it.skipIf(!shared)(title('takes each claim from the paragraph it cites: the speaking state and every number are there'), async () => {
    const paragraphs = await reportParagraphs();
    for (const claim of model.claims) {
      const text = claim.cited.map((c) => paragraphs.get(c.at!.replace('para. ', '')) ?? '').join(' ');
      expect(text, `${claim.id} cites a paragraph the report has`).not.toBe('');
      if (claim.speaker === 'other-state') expect(text, claim.id).toContain(claim.actor!);
      for (const number of claim.text.match(/\d+(\.\d+)?/g) ?? []) expect(text, `${claim.id}: ${number}`).toContain(number);
    }
  });

  it('labels the government\'s statements self-reported and the other states\' independent', () => {
    for (const claim of model.claims) {
      if (claim.speakerType === 'government') expect(claim.evidence, claim.id).toBe('self-reported');
      else expect(claim.evidence, claim.id).toBe('independent');
    }
    expect(model.claims.filter((c) => c.kind === 'observed-gap' && c.speakerType === 'government').map((c) => c.id)).toEqual(['gov-hate-motive-proof']);
  });

  it('has a Commitments and implementation section whose counts, statuses and evidence are the data\'s', async () => {
    const text = await bodyText(await openPdf(outputs['briefing.pdf']));
    const { commitments } = model;
    expect(commitments.assessed).toBe(review.recommendations.filter((r) => r.response === 'supported' && r.assessment).length);
    const rows = commitments.byStatus.map((s) => `${s.label} ${s.count} ${s.selfReported}`).join(' ');
    expect(text).toContain(`Status Supported Of which self-reported ${rows} not assessed ${commitments.notAssessed} – All supported ${commitments.supported} ${commitments.selfReported}`);
    expect(rows).toBe('fully implemented 0 0 partially implemented 2 0 not implemented 4 2 no information 0 0');
    expect(text).toMatch(/Expedite the ratification of the OP-CRC-SC \[2\] India not implemented self-reported/);
  });
});
