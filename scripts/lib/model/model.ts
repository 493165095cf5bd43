import type { Edition } from '../edition/edition.js';
import { sinceLastReview, type PreviousInput, type SinceModel } from './followup.js';
import { deriveCycle } from '../review/cycle.js';
import { citationsOf, speakerOf } from '../review/citations.js';
import { STATUSES, type Assessment, type Claim, type CitationRole, type ClaimKind, type Recommendation, type RecommendationResponse, type Review, type Source, type Speaker, type Status, type Theme } from '../review/schema.js';

/** The evidence labels, in the order the outputs count them. README "Evidence labels" says what each means. */
export const EVIDENCE_LABELS = ['self-reported', 'confirmed', 'disputed', 'independent', 'mixed', 'unsourced'] as const;
export type Evidence = (typeof EVIDENCE_LABELS)[number];

interface SourceModel extends Source {
  number: number;
  anchor: string;
}

export interface CitedSource extends SourceModel {
  role: CitationRole;
  /** where in the source, such as "para. 54" */
  at?: string;
  /** what the outputs print after the number: the place and the role (none for reports), as in `, para. 54; confirms` */
  roleMark: string;
}

function citationMark(role: CitationRole, at: string | undefined): string {
  const place = at === undefined ? '' : `, ${at}`;
  if (role === 'reports') return place;
  return place === '' ? ` ${role}` : `${place}; ${role}`;
}

export interface ClaimModel extends Claim {
  themeTitle: string;
  inferred: boolean;
  /** whose statement it is: `speaker`, or its default for the claim's kind */
  speakerType?: Speaker;
  evidence: Evidence;
  /** the cited sources in number order, each with its role */
  cited: CitedSource[];
  /** `[1][4 confirms]`, or '' when the claim cites nothing */
  citation: string;
}

interface KindCounts {
  stated: number;
  gaps: number;
  context: number;
  total: number;
}

export const STATUS_LABELS: Record<Status, string> = {
  'fully-implemented': 'fully implemented',
  'partially-implemented': 'partially implemented',
  'not-implemented': 'not implemented',
  'no-information': 'no information',
};

export interface AssessmentModel extends Assessment {
  statusLabel: string;
  /** the claims it rests on, in data order */
  basis: ClaimModel[];
  /** derived from the labels of its claims; see assessmentEvidence */
  evidence: Evidence;
}

export interface RecommendationModel extends Omit<Recommendation, 'assessment'> {
  assessment?: AssessmentModel;
  themeTitles: string[];
  cited?: SourceModel;
  /** `[3]`, or '' when the recommendation names no source */
  citation: string;
}

interface ResponseCounts {
  total: number;
  supported: number;
  noted: number;
  pending: number;
}

interface ThemeModel extends Theme {
  anchor: string;
  claims: ClaimModel[];
  stated: ClaimModel[];
  gaps: ClaimModel[];
  context: ClaimModel[];
  counts: KindCounts;
  recommendations: RecommendationModel[];
  /** the recommendations of this theme that the state supported */
  supported: RecommendationModel[];
  responses: ResponseCounts;
  /** The side-by-side table, built from links only: see SideBySideRow. */
  rows: SideBySideRow[];
  /** true when a row shows a supported recommendation, so the table has that column */
  rowsHaveSupported: boolean;
  /** supported recommendations of this theme that no claim in its rows bears on */
  supportedUnlinked: number;
}

/**
 * One row of the side-by-side table: a stated reform with the observed gaps that answer it (`responds_to`), or
 * an observed gap that answers no stated reform, alone. No two claims share a row unless the data links them.
 * `supported` holds the supported recommendations that the row's claims bear on (`bears_on`).
 */
export interface SideBySideRow {
  stated?: ClaimModel;
  gaps: ClaimModel[];
  supported: RecommendationModel[];
}

/** The "Commitments and implementation" figures: the supported recommendations, by status. */
export interface Commitments {
  supported: number;
  assessed: number;
  /** the assessed supported recommendations, each once, in data order */
  assessedList: RecommendationModel[];
  notAssessed: number;
  /** assessed recommendations whose assessment is self-reported */
  selfReported: number;
  byStatus: { status: Status; label: string; count: number; selfReported: number }[];
  /** themes with assessed supported recommendations, each with those recommendations */
  themes: { theme: ThemeModel; assessed: RecommendationModel[]; notAssessed: number }[];
}

interface ThemeGroup {
  theme: ThemeModel;
  claims: ClaimModel[];
}

