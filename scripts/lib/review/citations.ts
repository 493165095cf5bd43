import type { Citation, Claim, Speaker } from './schema.js';

/** A claim's citations, a plain source id read as `{ source, role: 'reports' }`. */
export function citationsOf(claim: Pick<Claim, 'sources'>): Citation[] {
  return claim.sources.map((c) => (typeof c === 'string' ? { source: c, role: 'reports' } : c));
}

/** The id of the source one citation names. */
export const citedId = (citation: Claim['sources'][number]): string => (typeof citation === 'string' ? citation : citation.source);

/** The ids of the sources a claim cites, in the order written. */
export function citedIds(claim: Pick<Claim, 'sources'>): string[] {
  return claim.sources.map(citedId);
}

/** Whose statement a claim is: its `speaker`, else the government for a stated reform; undefined lets the sources speak. */
export function speakerOf(claim: Pick<Claim, 'speaker' | 'kind'>): Speaker | undefined {
  return claim.speaker ?? (claim.kind === 'stated-reform' ? 'government' : undefined);
}
