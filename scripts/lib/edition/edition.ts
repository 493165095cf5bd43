import { citedId, citedIds } from '../review/citations.js';
import type { Review } from '../review/schema.js';

/** The two editions of every review: `restricted` is complete; `public` leaves out what is marked restricted. */
export const EDITIONS = ['restricted', 'public'] as const;
export type EditionName = (typeof EDITIONS)[number];

export function isEditionName(value: unknown): value is EditionName {
  return (EDITIONS as readonly unknown[]).includes(value);
}

/** What the templates know about the edition they render. */
export interface Edition {
  name: EditionName;
  /** true when this edition holds restricted material and must be labelled RESTRICTED */
  labelled: boolean;
}

/** Where an edition's artefacts go, relative to out/<id>/. */
export const EDITION_DIRS: Record<EditionName, string> = { restricted: '', public: 'public/' };

export function hasRestrictedMaterial(review: Review): boolean {
  return review.claims.some((c) => c.restricted === true) || review.sources.some((s) => s.restricted === true);
}

/**
 * The public edition: restricted claims and sources removed, and with them what only they needed: public
 * sources that only restricted claims cite, and themes whose every claim is restricted (and that no
 * recommendation names). Recommendations stay; one citing a restricted source loses that citation, and links
 * (responds_to, an assessment's claims) to a restricted claim go with it. Sources are numbered
 * by their order in the list, so the renumbering has no holes.
 */
export function publicEdition(review: Review): Review {
  if (!hasRestrictedMaterial(review)) return review;
  const restrictedSources = new Set(review.sources.filter((s) => s.restricted === true).map((s) => s.id));
  const kept = new Set(review.claims.filter((c) => c.restricted !== true).map((c) => c.id));
  const claims = review.claims
    .filter((c) => kept.has(c.id))
    .map((c) => ({
      ...c,
      sources: c.sources.filter((cite) => !restrictedSources.has(citedId(cite))),
      ...(c.responds_to ? { responds_to: c.responds_to.filter((id) => kept.has(id)) } : {}),
    }));
  const recommendations: Review['recommendations'] = review.recommendations
    .map(({ source, ...r }) => (source === undefined || restrictedSources.has(source) ? r : { ...r, source }))
    .map((r) => (r.assessment ? { ...r, assessment: { ...r.assessment, claims: r.assessment.claims.filter((id) => kept.has(id)) } } : r));
  const citedByPublic = new Set([...claims.flatMap(citedIds), ...recommendations.flatMap((r) => (r.source === undefined ? [] : [r.source]))]);
  const citedOnlyByRestricted = new Set(review.claims.flatMap(citedIds).filter((id) => !citedByPublic.has(id)));
  const sources = review.sources.filter((s) => s.restricted !== true && !citedOnlyByRestricted.has(s.id));
  const themesWithClaims = new Set([...claims.map((c) => c.theme), ...recommendations.flatMap((r) => r.themes)]);
  const themesOnlyRestricted = new Set(review.claims.map((c) => c.theme).filter((t) => !themesWithClaims.has(t)));
  const themes = review.themes.filter((t) => !themesOnlyRestricted.has(t.id));
  return { ...review, themes, sources, claims, recommendations };
}

/** The review data each edition renders, with its label. */
export function editionsOf(review: Review): { edition: Edition; review: Review }[] {
  return [
    { edition: { name: 'restricted', labelled: hasRestrictedMaterial(review) }, review },
    { edition: { name: 'public', labelled: false }, review: publicEdition(review) },
  ];
}