/** Everything the templates show, derived once from validated review data. */
export interface BriefingModel {
  edition: Edition;
  review: Omit<Review, 'themes' | 'sources' | 'claims' | 'recommendations'> & { cycle: number; summaryParagraphs: string[] };
  themes: ThemeModel[];
  sources: SourceModel[];
  claims: ClaimModel[];
  recommendations: RecommendationModel[];
  sections: {
    stated: ThemeGroup[];
    gaps: ThemeGroup[];
    context: ThemeGroup[];
    /** themes with claims, and declared themes that have neither claims nor recommendations */
    claimThemes: ThemeModel[];
    /** themes with recommendations, in theme order */
    recommendationThemes: ThemeModel[];
    /** the five themes with the most noted recommendations */
    mostNoted: ThemeModel[];
  };
  counts: KindCounts & { evidence: { label: Evidence; count: number }[]; inferred: number; recommendations: ResponseCounts };
  commitments: Commitments;
  /** "Since the last review": the review this one follows, compared (see model/followup.ts) */
  since: SinceModel;
}

const MOST_NOTED = 5;


export interface EvidenceInput {
  type: Source['type'];
  role: CitationRole;
}

/**
 * The evidence label of a claim from its speaker and its citations; it never overstates independence. A dispute
 * wins. When the government speaks, only a non-government source that `confirms` makes it `confirmed`: sources
 * that report (relay) it leave it `self-reported`, whatever their type. Any other speaker is `independent` of the
 * government (or `confirmed` when a source confirms it). Without a speaker the sources speak for themselves.
 */
export function evidenceOf(speaker: Speaker | undefined, cited: readonly EvidenceInput[]): Evidence {
  if (cited.length === 0) return 'unsourced';
  if (cited.some((c) => c.role === 'disputes')) return 'disputed';
  const confirmed = cited.some((c) => c.role === 'confirms' && c.type !== 'government');
  if (speaker === 'government') return confirmed ? 'confirmed' : 'self-reported';
  if (speaker !== undefined) return confirmed ? 'confirmed' : 'independent';
  const government = cited.filter((c) => c.type === 'government').length;
  if (government === cited.length) return 'self-reported';
  if (confirmed) return 'confirmed';
  return government === 0 ? 'independent' : 'mixed';
}

function countKinds(claims: readonly ClaimModel[]): KindCounts {
  const count = (kind: ClaimKind) => claims.filter((c) => c.kind === kind).length;
  return { stated: count('stated-reform'), gaps: count('observed-gap'), context: count('context'), total: claims.length };
}

function modelClaim(claim: Claim, sources: ReadonlyMap<string, SourceModel>, themes: ReadonlyMap<string, Theme>): ClaimModel {
  const cited = citationsOf(claim)
    .flatMap(({ source, role, at }): CitedSource[] => {
      const found = sources.get(source);
      return found ? [{ ...found, role, ...(at === undefined ? {} : { at }), roleMark: citationMark(role, at) }] : [];
    })
    .sort((a, b) => a.number - b.number);
  const speakerType = speakerOf(claim);
  return {
    ...claim,
    themeTitle: themes.get(claim.theme)?.title ?? claim.theme,
    inferred: claim.basis === 'inferred',
    speakerType,
    evidence: evidenceOf(speakerType, cited),
    cited,
    citation: cited.map((s) => `[${s.number}${s.roleMark}]`).join(''),
  };
}

function countResponses(recommendations: readonly Recommendation[]): ResponseCounts {
  const counts: ResponseCounts = { total: recommendations.length, supported: 0, noted: 0, pending: 0 };
  for (const r of recommendations) counts[r.response satisfies RecommendationResponse]++;
  return counts;
}

/**
 * An assessment's label from its claims', never stronger than its weakest support: no claims, unsourced; any
 * disputed claim, disputed; only self-reported (or unsourced) claims, self-reported; self-reported beside
 * independent support, mixed; otherwise confirmed when a claim is, else independent.
 */
export function assessmentEvidence(labels: readonly Evidence[]): Evidence {
  const has = (label: Evidence) => labels.includes(label);
  const own = (label: Evidence) => label === 'self-reported' || label === 'unsourced';
  if (labels.length === 0 || labels.every((l) => l === 'unsourced')) return 'unsourced';
  if (has('disputed')) return 'disputed';
  if (labels.every(own)) return 'self-reported';
  if (has('self-reported') || has('mixed')) return 'mixed';
  return has('confirmed') ? 'confirmed' : 'independent';
}

