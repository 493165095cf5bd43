/**
 * Matching on the real UPR Info exports in ../shared/upr-info/: the 56 states reviewed in sessions 1–5 and
 * again in sessions 14–17. The expected pairs below were read by hand in the raw CSV files (grep for the state
 * and the words), not taken from the matcher's output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { followUp, type FollowUp, type Match } from '../scripts/lib/followup/match.js';
import type { Recommendation } from '../scripts/lib/review/schema.js';
import { hasExports, importExport, pairByState, type ImportedReview } from './helpers/upr-info-reviews.js';

const present = hasExports('1-5', '14-17');
const title = (what: string) => (present ? what : `${what} (skipped: ../shared/upr-info/upr-info-sessions-1-5.csv or -14-17.csv is absent)`);

interface Pair {
  previous: ImportedReview;
  current: ImportedReview;
  result: FollowUp;
}

let pairs: Pair[] = [];
let matchMs = 0;

beforeAll(async () => {
  if (!present) return;
  const [cycle1, cycle2] = await Promise.all([importExport('1-5'), importExport('14-17')]);
  const start = performance.now();
  pairs = pairByState(cycle1, cycle2).map(({ previous, current }) => ({ previous, current, result: followUp(previous, current) }));
  matchMs = performance.now() - start;
});

const pair = (state: string) => pairs.find((p) => p.current.state === state)!;
const recIn = (review: ImportedReview, from: string, text: string): Recommendation => {
  const found = review.recommendations.filter((r) => r.from === from && r.text === text);
  expect(found, `${review.id}: ${from}: ${text}`).toHaveLength(1);
  return found[0]!;
};
const matchOf = (p: Pair, from: string, text: string): Match => p.result.current.find((m) => m.id === recIn(p.current, from, text).id)!;
const textOf = (review: ImportedReview, id: string | undefined) => review.recommendations.find((r) => r.id === id)?.text;

describe.skipIf(!present)(title('following up the 56 states of sessions 1–5 in sessions 14–17'), () => {
  it('pairs every state of sessions 14–17 with its review in sessions 1–5 and classifies every recommendation', () => {
    expect(pairs).toHaveLength(56);
    for (const { current, previous, result } of pairs) {
      expect(current.session).toBeGreaterThanOrEqual(14);
      expect(previous.session).toBeLessThanOrEqual(5);
      expect(result.current).toHaveLength(current.recommendations.length);
      expect(result.previous).toHaveLength(previous.recommendations.length);
      expect(result.counts.repeated + result.counts.related + result.counts.new).toBe(current.recommendations.length);
    }
  });

  it('matches all 56 pairs in seconds', () => {
    expect(matchMs).toBeLessThan(10_000);
  });

  it("Bahamas: Germany's national human rights institution, noted in session 3, comes back and is supported in session 15", () => {
    const p = pair('Bahamas');
    const m = matchOf(p, 'Germany', 'Establish a national human rights institution in accordance with the Paris Principles');
    expect(m.class).toBe('repeated');
    expect(textOf(p.previous, m.counterpart?.id)).toMatch(/^Establish a national human rights institution in accordance with the Paris Principles/);
    expect(m.positionChange).toEqual({ then: 'noted', now: 'supported' });
  });

  it("Bahamas: the migrant workers' convention, supported in session 3, is noted in session 15", () => {
    const p = pair('Bahamas');
    const m = matchOf(p, 'Indonesia', 'Consider ratifying the ICRMW');
    const then = 'Consider the possibility of acceding to the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families.';
    expect(m.class).toBe('repeated');
    expect(['Algeria', 'Haiti', 'Mexico'].map((from) => recIn(p.previous, from, then).id)).toContain(m.counterpart?.id);
    expect(m.positionChange).toEqual({ then: 'supported', now: 'noted' });
  });

  it("Bahamas: France's enforced disappearance convention of session 3 is repeated by Argentina and noted", () => {
    const p = pair('Bahamas');
    const m = matchOf(p, 'Argentina', 'Continue with the efforts to ratify the International Convention for the Protection of All Persons from Enforced Disappearances');
    expect(m.class).toBe('repeated');
    expect(m.counterpart?.id).toBe(recIn(p.previous, 'France', 'Consider the possibility of acceding to the International Convention for the Protection of All Persons from Enforced Disappearance.').id);
    expect(m.positionChange).toEqual({ then: 'supported', now: 'noted' });
  });

  it('Bahamas: Latvia asks again for a standing invitation, and the same state is preferred among identical texts', () => {
    const p = pair('Bahamas');
    const m = matchOf(p, 'Latvia', 'Consider extending a standing invitation to all the special procedures mandate holders of the Human Rights Council');
    expect(m.class).toBe('repeated');
    expect(m.counterpart).toMatchObject({ id: recIn(p.previous, 'Latvia', 'Extend a standing invitation to all special procedures of the Human Rights Council.').id, sameState: true });
    expect(m.positionChange).toEqual({ then: 'noted', now: 'supported' });
  });

  it("Czech Republic: Canada's national human rights institution of session 1 is repeated by Rwanda in session 14, supported both times", () => {
    const p = pair('Czech Republic');
    const m = matchOf(p, 'Rwanda', 'Establish the national human rights institution in accordance with the Paris Principles');
    expect(m.class).toBe('repeated');
    expect(m.counterpart?.id).toBe(recIn(p.previous, 'Canada', 'Establish a national human rights institution in accordance with the Paris Principles.').id);
    expect(m.positionChange).toBeUndefined();
  });

  it('Czech Republic: France asks again for the enforced disappearance convention, once by name and once by its acronym', () => {
    const p = pair('Czech Republic');
    const m = matchOf(p, 'France', 'Ratify the CPED');
    expect(m.class).toBe('repeated');
    expect(m.counterpart).toMatchObject({ id: recIn(p.previous, 'France', 'Sign and ratify the International Convention on the Protection of All Persons from Enforced Disappearance.').id, sameState: true });
  });

  it("Czech Republic: the migrant workers' convention, noted in session 1, is supported in session 14", () => {
    const p = pair('Czech Republic');
    const m = matchOf(p, 'Philippines', 'Consider ratifying the International Convention on the Rights of Migrant Workers and Members of Their Families (ICRMW)');
    const then = [
      recIn(p.previous, 'Mexico', 'Consider the ratification of the International Convention on the Protection of the Rights of All Migrants Workers and Members of their Families').id,
      recIn(p.previous, 'Algeria', 'Adhere to the International Convention on the Protection of the Rights of All Migrants Workers and Members of their Families.').id,
    ];
    expect(m.class).toBe('repeated');
    expect(then).toContain(m.counterpart?.id);
    expect(m.positionChange).toEqual({ then: 'noted', now: 'supported' });
  });

  it('finds counterparts made by another state far more often than by the same one', () => {
    const matched = pairs.flatMap((p) => p.result.current.filter((m) => m.counterpart));
    const same = matched.filter((m) => m.counterpart!.sameState).length;
    expect(same * 3).toBeLessThan(matched.length);
  });

  it('matches two reviews of 300 recommendations each in well under a second', () => {
    const all = (side: 'previous' | 'current') => pairs.flatMap((p) => p[side].recommendations);
    const themes = (side: 'previous' | 'current') => [...new Map(pairs.flatMap((p) => p[side].themes).map((t) => [t.id, t])).values()];
    const previous = { recommendations: all('previous').slice(0, 300), themes: themes('previous') };
    const current = { recommendations: all('current').slice(0, 300), themes: themes('current') };
    followUp(previous, current);
    const start = performance.now();
    followUp(previous, current);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
