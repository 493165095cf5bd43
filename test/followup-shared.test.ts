/**
 * Matching on the real UPR Info exports in ../shared/upr-info/: the 56 states reviewed in sessions 1–5 and
 * again in sessions 14–17. The expected pairs below were read by hand in the raw CSV files (grep for the state
 * and the words), not taken from the matcher's output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { followUp, type FollowUp, type Match } from '../scripts/lib/followup/match.js';
import type { Recommendation } from '../scripts/lib/review/schema.js';
import { findState } from '../scripts/lib/review/states.js';
import { hasExports, importExport, pairByState, type ImportedReview } from './helpers/upr-info-reviews.js';
import { HAND_READ } from './helpers/followup-hand-read.js';

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

/** The import names a state as the table of states does (the export's Czech Republic is Czechia). */
const pair = (state: string) => pairs.find((p) => p.current.state === (findState(state)?.name ?? state))!;
const recIn = (review: ImportedReview, from: string, text: string): Recommendation => {
  const found = review.recommendations.filter((r) => r.from === from && r.text === text);
  expect(found, `${review.id}: ${from}: ${text}`).toHaveLength(1);
  return found[0]!;
};
const matchOf = (p: Pair, from: string, text: string): Match => p.result.current.find((m) => m.id === recIn(p.current, from, text).id)!;

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

  it.each(HAND_READ.map((h) => [`${h.state}: ${h.title}`, h] as const))('%s', (_, { state, now, then, change, sameState }) => {
    const p = pair(state);
    const m = matchOf(p, now[0], now[1]);
    expect(m.class).toBe('repeated');
    expect(then.map(([from, text]) => recIn(p.previous, from, text).id)).toContain(m.counterpart?.id);
    expect(m.positionChange).toEqual(change && { then: change.split('→')[0], now: change.split('→')[1] });
    if (sameState !== undefined) expect(m.counterpart?.sameState).toBe(sameState);
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

