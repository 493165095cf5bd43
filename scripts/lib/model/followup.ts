/**
 * "Since the last review": the current review's recommendations matched with those of the review it follows
 * (followup/), as the briefing, followup.csv and summary.txt show them. Pure: two briefing models in, one
 * model out.
 */
import { followUp, type FollowUp, type Match, type MatchClass } from '../followup/match.js';
import type { Overrides } from '../followup/overrides.js';
import { themeLabel } from '../followup/words.js';
import type { Recommendation, RecommendationResponse, Review } from '../review/schema.js';
import type { BriefingModel as FullModel, Evidence, RecommendationModel } from './model.js';

/** The briefing model without its follow-up: what the comparison is made from. */
type BriefingModel = Omit<FullModel, 'since'>;

/** The review a review follows, as the build found it: its data when it is valid, else why it could not be read. */
export interface PreviousInput {
  id: string;
  path: string;
  /** true when the review names it under `follows`, false when the build found it */
  named: boolean;
  review?: Review;
  /** why it could not be read, when it has errors */
  problem?: string;
}

interface Side {
  id: string;
  session: number;
  cycle: number;
  review_date?: string;
  total: number;
  supported: number;
  noted: number;
  pending: number;
}

export interface RecommendationRef {
  id: string;
  text: string;
  from: string;
  response: RecommendationResponse;
  themeTitles: string[];
}

export interface PairModel {
  now: RecommendationRef;
  then: RecommendationRef;
  class: Exclude<MatchClass, 'new'>;
  similarity: string;
  sameState: boolean;
  /** `noted → supported`, when the responses differ */
  change?: string;
  override?: Match['override'];
}

interface ShareCell {
  total: number;
  supported: number;
  share: string;
}

export interface ThemeRow {
  title: string;
  then?: ShareCell;
  now?: ShareCell;
  /** the change of the supported share, in percentage points, or `new` / `gone` */
  change: string;
}

/** What a previous supported recommendation became. */
export interface CommitmentFollowUp {
  then: RecommendationRef;
  /** the current recommendation that follows it up, if any */
  counterpart?: RecommendationRef & { class: Exclude<MatchClass, 'new'>; similarity: string };
  /** its assessment: the previous review's, else that of its counterpart in the current review */
  assessment?: { status: string; statusLabel: string; evidence: Evidence; in: string; note?: string };
  status: 'repeated' | 'related' | 'not-raised';
  /** in words, for the briefing and the summary */
  statusText: string;
}

export type RowStatus = 'new' | 'asked-again' | 'repeated-commitment' | 'commitment-again' | 'not-raised-again' | 'commitment-not-raised-again';

/** One row of followup.csv: a current recommendation, or a previous one that nothing follows up. */
export interface FollowUpRow {
  current?: RecommendationModel;
  previous?: RecommendationModel;
  class: MatchClass | 'unmatched';
  similarity: string;
  sharedThemes: string[];
  override: string;
  positionChange: string;
  status: RowStatus;
  assessment?: RecommendationModel['assessment'];
}

export interface SinceModel {
  /** none: no earlier review in the data folder; unreadable: it has errors; found: compared */
  kind: 'none' | 'unreadable' | 'found';
  previousId?: string;
  previousPath?: string;
  named?: boolean;
  problem?: string;
  previous?: Side;
  current?: Side;
  counts?: FollowUp['counts'];
  themes: ThemeRow[];
  appeared: string[];
  disappeared: string[];
  repeated: PairModel[];
  related: PairModel[];
  positionChanges: PairModel[];
  commitments: { supported: number; repeated: number; related: number; notRaised: number; assessed: number; list: CommitmentFollowUp[]; repeatedList: CommitmentFollowUp[] };
  rows: FollowUpRow[];
}