function modelAssessment(assessment: Assessment, claims: ReadonlyMap<string, ClaimModel>): AssessmentModel {
  const basis = assessment.claims.map((id) => claims.get(id)).filter((c): c is ClaimModel => c !== undefined);
  return { ...assessment, statusLabel: STATUS_LABELS[assessment.status], basis, evidence: assessmentEvidence(basis.map((c) => c.evidence)) };
}

function modelRecommendation(rec: Recommendation, sources: ReadonlyMap<string, SourceModel>, themes: ReadonlyMap<string, Theme>, claims: ReadonlyMap<string, ClaimModel>): RecommendationModel {
  const cited = rec.source === undefined ? undefined : sources.get(rec.source);
  const { assessment, ...rest } = rec;
  return {
    ...rest,
    ...(assessment ? { assessment: modelAssessment(assessment, claims) } : {}),
    themeTitles: rec.themes.map((id) => themes.get(id)?.title ?? id),
    cited,
    citation: cited ? `[${cited.number}]` : '',
  };
}

function commitmentsOf(recommendations: readonly RecommendationModel[], themes: readonly ThemeModel[]): Commitments {
  const supported = recommendations.filter((r) => r.response === 'supported');
  const assessed = supported.filter((r) => r.assessment !== undefined);
  const selfReported = (list: readonly RecommendationModel[]) => list.filter((r) => r.assessment?.evidence === 'self-reported').length;
  const byStatus = STATUSES.map((status) => {
    const withStatus = assessed.filter((r) => r.assessment!.status === status);
    return { status, label: STATUS_LABELS[status], count: withStatus.length, selfReported: selfReported(withStatus) };
  });
  const perTheme = themes
    .map((theme) => ({ theme, assessed: theme.supported.filter((r) => r.assessment !== undefined), notAssessed: theme.supported.filter((r) => r.assessment === undefined).length }))
    .filter((t) => t.assessed.length > 0);
  return { supported: supported.length, assessed: assessed.length, assessedList: assessed, notAssessed: supported.length - assessed.length, selfReported: selfReported(assessed), byStatus, themes: perTheme };
}

/** Which observed gaps answer each stated reform (`responds_to`), over the whole review, found once. */
interface Answers {
  byReform: ReadonlyMap<string, ClaimModel[]>;
  /** gaps that answer at least one stated reform */
  answering: ReadonlySet<string>;
}

function answersOf(claims: readonly ClaimModel[]): Answers {
  const reforms = new Set(claims.filter((c) => c.kind === 'stated-reform').map((c) => c.id));
  const byReform = new Map<string, ClaimModel[]>();
  const answering = new Set<string>();
  for (const gap of claims.filter((c) => c.kind === 'observed-gap')) {
    for (const id of new Set(gap.responds_to ?? []).values()) {
      if (!reforms.has(id)) continue;
      const list = byReform.get(id);
      if (list) list.push(gap);
      else byReform.set(id, [gap]);
      answering.add(gap.id);
    }
  }
  return { byReform, answering };
}

/** Rows of the side-by-side table: each stated reform with the gaps that answer it, then each gap that answers none. */
function sideBySide(own: readonly ClaimModel[], answers: Answers, recommendations: ReadonlyMap<string, RecommendationModel>): SideBySideRow[] {
  const rows: { stated?: ClaimModel; gaps: ClaimModel[] }[] = [
    ...own.filter((c) => c.kind === 'stated-reform').map((stated) => ({ stated, gaps: answers.byReform.get(stated.id) ?? [] })),
    ...own.filter((c) => c.kind === 'observed-gap' && !answers.answering.has(c.id)).map((gap) => ({ gaps: [gap] })),
  ];
  return rows.map((row) => ({ ...row, supported: supportedOf([...(row.stated ? [row.stated] : []), ...row.gaps], recommendations) }));
}

function supportedOf(claims: readonly ClaimModel[], recommendations: ReadonlyMap<string, RecommendationModel>): RecommendationModel[] {
  const ids = [...new Set(claims.flatMap((c) => c.bears_on ?? []))];
  return ids.map((id) => recommendations.get(id)).filter((r): r is RecommendationModel => r?.response === 'supported');
}

