/** Who says it and who confirms it: speakers, citation roles and the evidence label derived from them. */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkReviews, renderReview, type Outputs } from '../scripts/lib/build/pipeline.js';
import { buildModel, evidenceOf, type Evidence } from '../scripts/lib/model/model.js';
import { CITATION_ROLES, SOURCE_TYPES, SPEAKER_TYPES, type Review } from '../scripts/lib/review/schema.js';
import { bodyText, openPdf } from './helpers/pdf.js';
import { renderContext, SAMPLE } from './helpers/project.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const params = { numRuns: Number(process.env.FC_RUNS ?? 200), seed: Number(process.env.FC_SEED ?? 20261201) };

async function sample(): Promise<Review> {
  const [checked] = checkReviews([{ path: 'data/reviews/kz-upr48.yaml', bytes: await readFile(SAMPLE) }]);
  expect(checked!.messages).toEqual([]);
  return checked!.review!;
}

const theme = { id: 't', title: 'Theme' };
const sources: Review['sources'] = [
  { id: 'gov', title: 'National report', type: 'government' },
  { id: 'wg', title: 'Working Group report', type: 'un' },
  { id: 'press', title: 'News article', type: 'media' },
  { id: 'ngo', title: 'Shadow report', type: 'ngo' },
];

function labels(claims: Partial<Review['claims'][number]>[]): Evidence[] {
  const review = {
    id: 'x', title: 'X', state: 'X', mechanism: 'UPR', session: 14, as_of: '2012-10-22', themes: [theme], sources, recommendations: [],
    claims: claims.map((c, i) => ({ id: `c${i}`, theme: 't', kind: 'stated-reform' as const, basis: 'sourced' as const, text: 'T', sources: [], ...c })),
  } satisfies Review;
  return buildModel(review).claims.map((c) => c.evidence);
}

describe('evidence labels', () => {
  it('labels a government statement that UN and press sources only relay self-reported', () => {
    expect(labels([{ sources: ['press'] }, { sources: ['wg', 'press'] }, { sources: ['gov'] }, { kind: 'observed-gap', speaker: 'government', sources: ['ngo'] }]))
      .toEqual(['self-reported', 'self-reported', 'self-reported', 'self-reported']);
  });

  it('labels a government statement confirmed only when an independent source says it confirms', () => {
    expect(labels([{ sources: ['wg', { source: 'ngo', role: 'confirms' }] }, { sources: [{ source: 'gov', role: 'confirms' }] }]))
      .toEqual(['confirmed', 'self-reported']);
  });

  it('labels a claim that a source disputes disputed, even when another confirms it', () => {
    expect(labels([{ sources: [{ source: 'ngo', role: 'disputes' }] }, { sources: [{ source: 'wg', role: 'confirms' }, { source: 'ngo', role: 'disputes' }] }]))
      .toEqual(['disputed', 'disputed']);
  });

  it('labels what another speaker says independent, and keeps the source-type labels when no speaker is given', () => {
    expect(labels([
      { kind: 'observed-gap', speaker: 'other-state', sources: ['wg'] },
      { kind: 'observed-gap', sources: ['ngo'] },
      { kind: 'observed-gap', sources: ['gov'] },
      { kind: 'context', sources: ['gov', 'ngo'] },
      { kind: 'context', basis: 'inferred', sources: [] },
    ])).toEqual(['independent', 'independent', 'self-reported', 'mixed', 'unsourced']);
  });

  it('never labels a government statement with independent support unless a citation says it confirms (property)', () => {
    const citation = fc.record({ type: fc.constantFrom(...SOURCE_TYPES), role: fc.constantFrom(...CITATION_ROLES) });
    fc.assert(
      fc.property(fc.array(citation, { maxLength: 6 }), (cited) => {
        const label = evidenceOf('government', cited);
        const supported = label === 'confirmed' || label === 'independent' || label === 'mixed';
        expect(!supported || cited.some((c) => c.role === 'confirms' && c.type !== 'government')).toBe(true);
        if (cited.length > 0 && cited.every((c) => c.role === 'reports')) expect(label).toBe('self-reported');
      }),
      params,
    );
  });

  it('labels every government statement whose citations only report self-reported, over random speakers, kinds and sources (property)', () => {
    const claim = fc.record({
      kind: fc.constantFrom('stated-reform' as const, 'observed-gap' as const, 'context' as const),
      speaker: fc.option(fc.constantFrom(...SPEAKER_TYPES), { nil: undefined }),
      sources: fc.subarray(sources.map((s) => s.id), { minLength: 1 }),
    });
    fc.assert(
      fc.property(fc.array(claim, { minLength: 1, maxLength: 5 }), (claims) => {
        const got = labels(claims);
        claims.forEach((c, i) => {
          const government = c.speaker === 'government' || (c.speaker === undefined && c.kind === 'stated-reform');
          if (government) expect(got[i]).toBe('self-reported');
        });
      }),
      params,
    );
  });
});

describe('citations', () => {
  it('are printed in number order, with the role after the number when it is not reports', () => {
    const review = {
      id: 'x', title: 'X', state: 'X', mechanism: 'UPR', session: 14, as_of: '2012-10-22', themes: [theme], sources, recommendations: [],
      claims: [{ id: 'c', theme: 't', kind: 'stated-reform' as const, basis: 'sourced' as const, text: 'T', sources: [{ source: 'ngo', role: 'confirms' as const }, 'gov', 'wg'] }],
    } satisfies Review;
    expect(buildModel(review).claims[0]!.citation).toBe('[1][2][4 confirms]');
  });
});

describe('the sample: c2 rests on the government\'s word, relayed by a news article', () => {
  let outputs: Outputs;
  beforeAll(async () => {
    outputs = await renderReview(await sample(), await renderContext());
  });

  it('is self-reported in summary.txt', () => {
    const summary = decode(outputs['summary.txt']).replace(/\s+/g, ' ');
    expect(summary).toContain('reduced from 40,000 to 20,000. [1] (Government of Kazakhstan; self-reported)');
  });

  it('is self-reported in claims.csv, with its speaker and the source\'s role', () => {
    const rows = parse(decode(outputs['claims.csv']), { columns: true }) as Record<string, string>[];
    const c2 = rows.filter((r) => r.claim_id === 'c2');
    expect(c2.map((r) => [r.evidence, r.speaker, r.source_id, r.source_role])).toEqual([['self-reported', 'government', 's1', 'reports']]);
  });

  it('is self-reported in the PDF', async () => {
    const text = await bodyText(await openPdf(outputs['briefing.pdf']));
    expect(text.match(/reduced from 40,000 to 20,000\. \[1\] (\S+)/g)?.map((m) => m.split(' ').at(-1))).toEqual(['self-reported', 'self-reported']);
  });
});