const EMPTY: Omit<SinceModel, 'kind'> = {
  themes: [], appeared: [], disappeared: [], repeated: [], related: [], positionChanges: [],
  commitments: { supported: 0, repeated: 0, related: 0, notRaised: 0, assessed: 0, list: [], repeatedList: [] }, rows: [],
};

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`);
const similarity = (x: number | undefined) => (x === undefined ? '' : x.toFixed(3));
const arrow = (then: string, now: string) => `${then} → ${now}`;

function sideOf(model: BriefingModel): Side {
  const { id, session, cycle, review_date } = model.review;
  const { total, supported, noted, pending } = model.counts.recommendations;
  return { id, session, cycle, ...(review_date ? { review_date } : {}), total, supported, noted, pending };
}

const ref = (r: RecommendationModel): RecommendationRef => ({ id: r.id, text: r.text, from: r.from, response: r.response, themeTitles: r.themeTitles });

/** The overrides written on the current review's recommendations, in the matcher's shape. */
export function overridesOf(recommendations: readonly Recommendation[]): Overrides {
  const same_as: Record<string, string> = {};
  const not_same_as: Record<string, string[]> = {};
  for (const r of recommendations) {
    if (r.same_as !== undefined) same_as[r.id] = r.same_as;
    if (r.not_same_as !== undefined) not_same_as[r.id] = typeof r.not_same_as === 'string' ? [r.not_same_as] : [...r.not_same_as];
  }
  return { same_as, not_same_as };
}

/** Supported share per theme, then and now, themes matched by name (as the matcher compares them). */
function themeRows(previous: BriefingModel, current: BriefingModel): Pick<SinceModel, 'themes' | 'appeared' | 'disappeared'> {
  const cell = (t: BriefingModel['themes'][number]): ShareCell => ({ total: t.responses.total, supported: t.responses.supported, share: percent(t.responses.supported, t.responses.total) });
  const then = new Map(previous.sections.recommendationThemes.map((t) => [themeLabel(t.title), t]));
  const nowKeys = new Set(current.sections.recommendationThemes.map((t) => themeLabel(t.title)));
  const rows: ThemeRow[] = current.sections.recommendationThemes.map((t) => {
    const before = then.get(themeLabel(t.title));
    const now = cell(t);
    if (!before) return { title: t.title, now, change: 'new' };
    const was = cell(before);
    const points = Math.round((100 * now.supported) / now.total) - Math.round((100 * was.supported) / was.total);
    return { title: t.title, then: was, now, change: points === 0 ? '±0 pts' : `${points > 0 ? '+' : '−'}${Math.abs(points)} pts` };
  });
  const gone = previous.sections.recommendationThemes.filter((t) => !nowKeys.has(themeLabel(t.title)));
  rows.push(...gone.map((t) => ({ title: t.title, then: cell(t), change: 'gone' })));
  return { themes: rows, appeared: rows.filter((r) => r.change === 'new').map((r) => r.title), disappeared: gone.map((t) => t.title) };
}

function pairOf(match: Match, current: ReadonlyMap<string, RecommendationModel>, previous: ReadonlyMap<string, RecommendationModel>): PairModel | undefined {
  if (match.class === 'new' || !match.counterpart) return undefined;
  const now = current.get(match.id)!;
  const then = previous.get(match.counterpart.id)!;
  return {
    now: ref(now), then: ref(then), class: match.class, similarity: similarity(match.counterpart.similarity), sameState: match.counterpart.sameState,
    ...(match.positionChange ? { change: arrow(match.positionChange.then, match.positionChange.now) } : {}),
    ...(match.override ? { override: match.override } : {}),
  };
}

const STATUS_TEXT: Record<CommitmentFollowUp['status'], string> = {
  repeated: 'recommended again in near-identical words: a strong sign it was not implemented',
  related: 'recommended again in other words',
  'not-raised': 'not recommended again',
};

function commitmentsOf(result: FollowUp, previous: BriefingModel, current: BriefingModel, currentById: ReadonlyMap<string, RecommendationModel>): SinceModel['commitments'] {
  const matches = new Map(result.previous.map((m) => [m.id, m]));
  const list = previous.recommendations.filter((r) => r.response === 'supported').map((r): CommitmentFollowUp => {
    const m = matches.get(r.id)!;
    const other = m.counterpart ? currentById.get(m.counterpart.id) : undefined;
    const counterpart = other && m.class !== 'new' ? { ...ref(other), class: m.class, similarity: similarity(m.counterpart!.similarity) } : undefined;
    // the previous review's own assessment, else the current review's of its counterpart, of another match as good, or of a
    // current recommendation that follows it up
    const followers = result.current.filter((c) => c.counterpart?.id === r.id).map((c) => c.id);
    const assessedNow = m.class === 'new' ? undefined : [m.counterpart!.id, ...m.also, ...followers].map((id) => currentById.get(id)?.assessment).find((a) => a !== undefined);
    const [assessed, where] = r.assessment ? [r.assessment, previous.review.id] : assessedNow ? [assessedNow, current.review.id] : [undefined, ''];
    const status = counterpart?.class ?? 'not-raised';
    return {
      then: ref(r),
      ...(counterpart ? { counterpart } : {}),
      ...(assessed ? { assessment: { status: assessed.status, statusLabel: assessed.statusLabel, evidence: assessed.evidence, in: where, ...(assessed.note ? { note: assessed.note } : {}) } } : {}),
      status,
      statusText: STATUS_TEXT[status],
    };
  });
  const count = (s: CommitmentFollowUp['status']) => list.filter((c) => c.status === s).length;
  const order = { repeated: 0, related: 1, 'not-raised': 2 };
  const sorted = list.map((c, i) => ({ c, i })).sort((a, b) => order[a.c.status] - order[b.c.status] || a.i - b.i).map(({ c }) => c);
  return {
    supported: list.length, repeated: count('repeated'), related: count('related'), notRaised: count('not-raised'),
    assessed: list.filter((c) => c.assessment).length, list: sorted, repeatedList: sorted.filter((c) => c.status === 'repeated'),
  };
}

function rowsOf(result: FollowUp, currentById: ReadonlyMap<string, RecommendationModel>, previousById: ReadonlyMap<string, RecommendationModel>): FollowUpRow[] {
  const currentRows = result.current.map((m): FollowUpRow => {
    const current = currentById.get(m.id)!;
    const previous = m.counterpart ? previousById.get(m.counterpart.id) : undefined;
    const supportedThen = previous?.response === 'supported';
    const status: RowStatus = !previous ? 'new' : !supportedThen ? 'asked-again' : m.class === 'repeated' ? 'repeated-commitment' : 'commitment-again';
    return {
      current, ...(previous ? { previous } : {}), class: m.class, similarity: similarity(m.counterpart?.similarity), sharedThemes: m.counterpart?.sharedThemes ?? [],
      override: m.override ?? '', positionChange: m.positionChange ? arrow(m.positionChange.then, m.positionChange.now) : '', status,
      ...((previous?.assessment ?? current.assessment) ? { assessment: previous?.assessment ?? current.assessment } : {}),
    };
  });
  const unmatchedRows = result.unmatched.map((m): FollowUpRow => {
    const previous = previousById.get(m.id)!;
    return {
      previous, class: 'unmatched', similarity: '', sharedThemes: [], override: m.override ?? '', positionChange: '',
      status: previous.response === 'supported' ? 'commitment-not-raised-again' : 'not-raised-again', ...(previous.assessment ? { assessment: previous.assessment } : {}),
    };
  });
  return [...currentRows, ...unmatchedRows];
}

/** The follow-up model of a review: none, the reason its predecessor could not be read, or the comparison. */
export function sinceLastReview(current: BriefingModel, previous: PreviousInput | undefined, previousModel: BriefingModel | undefined, currentData: readonly Recommendation[]): SinceModel {
  if (!previous) return { kind: 'none', ...EMPTY };
  const where = { previousId: previous.id, previousPath: previous.path, named: previous.named };
  if (!previousModel) return { kind: 'unreadable', ...where, problem: previous.problem ?? 'it has errors', ...EMPTY };
  const result = followUp(
    { recommendations: previous.review!.recommendations, themes: previous.review!.themes },
    { recommendations: currentData, themes: current.themes },
    { overrides: overridesOf(currentData) },
  );
  const currentById = new Map(current.recommendations.map((r) => [r.id, r]));
  const previousById = new Map(previousModel.recommendations.map((r) => [r.id, r]));
  const pairs = result.current.map((m) => pairOf(m, currentById, previousById)).filter((p): p is PairModel => p !== undefined);
  return {
    kind: 'found', ...where, previous: sideOf(previousModel), current: sideOf(current), counts: result.counts,
    ...themeRows(previousModel, current),
    repeated: pairs.filter((p) => p.class === 'repeated'),
    related: pairs.filter((p) => p.class === 'related'),
    positionChanges: pairs.filter((p) => p.change !== undefined),
    commitments: commitmentsOf(result, previousModel, current, currentById),
    rows: rowsOf(result, currentById, previousById),
  };
}
