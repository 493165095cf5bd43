/**
 * Matching recommendations across cycles (scripts/lib/followup/): the committed two-cycle fixtures in
 * test/followup/<case>/ (always run), the properties the matching promises, and the shared UPR Info exports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { followUp, REPEATED, type FollowUp, type FollowUpInput, type Match } from '../scripts/lib/followup/match.js';
import type { Overrides } from '../scripts/lib/followup/overrides.js';
import { terms, themeLabel, withoutAttribution } from '../scripts/lib/followup/words.js';
import { reviewSchema, type Recommendation, type Review } from '../scripts/lib/review/schema.js';

const CASES = new URL('./followup/', import.meta.url);
const RUNS = Number(process.env.FC_RUNS ?? 200);
const SEED = Number(process.env.FC_SEED ?? 20261201);

interface Expected {
  overrides?: Overrides;
  current: Record<string, { class: string; counterpart?: string[]; then?: string; now?: string; same_state?: boolean; override?: string }>;
  unmatched: string[];
}

const readYaml = (path: URL) => parse(readFileSync(path, 'utf8')) as unknown;
const review = (path: URL): Review => reviewSchema.parse(readYaml(path));
const caseNames = readdirSync(CASES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const loadCase = (name: string) => ({
  previous: review(new URL(`${name}/previous.yaml`, CASES)),
  current: review(new URL(`${name}/current.yaml`, CASES)),
  expected: readYaml(new URL(`${name}/expected.yaml`, CASES)) as Expected,
});

/** What the expectations speak of, in their words. */
function seen(m: Match) {
  return {
    class: m.class,
    counterpart: m.counterpart?.id,
    then: m.positionChange?.then,
    now: m.positionChange?.now,
    same_state: m.counterpart?.sameState,
    override: m.override,
  };
}

describe('following up a committed two-cycle fixture', () => {
  it('has at least one case', () => expect(caseNames.length).toBeGreaterThan(0));

  describe.each(caseNames)('%s', (name) => {
    const { previous, current, expected } = loadCase(name);
    const result = followUp(previous, current, { overrides: expected.overrides });

    it('classifies every current recommendation as written by hand in expected.yaml', () => {
      expect(result.current.map((m) => m.id).sort()).toEqual(Object.keys(expected.current).sort());
      for (const m of result.current) {
        const want = expected.current[m.id]!;
        const got = seen(m);
        expect({ id: m.id, class: got.class }).toEqual({ id: m.id, class: want.class });
        if (want.counterpart) expect(want.counterpart, m.id).toContain(got.counterpart);
        expect({ id: m.id, then: got.then, now: got.now }).toEqual({ id: m.id, then: want.then, now: want.now });
        if (want.same_state !== undefined) expect(got.same_state, m.id).toBe(want.same_state);
        expect(got.override, m.id).toBe(want.override);
      }
    });

    it('lists the previous recommendations that nothing follows up', () => {
      expect(result.unmatched.map((m) => m.id).sort()).toEqual([...expected.unmatched].sort());
    });

    it('counts what it classified', () => {
      const classes = result.current.map((m) => m.class);
      expect(result.counts).toMatchObject({
        current: current.recommendations.length,
        previous: previous.recommendations.length,
        repeated: classes.filter((c) => c === 'repeated').length,
        related: classes.filter((c) => c === 'related').length,
        new: classes.filter((c) => c === 'new').length,
        unmatched: expected.unmatched.length,
      });
      expect(result.problems).toEqual([]);
    });
  });
});

const bahamas = loadCase('bahamas');
const ids = (matches: readonly Match[]) => matches.map((m) => [m.id, m.class, m.counterpart?.id]);
const byId = (result: FollowUp, id: string) => result.current.find((m) => m.id === id)!;

describe('position changes', () => {
  const result = followUp(bahamas.previous, bahamas.current);

  it('are reported both ways: noted then and supported now, and supported then and noted now', () => {
    const changes = result.positionChanges.map((c) => [c.current, c.previous, `${c.then}→${c.now}`]);
    expect(changes).toContainEqual(['c-nhri-germany', 'p-nhri-australia', 'noted→supported']);
    expect(changes).toContainEqual(['c-ced-argentina', 'p-ced-france', 'supported→noted']);
    expect(result.counts.nowSupported).toBe(result.positionChanges.filter((c) => c.now === 'supported').length);
    expect(result.counts.nowNoted).toBe(result.positionChanges.filter((c) => c.now === 'noted').length);
    expect(result.counts.nowSupported).toBeGreaterThan(0);
    expect(result.counts.nowNoted).toBeGreaterThan(0);
  });

  it('are seen from the previous side too, with then and now in the same order', () => {
    const france = result.previous.find((m) => m.id === 'p-ced-france')!;
    expect(france.counterpart?.id).toBe('c-ced-argentina');
    expect(france.positionChange).toEqual({ then: 'supported', now: 'noted' });
  });

  it('are not reported when the response stayed the same', () => {
    expect(byId(result, 'c-dp-estonia').positionChange).toBeUndefined();
    expect(result.positionChanges.map((c) => c.current)).not.toContain('c-dp-estonia');
  });
});

