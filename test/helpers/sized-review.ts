import { reviewSchema, type Review } from '../../scripts/lib/review/schema.js';

/** The sizes a briefing meets in use: how many recommendations, claims and themes, and how long their texts. */
export interface Size {
  recommendations: number;
  claims: number;
  themes: number;
  long: boolean;
}

const STATES: [string, string][] = [
  ['France', 'WEOG'], ['Brazil', 'GRULAC'], ['Kenya', 'Africa'], ['Japan', 'Asia-Pacific'], ['Hungary', 'EEG'],
  ['Norway', 'WEOG'], ['India', 'Asia-Pacific'], ['Ghana', 'Africa'], ['Bolivarian Republic of Venezuela', 'GRULAC'],
];
const KINDS = ['stated-reform', 'observed-gap', 'context'] as const;
const RESPONSES = ['supported', 'noted', 'pending'] as const;
const SHORT = 'Ratify the convention.';
const LONG =
  'Take all necessary legislative and administrative measures, including comprehensive anti-discrimination legislation, to guarantee the independence of the judiciary, to end the harassment and arbitrary detention of human rights defenders, journalists and members of civil society organisations, and to ensure that allegations of torture and ill-treatment in places of deprivation of liberty are promptly, impartially and effectively investigated.';

/** A valid review of the given size, its content cycling deterministically through states, responses and kinds. */
export function sizedReview(id: string, size: Size): Review {
  const text = (n: number) => `${n + 1}. ${size.long ? LONG : SHORT}`;
  const themes = Array.from({ length: size.themes }, (_, t) => ({
    id: `theme-${t + 1}`,
    title: size.long ? `Theme ${t + 1}: rights of persons deprived of liberty and the administration of justice` : `Theme ${t + 1}`,
  }));
  const theme = (n: number) => themes[n % themes.length]!.id;
  return reviewSchema.parse({
    id,
    title: `A review with ${size.recommendations} recommendations, ${size.claims} claims and ${size.themes} themes`,
    state: 'Demoland',
    session: 48,
    as_of: '2025-01-20',
    themes,
    sources: [
      { id: 's1', title: 'National report', type: 'government' },
      { id: 's2', title: 'Stakeholder submission', type: 'ngo' },
      { id: 's3', title: 'Working Group report', type: 'un' },
    ],
    claims: Array.from({ length: size.claims }, (_, c) => ({ id: `c${c + 1}`, theme: theme(c), kind: KINDS[c % 3], text: text(c), sources: [`s${(c % 3) + 1}`] })),
    recommendations: Array.from({ length: size.recommendations }, (_, r) => {
      const [from, group] = STATES[r % STATES.length]!;
      const carried = r % 4 === 0 && themes.length > 1 ? [theme(r), theme(r + 1)] : [theme(r)];
      return { id: `rec-${r + 1}`, text: text(r), from, from_group: group, response: RESPONSES[r % 3], themes: carried, source: 's3' };
    }),
  });
}

export const sizeName = ({ recommendations, claims, themes, long }: Size) =>
  `${recommendations} recommendations, ${claims} claims, ${themes} ${themes === 1 ? 'theme' : 'themes'}, ${long ? 'long' : 'short'} texts`;
