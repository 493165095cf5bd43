import type { Review } from '../../scripts/lib/review/schema.js';

const KINDS = ['stated-reform', 'observed-gap', 'context'] as const;

/** A synthetic review with `count` claims over ten themes; claim n's text starts with its marker `C0001`. */
export function bigReview(base: Review, count: number): Review {
  const themes = Array.from({ length: 10 }, (_, i) => ({ id: `theme-${i + 1}`, title: `Theme ${i + 1}: a title long enough to wrap in a narrow column` }));
  const sources = Array.from({ length: 40 }, (_, i) => ({ id: `s${i + 1}`, title: `Source ${i + 1}`, type: i % 3 === 0 ? ('government' as const) : ('ngo' as const) }));
  const claims = Array.from({ length: count }, (_, i) => ({
    id: `c${i + 1}`,
    theme: themes[i % themes.length]!.id,
    kind: KINDS[i % 3]!,
    basis: i % 7 === 0 ? ('inferred' as const) : ('sourced' as const),
    text: `${marker(i)} ${i % 50 === 0 ? 'A longer statement about the state of reforms and what observers report. '.repeat(12) : 'A statement about reforms.'}`.trim(),
    sources: [`s${(i % 40) + 1}`, `s${((i + 7) % 40) + 1}`],
  }));
  return { ...base, themes, sources, claims };
}

export const marker = (i: number) => `C${String(i + 1).padStart(4, '0')}`;
