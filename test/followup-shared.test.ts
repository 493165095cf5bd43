/**
 * Matching on the real UPR Info exports in ../shared/upr-info/: the 56 states reviewed in sessions 1–5 and
 * again in sessions 14–17. The expected pairs below were read by hand in the raw CSV files (grep for the state
 * and the words), not taken from the matcher's output.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyText, openPdf } from './helpers/pdf.js';
import { followUp, type FollowUp, type Match } from '../scripts/lib/followup/match.js';
import type { Recommendation } from '../scripts/lib/review/schema.js';
import { findState } from '../scripts/lib/review/states.js';
import { sharedBuild, type SharedBuild } from './helpers/shared-build.js';
import { hasExports, importExport, pairByState, type ImportedReview } from './helpers/upr-info-reviews.js';

const present = hasExports('1-5', '14-17');
const title = (what: string) => (present ? what : `${what} (skipped: ../shared/upr-info/upr-info-sessions-1-5.csv or -14-17.csv is absent)`);

interface Pair {
  previous: ImportedReview;
  current: ImportedReview;
  result: FollowUp;
}

/** A current recommendation and the previous ones any of which is its counterpart, as read in the raw files. */
interface HandRead {
  state: string;
  title: string;
  now: [from: string, text: string];
  then: [from: string, text: string][];
  change?: `${string}→${string}`;
  sameState?: boolean;
}

const NHRI = 'Establish a national human rights institution in accordance with the Paris Principles';
const ICRMW_BS = 'Consider the possibility of acceding to the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families.';
const ICRMW_CZ = 'the International Convention on the Protection of the Rights of All Migrants Workers and Members of their Families';
const STANDING = 'Extend a standing invitation to all special procedures of the Human Rights Council.';

const HAND_READ: HandRead[] = [
  {
    state: 'Bahamas',
    title: "Germany's national human rights institution, noted in session 3, comes back and is supported in session 15",
    now: ['Germany', NHRI],
    then: [['Australia', `${NHRI}.`], ['Germany', `${NHRI}, as recommended by the Committee on the Rights of the Child.`], ['Canada', `${NHRI}, as recommended by the Committee on the Rights of the Child, that is adequately resourced, child-sensitive and able to provide remedies in a timely manner.`]],
    change: 'noted→supported',
  },
  {
    state: 'Bahamas',
    title: "the migrant workers' convention, supported in session 3, is noted in session 15",
    now: ['Indonesia', 'Consider ratifying the ICRMW'],
    then: [['Algeria', ICRMW_BS], ['Haiti', ICRMW_BS], ['Mexico', ICRMW_BS]],
    change: 'supported→noted',
  },
  {
    state: 'Bahamas',
    title: "France's enforced disappearance convention of session 3 is asked for again by Argentina, and noted",
    now: ['Argentina', 'Continue with the efforts to ratify the International Convention for the Protection of All Persons from Enforced Disappearances'],
    then: [['France', 'Consider the possibility of acceding to the International Convention for the Protection of All Persons from Enforced Disappearance.']],
    change: 'supported→noted',
  },
  {
    state: 'Bahamas',
    title: 'Latvia asks again for a standing invitation, and among identical texts its own is the counterpart',
    now: ['Latvia', 'Consider extending a standing invitation to all the special procedures mandate holders of the Human Rights Council'],
    then: [['Latvia', STANDING]],
    change: 'noted→supported',
    sameState: true,
  },
  {
    state: 'Czech Republic',
    title: "Canada's national human rights institution of session 1 is asked for again by Rwanda in session 14, supported both times",
    now: ['Rwanda', 'Establish the national human rights institution in accordance with the Paris Principles'],
    then: [['Canada', `${NHRI}.`]],
  },
  {
    state: 'Czech Republic',
    title: 'France asks again for the enforced disappearance convention, once by its name and once by its acronym',
    now: ['France', 'Ratify the CPED'],
    then: [['France', 'Sign and ratify the International Convention on the Protection of All Persons from Enforced Disappearance.']],
    sameState: true,
  },
  {
    state: 'Czech Republic',
    title: "the migrant workers' convention, noted in session 1, is supported in session 14",
    now: ['Philippines', 'Consider ratifying the International Convention on the Rights of Migrant Workers and Members of Their Families (ICRMW)'],
    then: [['Mexico', `Consider the ratification of ${ICRMW_CZ}`], ['Algeria', `Adhere to ${ICRMW_CZ}.`]],
    change: 'noted→supported',
  },
];

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