function modelTheme(theme: Theme, own: ClaimModel[], recommendations: RecommendationModel[], answers: Answers, recById: ReadonlyMap<string, RecommendationModel>): ThemeModel {
  const stated = own.filter((c) => c.kind === 'stated-reform');
  const gaps = own.filter((c) => c.kind === 'observed-gap');
  const supported = recommendations.filter((r) => r.response === 'supported');
  const rows = sideBySide(own, answers, recById);
  const shown = new Set(rows.flatMap((row) => row.supported));
  const context = own.filter((c) => c.kind === 'context');
  const responses = countResponses(recommendations);
  return {
    ...theme, anchor: `theme-${theme.id}`, claims: own, stated, gaps, context, counts: countKinds(own), recommendations, supported, responses,
    rows, rowsHaveSupported: rows.some((r) => r.supported.length > 0),
    supportedUnlinked: supported.filter((r) => !shown.has(r)).length,
  };
}

function indexBy<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = index.get(key);
      if (list) list.push(item);
      else index.set(key, [item]);
    }
  }
  return index;
}

function mostNoted(themes: readonly ThemeModel[]): ThemeModel[] {
  return themes
    .filter((t) => t.responses.noted > 0)
    .map((t, order) => ({ t, order }))
    .sort((a, b) => b.t.responses.noted - a.t.responses.noted || b.t.responses.total - a.t.responses.total || a.order - b.order)
    .slice(0, MOST_NOTED)
    .map(({ t }) => t);
}

function groupBy(themes: readonly ThemeModel[], pick: (t: ThemeModel) => ClaimModel[]): ThemeGroup[] {
  return themes.map((theme) => ({ theme, claims: pick(theme) })).filter((g) => g.claims.length > 0);
}

function paragraphs(text: string | undefined): string[] {
  return (text ?? '').split(/\n\s*\n/).map((p) => p.trim().replace(/\s*\n\s*/g, ' ')).filter((p) => p !== '');
}

const COMPLETE: Edition = { name: 'restricted', labelled: false };

/** The briefing model of a review; with `previous`, the review it follows (of the same edition), compared. */
export function buildModel(review: Review, edition: Edition = COMPLETE, previous?: PreviousInput): BriefingModel {
  const model = modelOf(review, edition);
  const previousModel = previous?.review ? modelOf(previous.review, edition) : undefined;
  return { ...model, since: sinceLastReview(model, previous, previousModel, review.recommendations) };
}

function modelOf(review: Review, edition: Edition): Omit<BriefingModel, 'since'> {
  const { themes, sources, claims, recommendations, ...meta } = review;
  const numbered = sources.map((s, i) => ({ ...s, number: i + 1, anchor: `source-${i + 1}` }));
  const sourceById = new Map(numbered.map((s) => [s.id, s]));
  const themeById = new Map(themes.map((t) => [t.id, t]));
  const claimModels = claims.map((c) => modelClaim(c, sourceById, themeById));
  const claimById = new Map(claimModels.map((c) => [c.id, c]));
  const recModels = recommendations.map((r) => modelRecommendation(r, sourceById, themeById, claimById));
  const claimsByTheme = indexBy(claimModels, (c) => [c.theme]);
  const recsByTheme = indexBy(recModels, (r) => [...new Set(r.themes)]);
  const recById = new Map(recModels.map((r) => [r.id, r]));
  const answers = answersOf(claimModels);
  const themeModels = themes.map((t) => modelTheme(t, claimsByTheme.get(t.id) ?? [], recsByTheme.get(t.id) ?? [], answers, recById));
  const evidence = EVIDENCE_LABELS.map((label) => ({ label, count: claimModels.filter((c) => c.evidence === label).length }));
  return {
    edition,
    review: { ...meta, cycle: meta.cycle ?? deriveCycle(meta.session), summaryParagraphs: paragraphs(meta.summary) },
    themes: themeModels,
    sources: numbered,
    claims: claimModels,
    recommendations: recModels,
    sections: {
      stated: groupBy(themeModels, (t) => t.stated),
      gaps: groupBy(themeModels, (t) => t.gaps),
      context: groupBy(themeModels, (t) => t.context),
      claimThemes: themeModels.filter((t) => t.claims.length > 0 || t.recommendations.length === 0),
      recommendationThemes: themeModels.filter((t) => t.recommendations.length > 0),
      mostNoted: mostNoted(themeModels),
    },
    counts: {
      ...countKinds(claimModels),
      evidence,
      inferred: claimModels.filter((c) => c.inferred).length,
      recommendations: countResponses(recommendations),
    },
    commitments: commitmentsOf(recModels, themeModels),
  };
}
