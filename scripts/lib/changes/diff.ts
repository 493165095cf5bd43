import { embeddedReview } from './embedded.js';
import { wrapText } from '../text/wrap.js';

/**
 * "What changed" between two versions of a briefing's data: the review.json a briefing PDF embeds. The
 * shapes are read loosely (only the fields compared), so any version of the format can be compared.
 */
interface Claim { id: string; text: string; kind?: string; theme?: string; basis?: string; actor?: string; sources?: string[] }
interface Source { id: string; title: string }
interface Recommendation { id: string; text: string; from?: string; response?: string; action?: number; assessment?: unknown }
export interface BriefingData { claims: Claim[]; sources: Source[]; recommendations: Recommendation[] }

export interface Changes {
  claimsAdded: Claim[];
  claimsRemoved: Claim[];
  claimsChanged: Claim[];
  /** recommendations present in both whose response or assessment (UPR Info's action category) changed */
  recommendationsChanged: { after: Recommendation; before: Recommendation }[];
  recommendationsAdded: number;
  recommendationsRemoved: number;
  sourcesAdded: Source[];
  sourcesRemoved: Source[];
}

const list = <T>(value: unknown, isItem: (v: Record<string, unknown>) => boolean): T[] =>
  Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null && isItem(v as Record<string, unknown>)) as T[]) : [];

/** The data behind a briefing, from its review.json bytes; undefined when they are not one. */
export function parseBriefingData(bytes: Uint8Array | undefined): BriefingData | undefined {
  if (!bytes) return undefined;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const hasText = (v: Record<string, unknown>) => typeof v.id === 'string' && typeof v.text === 'string';
  return {
    claims: list<Claim>(data.claims, hasText),
    sources: list<Source>(data.sources, (v) => typeof v.id === 'string' && typeof v.title === 'string'),
    recommendations: list<Recommendation>(data.recommendations, hasText),
  };
}

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((i) => [i.id, i]));
const claimContent = (c: Claim) => JSON.stringify([c.text, c.kind, c.theme, c.basis ?? 'sourced', c.actor, c.sources ?? []]);
const assessment = (r: Recommendation) => JSON.stringify([r.response, r.action, r.assessment]);

export function diffBriefingData(before: BriefingData, after: BriefingData): Changes {
  const [claims, sources, recs] = [byId(before.claims), byId(before.sources), byId(before.recommendations)];
  const [newClaims, newSources, newRecs] = [byId(after.claims), byId(after.sources), byId(after.recommendations)];
  return {
    claimsAdded: after.claims.filter((c) => !claims.has(c.id)),
    claimsRemoved: before.claims.filter((c) => !newClaims.has(c.id)),
    claimsChanged: after.claims.filter((c) => claims.has(c.id) && claimContent(claims.get(c.id)!) !== claimContent(c)),
    recommendationsChanged: after.recommendations.flatMap((r) => {
      const old = recs.get(r.id);
      return old && assessment(old) !== assessment(r) ? [{ before: old, after: r }] : [];
    }),
    recommendationsAdded: after.recommendations.filter((r) => !recs.has(r.id)).length,
    recommendationsRemoved: before.recommendations.filter((r) => !newRecs.has(r.id)).length,
    sourcesAdded: after.sources.filter((s) => !sources.has(s.id)),
    sourcesRemoved: before.sources.filter((s) => !newSources.has(s.id)),
  };
}

export function hasChanges(changes: Changes): boolean {
  return Object.values(changes).some((v) => (Array.isArray(v) ? v.length > 0 : v > 0));
}

const WIDTH = 78;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const item = (mark: string, id: string, text: string) => wrapText(`${id}: ${text}`, WIDTH, `  ${mark} `, '    ');
const section = (title: string, lines: string[][]) => (lines.length === 0 ? [] : [`${title} (${lines.length})`, ...lines.flat()]);

function responseOf(r: Recommendation): string {
  const parts = [r.response ?? 'no response', r.action === undefined ? undefined : `action ${r.action}`, r.assessment === undefined ? undefined : `assessment ${JSON.stringify(r.assessment)}`];
  return parts.filter((p) => p !== undefined).join(', ');
}

/**
 * The "what changed" list, plain text of at most 78 columns: claims added, removed and changed, recommendations
 * whose response or assessment changed, sources added and removed. `since` names the earlier version, e.g.
 * "the previous build". Without an earlier version, the counts of what there is.
 */
export function renderChanges(after: BriefingData, before: BriefingData | undefined, since: string): string {
  if (!before) {
    const counts = [count(after.claims.length, 'claim'), count(after.recommendations.length, 'recommendation'), count(after.sources.length, 'source')];
    return `WHAT CHANGED\nNothing earlier to compare with: the first version (${counts.join(', ')}).\n`;
  }
  const c = diffBriefingData(before, after);
  if (!hasChanges(c)) return `WHAT CHANGED since ${since}\nNo claim, recommendation or source changed.\n`;
  const lines = [
    ...section('Claims added', c.claimsAdded.map((x) => item('+', x.id, x.text))),
    ...section('Claims removed', c.claimsRemoved.map((x) => item('-', x.id, x.text))),
    ...section('Claims changed', c.claimsChanged.map((x) => item('~', x.id, x.text))),
    ...section('Recommendations whose response or assessment changed', c.recommendationsChanged.map(({ before: b, after: a }) => item('~', a.id, `${a.from ? `(${a.from}) ` : ''}${responseOf(b)} → ${responseOf(a)}`))),
    ...(c.recommendationsAdded + c.recommendationsRemoved > 0 ? [`Recommendations added: ${c.recommendationsAdded}, removed: ${c.recommendationsRemoved}`] : []),
    ...section('Sources added', c.sourcesAdded.map((x) => item('+', x.id, x.title))),
    ...section('Sources removed', c.sourcesRemoved.map((x) => item('-', x.id, x.title))),
  ];
  return `WHAT CHANGED since ${since}\n${lines.join('\n')}\n`;
}

/** changes.txt of one edition: what changed in the data its new PDF embeds since the PDF it replaces (if any). */
export function changesBetween(previousPdf: Uint8Array | undefined, pdf: Uint8Array, since: string): string | undefined {
  const after = parseBriefingData(embeddedReview(pdf));
  return after && renderChanges(after, parseBriefingData(previousPdf && embeddedReview(previousPdf)), since);
}
