import type { Recommendation, RecommendationResponse, Theme } from '../review/schema.js';
import { indexOverrides, type OverrideProblem, type Overrides } from './overrides.js';
import { cosine, cosines, vectorize } from './tfidf.js';
import { sharedThemes, themeLabels, type ThemeLabels } from './themes.js';
import { terms, withoutAttribution } from './words.js';

/**
 * Cosine at or above which two recommendations are the same request again, whatever their themes: on the two
 * UPR Info cycles, pairs from 0.8 up differ in politeness ("Consider ratifying" / "Ratify"), a treaty's
 * acronym or a clause added, not in what they ask (README "Following up across cycles").
 */
export const REPEATED = 0.8;
/** Cosine at or above which two recommendations that share a theme are the same request in other words. */
export const RELATED = 0.5;

export type MatchClass = 'repeated' | 'related' | 'new';

/** One review's side of a follow-up: its recommendations, and its themes to compare them by name. */
export interface FollowUpInput {
  recommendations: readonly Recommendation[];
  /** the review's themes; a recommendation's theme that is not listed is compared by its id */
  themes?: readonly Theme[];
}

export interface PositionChange {
  then: RecommendationResponse;
  now: RecommendationResponse;
}

/** The best match of a recommendation in the other review. */
export interface Counterpart {
  id: string;
  from: string;
  response: RecommendationResponse;
  /** the cosine of the two texts, rounded to 3 decimals */
  similarity: number;
  /** this recommendation's themes (ids) that the counterpart has too, compared by name (README "Following up across cycles") */
  sharedThemes: string[];
  /** whether the same state made both */
  sameState: boolean;
}

/** A recommendation of one review, classified against the other. */
export interface Match {
  id: string;
  from: string;
  response: RecommendationResponse;
  class: MatchClass;
  /** absent for a new recommendation */
  counterpart?: Counterpart;
  /** further recommendations of the other review that match as well in the same class, best first */
  also: string[];
  /** `same_as`: a person matched it; `not_same_as`: a person ruled out at least one candidate */
  override?: 'same_as' | 'not_same_as';
  /** the response then and now, when the two differ */
  positionChange?: PositionChange;
}

export interface FollowUpCounts {
  current: number;
  previous: number;
  repeated: number;
  related: number;
  new: number;
  /** previous recommendations that nothing in the current review follows up */
  unmatched: number;
  /** current recommendations with a counterpart made by the same state */
  sameState: number;
  /** noted (or pending) then, supported now */
  nowSupported: number;
  /** supported (or pending) then, noted now */
  nowNoted: number;
}

export interface FollowUp {
  /** each current recommendation, in input order, against the previous review */
  current: Match[];
  /** each previous recommendation, in input order, against the current review (for last cycle's commitments) */
  previous: Match[];
  /** the previous recommendations of class new: no current one follows them up */
  unmatched: Match[];
  /** matched pairs whose response changed, in the order of the current recommendations */
  positionChanges: (PositionChange & { current: string; previous: string; class: Exclude<MatchClass, 'new'> })[];
  counts: FollowUpCounts;
  /** overrides that name unknown recommendations or contradict each other; they are not applied */
  problems: OverrideProblem[];
}

interface Side {
  recs: readonly Recommendation[];
  labels: ThemeLabels[];
}

