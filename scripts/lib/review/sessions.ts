import { deriveCycle } from './cycle.js';

/** One session of the UPR Working Group. Dates are present only where they were checked against a published page (`checked`). */
export interface Session {
  number: number;
  cycle: number;
  /** first day, YYYY-MM-DD */
  start?: string;
  /** last day, YYYY-MM-DD */
  end?: string;
  /** where the dates were checked: a UN (OHCHR, UN Geneva) or UPR Info page, or a Working Group report */
  checked?: string;
}

const OHCHR = 'OHCHR / UN Geneva press release';
const WG_REPORT = 'Working Group report';
const UPR_INFO = 'UPR Info';

/**
 * Sessions 1 to 54 (the planned end of the fourth cycle). Dates were checked one by one; a session whose dates
 * could not be checked here has none, rather than a guess (README "Importing recommendations" lists them).
 * Sessions 2 and 3: sources disagree on the last day (16 or 19 May 2008; 12 or 15 December 2008), so it is left out.
 */
const DATES: Record<number, [start: string, end: string | undefined, checked: string]> = {
  1: ['2008-04-07', '2008-04-18', OHCHR],
  2: ['2008-05-05', undefined, OHCHR],
  3: ['2008-12-01', undefined, 'NGO-UPR calendar of 2008'],
  4: ['2009-02-02', '2009-02-13', OHCHR],
  5: ['2009-05-04', '2009-05-15', OHCHR],
  6: ['2009-11-30', '2009-12-11', OHCHR],
  13: ['2012-05-21', '2012-06-04', 'APT, session announcement'],
  14: ['2012-10-22', '2012-11-05', `${WG_REPORT} A/HRC/22/3`],
  17: ['2013-10-21', '2013-11-01', OHCHR],
  19: ['2014-04-28', '2014-05-09', `${WG_REPORT} A/HRC/27/6`],
  21: ['2015-01-19', '2015-01-30', UPR_INFO],
  23: ['2015-11-02', '2015-11-13', OHCHR],
  26: ['2016-10-31', '2016-11-11', OHCHR],
  27: ['2017-05-01', '2017-05-12', UPR_INFO],
  28: ['2017-11-06', '2017-11-17', UPR_INFO],
  29: ['2018-01-15', '2018-01-26', OHCHR],
  31: ['2018-11-05', '2018-11-16', UPR_INFO],
  36: ['2020-11-02', '2020-11-13', OHCHR],
  37: ['2021-01-18', '2021-01-29', 'IIMA Geneva'],
  40: ['2022-01-24', '2022-02-03', OHCHR],
  41: ['2022-11-07', '2022-11-18', OHCHR],
  42: ['2023-01-23', '2023-02-03', UPR_INFO],
  43: ['2023-05-01', '2023-05-12', UPR_INFO],
  44: ['2023-11-06', '2023-11-17', OHCHR],
  46: ['2024-04-29', '2024-05-10', OHCHR],
  48: ['2025-01-20', '2025-01-31', OHCHR],
  49: ['2025-04-28', '2025-05-09', UPR_INFO],
};

export const LAST_SESSION = 54;

export const SESSIONS: readonly Session[] = Array.from({ length: LAST_SESSION }, (_, i) => {
  const number = i + 1;
  const dates = DATES[number];
  const session: Session = { number, cycle: deriveCycle(number) };
  if (dates) {
    session.start = dates[0];
    if (dates[1]) session.end = dates[1];
    session.checked = dates[2];
  }
  return session;
});

export const sessionFacts = (number: number): Session | undefined => SESSIONS[number - 1];

/** "28 April – 9 May 2014", or as much of it as is known. */
export function describeDates(session: Session): string | undefined {
  if (!session.start) return undefined;
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return session.end ? `${day(session.start)} – ${day(session.end)}` : `from ${day(session.start)}`;
}