describe('overrides', () => {
  const plain = followUp(bahamas.previous, bahamas.current);

  it('same_as wins: it matches two recommendations that share no theme and hardly a word', () => {
    const overrides = { same_as: { 'c-trafficking-singapore': 'p-backlog-slovenia' } };
    const result = followUp(bahamas.previous, bahamas.current, { overrides });
    const m = byId(result, 'c-trafficking-singapore');
    expect(byId(plain, 'c-trafficking-singapore').class).toBe('new');
    expect(m).toMatchObject({ class: 'related', override: 'same_as', counterpart: { id: 'p-backlog-slovenia', sharedThemes: [] } });
    expect(m.counterpart!.similarity).toBeLessThan(0.5);
    expect(result.unmatched.map((u) => u.id)).not.toContain('p-backlog-slovenia');
    expect(result.previous.find((p) => p.id === 'p-backlog-slovenia')).toMatchObject({ override: 'same_as', counterpart: { id: 'c-trafficking-singapore' } });
  });

  it('same_as keeps the class the texts earn: a near-identical pair stays repeated', () => {
    const result = followUp(bahamas.previous, bahamas.current, { overrides: { same_as: { 'c-nhri-malaysia': 'p-nhri-germany' } } });
    const m = byId(result, 'c-nhri-malaysia');
    expect(m).toMatchObject({ override: 'same_as', counterpart: { id: 'p-nhri-germany' } });
    expect(m.class).toBe(m.counterpart!.similarity >= REPEATED ? 'repeated' : 'related');
  });

  it('not_same_as wins: the ruled-out counterpart is never chosen, on either side', () => {
    const identical = ['p-standing-czech-republic', 'p-standing-latvia', 'p-standing-mexico'];
    const result = followUp(bahamas.previous, bahamas.current, { overrides: { not_same_as: { 'c-standing-latvia': identical } } });
    const m = byId(result, 'c-standing-latvia');
    expect(byId(plain, 'c-standing-latvia').class).toBe('repeated');
    expect(m.class).toBe('new');
    expect(m.override).toBe('not_same_as');
    for (const id of identical) expect(result.unmatched.map((u) => u.id)).toContain(id);
  });

  it('not_same_as of one candidate leaves the next best', () => {
    const result = followUp(bahamas.previous, bahamas.current, { overrides: { not_same_as: { 'c-standing-latvia': ['p-standing-latvia'] } } });
    expect(byId(result, 'c-standing-latvia')).toMatchObject({ class: 'repeated', override: 'not_same_as', counterpart: { sameState: false } });
    expect(['p-standing-czech-republic', 'p-standing-mexico']).toContain(byId(result, 'c-standing-latvia').counterpart!.id);
  });

  it('reports an override that names an unknown recommendation or says both, and does not apply it', () => {
    const overrides = {
      same_as: { 'c-nope': 'p-nhri-australia', 'c-rome-spain': 'p-nope', 'c-dp-estonia': 'p-dp-germany' },
      not_same_as: { 'c-dp-estonia': ['p-dp-germany'] },
    };
    const result = followUp(bahamas.previous, bahamas.current, { overrides });
    expect(result.problems.map((p) => [p.override, p.current, p.previous, p.reason])).toEqual([
      ['same_as', 'c-nope', 'p-nhri-australia', 'unknown-current'],
      ['same_as', 'c-rome-spain', 'p-nope', 'unknown-previous'],
      ['same_as', 'c-dp-estonia', 'p-dp-germany', 'contradiction'],
      ['not_same_as', 'c-dp-estonia', 'p-dp-germany', 'contradiction'],
    ]);
    expect(ids(result.current)).toEqual(ids(plain.current));
  });
});