/** Supported in the first cycle and asked for again in near-identical words in the second, as read in the raw files. */
const REPEATED_COMMITMENTS = [
  { state: 'Czech Republic', then: ['France', 'Sign and ratify the International Convention on the Protection of All Persons from Enforced Disappearance.'], now: [['France', 'Ratify the CPED'], ['Spain', 'Ratify the CPED']] },
  { state: 'Czech Republic', then: ['Canada', `${NHRI}.`], now: [['Rwanda', 'Establish the national human rights institution in accordance with the Paris Principles']] },
] as const;

describe.skipIf(!present)(title('importing sessions 1–5 and 14–17 with npm run import and building the 56 follow-up briefings'), () => {
  let out: string;
  let build: SharedBuild['build'];
  let later: { id: string; state: string }[] = [];
  const csvOf = async (id: string) => parseCsv(await readFile(join(out, id, 'followup.csv')), { columns: true }) as Record<string, string>[];
  const idOf = (state: string) => later.find((r) => r.state === (findState(state)?.name ?? state))!.id;

  beforeAll(async () => {
    // the imports and the build this run shares with the layout check (test/helpers/shared-build.ts): the three
    // exports in folders of one data folder, built at once, so each review of sessions 14–17 finds its predecessor
    const shared = await sharedBuild();
    for (const sessions of ['1-5', '14-17'] as const) {
      const imported = shared.imports[sessions];
      if (imported.code !== 0) throw new Error(`import of ${sessions} failed (${imported.code}): ${imported.stderr}`);
    }
    ({ build } = shared);
    out = build.out;
    const read = (sessions: '1-5' | '14-17') => Promise.all(shared.imports[sessions].files.map(async (n) => parseYaml(await readFile(join(shared.imports[sessions].data, n), 'utf8')) as { id: string; state: string; session: number }));
    const earlier = new Set((await read('1-5')).map((r) => r.state));
    later = (await read('14-17')).filter((r) => earlier.has(r.state)).sort((a, b) => (a.id < b.id ? -1 : 1));
  }, 1_200_000);

  it('builds 56 briefings, each following the review of its state in sessions 1–5, found by ISO code and session', async () => {
    expect(later).toHaveLength(56);
    expect(build.stderr).not.toMatch(/ error /);
    expect(build.code).toBe(0);
    const found = build.stdout.split('\n').filter((l) => / {2}follows [a-z0-9-]+-upr[1-5] \(found\): /.test(l));
    expect(found).toHaveLength(56);
    for (const { id } of later) expect((await csvOf(id)).length).toBeGreaterThan(0);
    console.log(`built the 199 briefings of the three exports, these 56 among them, in ${(build.ms / 1000).toFixed(1)} s (wall clock, --jobs 2)`);
  });

  it.each(HAND_READ.map((h) => [`${h.state}: ${h.title}`, h] as const))('followup.csv, %s', async (_, { state, now, then, change }) => {
    const rows = (await csvOf(idOf(state))).filter((r) => r.recommending_state === now[0] && r.text === now[1]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.class).toBe('repeated');
    expect(then.map(([from, text]) => `${from}: ${text}`)).toContain(`${rows[0]!.previous_recommending_state}: ${rows[0]!.previous_text}`);
    expect(rows[0]!.position_change).toBe(change ? change.replace('→', ' → ') : '');
  });

  it.each(REPEATED_COMMITMENTS.map((c) => [`${c.state}: ${c.then[0]}'s "${c.then[1]}"`, c] as const))(
    'a commitment that comes back as a repeat is a strong sign it was not implemented: %s',
    async (_, { state, then, now }) => {
      const rows = (await csvOf(idOf(state))).filter((r) => r.previous_recommending_state === then[0] && r.previous_text === then[1] && r.class === 'repeated');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'repeated-commitment'));
      expect(rows.map((r) => r.response_then)).toEqual(rows.map(() => 'supported'));
      const summary = await readFile(join(out, idOf(state), 'summary.txt'), 'utf8');
      const listed = summary.slice(summary.indexOf('Repeated commitments')).replace(/\s+/g, ' ');
      expect(listed).toContain(`${then[1]} (${then[0]}) →`);
      expect(now.some(([from, text]) => rows.some((r) => r.recommending_state === from && r.text === text))).toBe(true);
    },
  );

  it('puts the section into the PDF of the Czech Republic, with its repeated commitments in so many words', async () => {
    const text = await bodyText(await openPdf(new Uint8Array(await readFile(join(out, idOf('Czech Republic'), 'briefing.pdf')))));
    expect(text).toContain('Since the last review');
    expect(text).toContain('recommended again in near-identical words: a strong sign it was not implemented');
  });
});
