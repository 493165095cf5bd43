import type { Edition } from './edition.js';
import type { Claim, ClaimKind, Review, Source, Theme } from './schema.js';

export type Evidence = 'self-reported' | 'independent' | 'mixed' | 'unsourced';
export const EVIDENCE_LABELS: readonly Evidence[] = ['self-reported', 'independent', 'mixed', 'unsourced'];

export interface SourceModel extends Source {
  number: number;
  anchor: string;
}

export interface ClaimModel extends Claim {
  themeTitle: string;
  inferred: boolean;
  evidence: Evidence;
  cited: SourceModel[];
  /** `[1][4]`, or '' when the claim cites nothing */
  citation: string;
}

export interface KindCounts {
  stated: number;
  gaps: number;
  context: number;
  total: number;
}

export interface ThemeModel extends Theme {
  anchor: string;
  claims: ClaimModel[];
  stated: ClaimModel[];
  gaps: ClaimModel[];
  context: ClaimModel[];
  counts: KindCounts;
  /** stated reforms and observed gaps paired row by row for the side-by-side table */
  pairs: { stated?: ClaimModel; gap?: ClaimModel }[];
}

export interface ThemeGroup {
  theme: ThemeModel;
  claims: ClaimModel[];
}

/** Everything the templates show, derived once from validated review data. */
export interface BriefingModel {
  edition: Edition;
  review: Omit<Review, 'themes' | 'sources' | 'claims'> & { cycle: number; summaryParagraphs: string[] };
  themes: ThemeModel[];
  sources: SourceModel[];
  claims: ClaimModel[];
  sections: { stated: ThemeGroup[]; gaps: ThemeGroup[]; context: ThemeGroup[] };
  counts: KindCounts & { evidence: { label: Evidence; count: number }[]; inferred: number };
}

/** UPR cycles: sessions 1–12 → 1, 13–26 → 2, 27–40 → 3, 41–54 → 4, then 14 sessions a cycle. */
export function deriveCycle(session: number): number {
  return session <= 12 ? 1 : Math.floor((session - 13) / 14) + 2;
}

export function evidenceOf(cited: readonly Source[]): Evidence {
  if (cited.length === 0) return 'unsourced';
  const government = cited.filter((s) => s.type === 'government').length;
  if (government === cited.length) return 'self-reported';
  return government === 0 ? 'independent' : 'mixed';
}

function countKinds(claims: readonly ClaimModel[]): KindCounts {
  const count = (kind: ClaimKind) => claims.filter((c) => c.kind === kind).length;
  return { stated: count('stated-reform'), gaps: count('observed-gap'), context: count('context'), total: claims.length };
}

function modelClaim(claim: Claim, sources: ReadonlyMap<string, SourceModel>, themes: ReadonlyMap<string, Theme>): ClaimModel {
  const cited = claim.sources.map((id) => sources.get(id)).filter((s): s is SourceModel => s !== undefined);
  return {
    ...claim,
    themeTitle: themes.get(claim.theme)?.title ?? claim.theme,
    inferred: claim.basis === 'inferred',
    evidence: evidenceOf(cited),
    cited,
    citation: cited.map((s) => `[${s.number}]`).join(''),
  };
}

function modelTheme(theme: Theme, own: ClaimModel[]): ThemeModel {
  const stated = own.filter((c) => c.kind === 'stated-reform');
  const gaps = own.filter((c) => c.kind === 'observed-gap');
  const rows = Math.max(stated.length, gaps.length);
  const pairs = Array.from({ length: rows }, (_, i) => ({ stated: stated[i], gap: gaps[i] }));
  const context = own.filter((c) => c.kind === 'context');
  return { ...theme, anchor: `theme-${theme.id}`, claims: own, stated, gaps, context, counts: countKinds(own), pairs };
}

function groupBy(themes: readonly ThemeModel[], pick: (t: ThemeModel) => ClaimModel[]): ThemeGroup[] {
  return themes.map((theme) => ({ theme, claims: pick(theme) })).filter((g) => g.claims.length > 0);
}

function paragraphs(text: string | undefined): string[] {
  return (text ?? '').split(/\n\s*\n/).map((p) => p.trim().replace(/\s*\n\s*/g, ' ')).filter((p) => p !== '');
}

const COMPLETE: Edition = { name: 'restricted', labelled: false };

export function buildModel(review: Review, edition: Edition = COMPLETE): BriefingModel {
  const { themes, sources, claims, ...meta } = review;
  const numbered = sources.map((s, i) => ({ ...s, number: i + 1, anchor: `source-${i + 1}` }));
  const sourceById = new Map(numbered.map((s) => [s.id, s]));
  const themeById = new Map(themes.map((t) => [t.id, t]));
  const claimModels = claims.map((c) => modelClaim(c, sourceById, themeById));
  const byTheme = new Map<string, ClaimModel[]>();
  for (const c of claimModels) {
    const list = byTheme.get(c.theme);
    if (list) list.push(c);
    else byTheme.set(c.theme, [c]);
  }
  const themeModels = themes.map((t) => modelTheme(t, byTheme.get(t.id) ?? []));
  const evidence = EVIDENCE_LABELS.map((label) => ({ label, count: claimModels.filter((c) => c.evidence === label).length }));
  return {
    edition,
    review: { ...meta, cycle: meta.cycle ?? deriveCycle(meta.session), summaryParagraphs: paragraphs(meta.summary) },
    themes: themeModels,
    sources: numbered,
    claims: claimModels,
    sections: {
      stated: groupBy(themeModels, (t) => t.stated),
      gaps: groupBy(themeModels, (t) => t.gaps),
      context: groupBy(themeModels, (t) => t.context),
    },
    counts: { ...countKinds(claimModels), evidence, inferred: claimModels.filter((c) => c.inferred).length },
  };
}