describe('determinism and symmetry', () => {
  it('gives the same result, to the byte, for the same input', () => {
    const a = JSON.stringify(followUp(bahamas.previous, bahamas.current));
    const b = JSON.stringify(followUp(structuredClone(bahamas.previous), structuredClone(bahamas.current)));
    expect(b).toBe(a);
  });

  it('swapping the two reviews swaps current and previous, with then and now turned round', () => {
    const forward = followUp(bahamas.previous, bahamas.current);
    const backward = followUp(bahamas.current, bahamas.previous);
    const turn = (m: Match): Match => (m.positionChange ? { ...m, positionChange: { then: m.positionChange.now, now: m.positionChange.then } } : m);
    expect(backward.current.map(turn)).toEqual(forward.previous);
    expect(backward.previous.map(turn)).toEqual(forward.current);
  });

  it('swapping holds for any part of the two reviews (fast-check)', () => {
    const { previous, current } = bahamas;
    const turn = (m: Match): Match => (m.positionChange ? { ...m, positionChange: { then: m.positionChange.now, now: m.positionChange.then } } : m);
    const part = (input: FollowUpInput) => fc.subarray([...input.recommendations]).map((recommendations) => ({ ...input, recommendations }));
    fc.assert(
      fc.property(part(previous), part(current), (a, b) => {
        const forward = followUp(a, b);
        const backward = followUp(b, a);
        expect(backward.current.map(turn)).toEqual(forward.previous);
        expect(backward.unmatched.map((m) => m.id)).toEqual(forward.current.filter((m) => m.class === 'new').map((m) => m.id));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('the similarity of a pair is the same seen from either side', () => {
    const forward = followUp(bahamas.previous, bahamas.current);
    for (const m of forward.current.filter((c) => c.counterpart)) {
      const back = forward.previous.find((p) => p.id === m.counterpart!.id)!;
      if (back.counterpart?.id === m.id) expect(back.counterpart.similarity).toBe(m.counterpart!.similarity);
    }
  });
});

/** The two reviews with ids renamed by `rename` and recommendations put in the orders `order`. */
function shuffled(input: FollowUpInput, order: number[], rename: (id: string) => string): FollowUpInput {
  const recs = order.map((i) => input.recommendations[i]!);
  return { ...input, recommendations: recs.map((r): Recommendation => ({ ...r, id: rename(r.id) })) };
}

const permutation = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });

describe('renaming ids or reordering recommendations', () => {
  it('changes no class, no similarity and no position change (fast-check)', () => {
    const { previous, current } = bahamas;
    const base = followUp(previous, current);
    const want = new Map(base.current.map((m) => [m.id, [m.class, m.counterpart?.similarity, m.positionChange]]));
    const wantPrevious = new Map(base.previous.map((m) => [m.id, m.class]));
    fc.assert(
      fc.property(permutation(previous.recommendations.length), permutation(current.recommendations.length), fc.string({ minLength: 1, maxLength: 6 }), (po, co, salt) => {
        const names = new Map<string, string>();
        const rename = (id: string) => names.get(id) ?? (names.set(id, `r-${names.size}-${salt}`), names.get(id)!);
        const result = followUp(shuffled(previous, po, rename), shuffled(current, co, rename));
        const original = new Map([...names].map(([a, b]) => [b, a]));
        for (const m of result.current) expect([m.class, m.counterpart?.similarity, m.positionChange]).toEqual(want.get(original.get(m.id)!));
        for (const m of result.previous) expect(m.class).toBe(wantPrevious.get(original.get(m.id)!));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('reviews with little to compare', () => {
  it('a review whose predecessor has no recommendations has only new ones', () => {
    const result = followUp({ recommendations: [] }, bahamas.current);
    expect(result.current.every((m) => m.class === 'new' && m.counterpart === undefined)).toBe(true);
    expect(result.counts).toMatchObject({ current: bahamas.current.recommendations.length, previous: 0, new: bahamas.current.recommendations.length, unmatched: 0 });
  });

  it('texts of stop words alone match nothing, even each other', () => {
    const rec = (id: string): Recommendation => ({ id, text: 'Continue to take all the necessary measures', from: 'Chile', response: 'supported', themes: ['general'] });
    expect(followUp({ recommendations: [rec('p1')] }, { recommendations: [rec('c1')] }).current[0]!.class).toBe('new');
  });
});

describe('words and themes', () => {
  it('folds case, accents, punctuation, stop words, UN politeness and treaty acronyms', () => {
    expect(terms('Consider ratifying the OP-CAT')).toEqual(terms('Ratify the Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment'));
    expect(terms('Accede to ICRMW')).toEqual(terms('Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families'));
    expect(terms('Criminalise marital rape')).toEqual(terms('criminalize Marital Rape.'));
    expect(terms('Consider the abolition of the death penalty')).toEqual(terms('Abolish the death penalty'));
    expect(terms('Protect Roma and the Sámi')).toEqual(terms('protect roma, sami'));
    expect(terms('Do not resume executions')).not.toEqual(terms('Resume executions'));
  });

  it('compares theme names, not ids, across imports', () => {
    expect(themeLabel('NHRI')).toBe(themeLabel('National human rights institution'));
    expect(themeLabel("Women's rights")).toBe(themeLabel('Women’s Rights'));
    expect(themeLabel('Rights of the Child')).toBe(themeLabel('Child rights'));
    expect(themeLabel('Bosnia & Herzegovina')).toBe(themeLabel('Bosnia and Herzegovina'));
    expect(themeLabel('Death penalty')).not.toBe(themeLabel('Detention'));
  });

  it("drops a Working Group report's attribution to the recommending state", () => {
    expect(withoutAttribution('Take appropriate measures to combat torture (Sri Lanka);', 'Sri Lanka')).toBe('Take appropriate measures to combat torture');
    expect(withoutAttribution('Ratify the Optional Protocol (OP-CAT)', 'France')).toBe('Ratify the Optional Protocol (OP-CAT)');
  });
});
