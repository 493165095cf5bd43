/**
 * Pairs of recommendations across the two UPR Info cycles in ../shared/upr-info/ (sessions 1–5 and 14–17),
 * read by hand in the raw CSV files (grep for the state and the words), not taken from the matcher's output.
 * test/followup-shared.test.ts checks the matcher on them, test/layout.test.ts the built follow-up briefings.
 */
/** A current recommendation and the previous ones any of which is its counterpart, as read in the raw files. */
export interface HandRead {
  state: string;
  title: string;
  now: [from: string, text: string];
  then: [from: string, text: string][];
  change?: `${string}→${string}`;
  sameState?: boolean;
}

export const NHRI = 'Establish a national human rights institution in accordance with the Paris Principles';
const ICRMW_BS = 'Consider the possibility of acceding to the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families.';
const ICRMW_CZ = 'the International Convention on the Protection of the Rights of All Migrants Workers and Members of their Families';
const STANDING = 'Extend a standing invitation to all special procedures of the Human Rights Council.';

export const HAND_READ: HandRead[] = [
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

/** Supported in the first cycle and asked for again in near-identical words in the second, as read in the raw files. */
export const REPEATED_COMMITMENTS = [
  { state: 'Czech Republic', then: ['France', 'Sign and ratify the International Convention on the Protection of All Persons from Enforced Disappearance.'], now: [['France', 'Ratify the CPED'], ['Spain', 'Ratify the CPED']] },
  { state: 'Czech Republic', then: ['Canada', `${NHRI}.`], now: [['Rwanda', 'Establish the national human rights institution in accordance with the Paris Principles']] },
] as const;

