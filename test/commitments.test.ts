/** What became of each commitment: assessments of recommendations, the PDF section, the CSV columns and the summary. */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReview, type Outputs } from '../scripts/lib/build/pipeline.js';
import { assessmentEvidence, buildModel } from '../scripts/lib/model/model.js';
import { RECOMMENDATIONS_CSV_HEADER } from '../scripts/lib/render/csv.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { bodyText, openPdf } from './helpers/pdf.js';
import { renderContext } from './helpers/project.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const review: Review = {
  id: 'cm-upr14', title: 'Commitland at session 14', state: 'Commitland', iso: 'CZ', mechanism: 'UPR', session: 14, as_of: '2012-10-22',
  themes: [{ id: 'justice', title: 'Justice' }, { id: 'roma', title: 'Roma' }],
  sources: [{ id: 'wg', title: 'Report of the Working Group', type: 'un' }, { id: 'ngo', title: 'Shadow report', type: 'ngo' }],
  claims: [
    { id: 'gov-ombudsman', theme: 'justice', kind: 'stated-reform', basis: 'sourced', text: 'Govclaim: an ombudsman was appointed.', sources: ['wg'] },
    { id: 'ngo-schools', theme: 'roma', kind: 'observed-gap', basis: 'sourced', text: 'Ngoclaim: Roma children are still placed in practical schools.', sources: ['ngo'] },
  ],
  recommendations: [
    { id: 'r1', text: 'Appoint an ombudsman', from: 'Norway', response: 'supported', themes: ['justice'], assessment: { status: 'fully-implemented', claims: ['gov-ombudsman'] } },
    { id: 'r2', text: 'End segregation of Roma children', from: 'Sweden', response: 'supported', themes: ['roma'], assessment: { status: 'not-implemented', claims: ['ngo-schools'], note: 'the 2012 report records it' } },
    { id: 'r3', text: 'Ratify the Optional Protocol', from: 'Chile', response: 'supported', themes: ['justice'] },
    { id: 'r4', text: 'Abolish the quota', from: 'France', response: 'noted', themes: ['roma'] },
  ],
};

describe('assessments of recommendations', () => {
  let outputs: Outputs;
  beforeAll(async () => {
    outputs = await renderReview(review, await renderContext());
  });

  it('derives an assessment\'s evidence from its claims, never stronger than its weakest support', () => {
    expect(assessmentEvidence([])).toBe('unsourced');
    expect(assessmentEvidence(['self-reported', 'unsourced'])).toBe('self-reported');
    expect(assessmentEvidence(['self-reported', 'independent'])).toBe('mixed');
    expect(assessmentEvidence(['confirmed', 'independent'])).toBe('confirmed');
    expect(assessmentEvidence(['confirmed', 'disputed'])).toBe('disputed');
    const model = buildModel(review);
    expect(model.recommendations.map((r) => r.assessment?.evidence)).toEqual(['self-reported', 'independent', undefined, undefined]);
  });

  it('counts the supported recommendations by status in the PDF as the data has them, and shows a self-reported "implemented" as such', async () => {
    const text = await bodyText(await openPdf(outputs['briefing.pdf']));
    expect(text).toContain('Commitments and implementation');
    expect(text).toContain('What became of the 3 recommendations that Commitland supported: 2 assessed, 1 not assessed. Of the assessed, 1 (50%) rest on the government\'s word alone');
    expect(text).toContain('Status Supported Of which self-reported fully implemented 1 1 partially implemented 0 0 not implemented 1 0 no information 0 0 not assessed 1 – All supported 3 1');
    expect(text).toMatch(/Appoint an ombudsman Norway fully implemented self-reported Govclaim: an ombudsman was appointed\. \[1\] self-reported/);
    expect(text).toMatch(/End segregation of Roma children Sweden not implemented independent Ngoclaim: .* \[2\] independent the 2012 report records it/);
    expect(text).toContain('1 other supported recommendation on this theme has no assessment.');
  });

  it('appends status, evidence, claim ids, state, ISO code, session and cycle to recommendations.csv', () => {
    const rows = parse(decode(outputs['recommendations.csv'])) as string[][];
    expect(rows[0]).toEqual([...RECOMMENDATIONS_CSV_HEADER]);
    expect(rows[0]!.slice(0, 8)).toEqual(['review_id', 'recommendation_id', 'recommending_state', 'regional_group', 'response', 'action', 'themes', 'text']);
    expect(rows.slice(1).map((r) => r.slice(8))).toEqual([
      ['fully-implemented', 'self-reported', 'gov-ombudsman', 'Commitland', 'CZ', '14', '2'],
      ['not-implemented', 'independent', 'ngo-schools', 'Commitland', 'CZ', '14', '2'],
      ['', '', '', 'Commitland', 'CZ', '14', '2'],
      ['', '', '', 'Commitland', 'CZ', '14', '2'],
    ]);
  });

  it('gives the summary a short commitments overview', () => {
    const summary = decode(outputs['summary.txt']).replace(/\s+/g, ' ');
    expect(summary).toContain('COMMITMENTS ----------- Of the 3 supported recommendations, 2 have an assessment: 1 fully implemented, 0 partially implemented, 1 not implemented, 0 no information; 1 of them rest on the government\'s word alone (self-reported).');
    expect(summary).toContain('- Appoint an ombudsman (Norway): fully implemented (self-reported)');
  });
});