interface Candidate {
  target: number;
  similarity: number;
  sharedThemes: string[];
  forced: boolean;
  class: Exclude<MatchClass, 'new'>;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
/** Pairs below this cosine are no match unless a person says so; a little below RELATED, for the rounding. */
const FLOOR = RELATED - 0.0005;
const CLASS_RANK = { repeated: 2, related: 1 } as const;
const same = (a: string, b: string) => a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();

/** The class of a pair, or undefined when it is no match: an override decides, else the cosine and the themes. */
function classify(similarity: number, sharedThemes: readonly string[], verdict: 'same_as' | 'not_same_as' | undefined): Candidate['class'] | undefined {
  if (verdict === 'not_same_as') return undefined;
  if (similarity >= REPEATED) return 'repeated';
  if (verdict === 'same_as') return 'related';
  return similarity >= RELATED && sharedThemes.length > 0 ? 'related' : undefined;
}

/** Orders candidates best first, by content alone: a person's match, class, cosine, themes, same state, then text. */
function byRank(query: Recommendation, targets: readonly Recommendation[]) {
  return (a: Candidate, b: Candidate): number => {
    const ta = targets[a.target]!;
    const tb = targets[b.target]!;
    return (
      Number(b.forced) - Number(a.forced) ||
      CLASS_RANK[b.class] - CLASS_RANK[a.class] ||
      b.similarity - a.similarity ||
      b.sharedThemes.length - a.sharedThemes.length ||
      Number(same(tb.from, query.from)) - Number(same(ta.from, query.from)) ||
      compare(ta.text, tb.text) || compare(ta.from, tb.from) || compare(ta.id, tb.id)
    );
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Verdict = (query: string, target: string) => 'same_as' | 'not_same_as' | undefined;

/** Classifies each recommendation of `query` against `target`, from the cosines of the pairs that share a term. */
function matchSide(query: Side, target: Side, dots: readonly Map<number, number>[], verdict: Verdict, previousResponseFirst: boolean): Match[] {
  return query.recs.map((rec, i) => {
    const candidates: Candidate[] = [];
    let ruledOut = false;
    for (const [t, dot] of dots[i]!) {
      const similarity = round(dot);
      const v = verdict(rec.id, target.recs[t]!.id);
      const themes = sharedThemes(query.labels[i]!, target.labels[t]!);
      ruledOut ||= v === 'not_same_as' && classify(similarity, themes, undefined) !== undefined;
      const cls = classify(similarity, themes, v);
      if (cls) candidates.push({ target: t, similarity, sharedThemes: themes, forced: v === 'same_as', class: cls });
    }
    candidates.sort(byRank(rec, target.recs));
    const best = candidates[0];
    const match: Match = { id: rec.id, from: rec.from, response: rec.response, class: best?.class ?? 'new', also: [] };
    if (best?.forced) match.override = 'same_as';
    else if (ruledOut) match.override = 'not_same_as';
    if (!best) return match;
    const other = target.recs[best.target]!;
    match.counterpart = { id: other.id, from: other.from, response: other.response, similarity: best.similarity, sharedThemes: best.sharedThemes, sameState: same(other.from, rec.from) };
    match.also = candidates.slice(1).filter((c) => c.class === best.class && !c.forced).map((c) => target.recs[c.target]!.id);
    const [then, now] = previousResponseFirst ? [rec.response, other.response] : [other.response, rec.response];
    if (then !== now) match.positionChange = { then, now };
    return match;
  });
}

/** The cosines of current → previous, turned round to previous → current (the same numbers, so both sides agree). */
function transpose(dots: readonly Map<number, number>[], size: number): Map<number, number>[] {
  const out = Array.from({ length: size }, () => new Map<number, number>());
  dots.forEach((row, i) => row.forEach((dot, j) => out[j]!.set(i, dot)));
  return out;
}

/**
 * The cosines worth looking at, from each side: the pairs at or above the floor, and the pairs a person
 * declared the same, which may be far below it or share no word at all.
 */
function similarities(prev: Side, cur: Side, samePairs: readonly [current: string, previous: string][]) {
  const vectors = vectorize([...prev.recs, ...cur.recs].map((r) => terms(withoutAttribution(r.text, r.from))));
  const [prevVectors, curVectors] = [vectors.slice(0, prev.recs.length), vectors.slice(prev.recs.length)];
  const curDots = cosines(curVectors, prevVectors, FLOOR);
  const prevDots = transpose(curDots, prev.recs.length);
  const position = (recs: readonly Recommendation[]) => new Map(recs.map((r, i) => [r.id, i]));
  const [ci, pi] = [position(cur.recs), position(prev.recs)];
  for (const [c, p] of samePairs.map(([c, p]) => [ci.get(c)!, pi.get(p)!] as const)) {
    if (curDots[c]!.has(p)) continue;
    const dot = cosine(curVectors[c]!, prevVectors[p]!);
    curDots[c]!.set(p, dot);
    prevDots[p]!.set(c, dot);
  }
  return { curDots, prevDots };
}

function countOf(current: readonly Match[], unmatched: readonly Match[], previous: number): FollowUpCounts {
  const n = (f: (m: Match) => boolean) => current.filter(f).length;
  return {
    current: current.length,
    previous,
    repeated: n((m) => m.class === 'repeated'),
    related: n((m) => m.class === 'related'),
    new: n((m) => m.class === 'new'),
    unmatched: unmatched.length,
    sameState: n((m) => m.counterpart?.sameState === true),
    nowSupported: n((m) => m.positionChange?.now === 'supported'),
    nowNoted: n((m) => m.positionChange?.now === 'noted'),
  };
}

/**
 * Matches the recommendations of a review with those of the review it follows: for each, its class (repeated,
 * related or new), its counterpart with the cosine and shared themes, and a change of response; and the
 * previous review's recommendations that nothing follows up. A pure function of its input: the result does
 * not depend on the order of the recommendations, and swapping the two reviews swaps `current` and `previous`.
 */
export function followUp(previous: FollowUpInput, current: FollowUpInput, options: { overrides?: Overrides } = {}): FollowUp {
  const prev: Side = { recs: previous.recommendations, labels: themeLabels(previous.recommendations, previous.themes) };
  const cur: Side = { recs: current.recommendations, labels: themeLabels(current.recommendations, current.themes) };
  const overrides = indexOverrides(options.overrides ?? {}, new Set(cur.recs.map((r) => r.id)), new Set(prev.recs.map((r) => r.id)));
  const { curDots, prevDots } = similarities(prev, cur, overrides.samePairs);
  const currentMatches = matchSide(cur, prev, curDots, overrides.verdict, false);
  const previousMatches = matchSide(prev, cur, prevDots, (p, c) => overrides.verdict(c, p), true);
  const unmatched = previousMatches.filter((m) => m.class === 'new');
  const positionChanges = currentMatches.flatMap((m) =>
    m.positionChange && m.counterpart && m.class !== 'new' ? [{ current: m.id, previous: m.counterpart.id, class: m.class, ...m.positionChange }] : [],
  );
  return { current: currentMatches, previous: previousMatches, unmatched, positionChanges, counts: countOf(currentMatches, unmatched, prev.recs.length), problems: overrides.problems };
}
