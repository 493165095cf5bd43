/**
 * A UPR Working Group report as ../shared/upr-reports/ holds it (Mac OS Roman, CR or CR LF line ends, paragraphs
 * run together), read into its numbered paragraphs and its numbered recommendations, for the tests that check a
 * sample review against the report it was taken from.
 */
import { readFile } from 'node:fs/promises';

/** One recommendation as the report words it: its text and the states it names after it, `(Algeria, Mexico)`. */
export interface ReportRecommendation {
  text: string;
  states: string[];
}

export interface WorkingGroupReport {
  /** `'54'` → the paragraph's text, spaces folded */
  paragraphs: Map<string, string>;
  /** `'94.3'` (or `'44.7'`) → the recommendations that item lists, in order */
  recommendations: Map<string, ReportRecommendation[]>;
}

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The attribution that closes a recommendation: a parenthesis (which may hold one more, "Iran (Islamic Republic of)") before `;`, `/`, `.` or the end. */
const ATTRIBUTION = /\(((?:[^()]|\([^()]*\))+)\)\s*(?:[;/.]\s*|$)/g;

/** Splits an item into its recommendations: "Sign and ratify the OP-CRC-SC (Egypt, Kyrgyzstan); Ratify … (Greece)". */
function splitItem(item: string): ReportRecommendation[] {
  const found: ReportRecommendation[] = [];
  let start = 0;
  for (const match of item.matchAll(ATTRIBUTION)) {
    const text = item.slice(start, match.index).trim();
    start = match.index + match[0].length;
    if (text === '') continue;
    found.push({ text, states: match[1]!.split(/,\s*/).map((s) => s.trim()).filter(Boolean) });
  }
  return found;
}

/** Reads a report's paragraphs and the recommendations of paragraph `recommendationsAt` (44 in 2008, 94 in 2012). */
export async function readWorkingGroupReport(path: string, recommendationsAt: number): Promise<WorkingGroupReport> {
  const text = new TextDecoder('macintosh').decode(await readFile(path)).replace(/\r\n?/g, '\n');
  const paragraphs = new Map<string, string>();
  for (const match of text.matchAll(/^(\d+)\.\s([\s\S]*?)(?=^\d+\.\s|^ ?[IVX]+\. |^ ?[AB]\. |^Annex)/gm)) {
    if (!paragraphs.has(match[1]!)) paragraphs.set(match[1]!, fold(match[2]!));
  }
  const from = text.search(new RegExp(`^${recommendationsAt}\\. `, 'm'));
  const to = text.search(new RegExp(`^${recommendationsAt + 1}\\.\\s`, 'm'));
  if (from < 0 || to < from) throw new Error(`${path}: no paragraph ${recommendationsAt} followed by ${recommendationsAt + 1}`);
  const block = text.slice(from, to);
  const recommendations = new Map<string, ReportRecommendation[]>();
  const items = [...block.matchAll(new RegExp(`^(?:${recommendationsAt}\\.)?(\\d+)\\.\\s`, 'gm'))].slice(1);
  items.forEach((match, i) => {
    const body = block.slice(match.index + match[0].length, items[i + 1]?.index ?? block.length);
    recommendations.set(`${recommendationsAt}.${match[1]}`, splitItem(fold(body)));
  });
  return { paragraphs, recommendations };
}

/** The reports' names of states where UPR Info's export (and so an imported review's `from`) has its own short form. */
const UPR_INFO_NAMES: Record<string, string> = {
  'the Netherlands': 'Netherlands',
  'Islamic Republic of Iran': 'Iran',
  'Iran (Islamic Republic of)': 'Iran',
  'United States of America': 'United States',
  'United Kingdom of Great Britain and Northern Ireland': 'United Kingdom',
  'Republic of Moldova': 'Moldova',
  'Democratic People’s Republic of Korea': 'DPR Korea',
  Lichtenstein: 'Liechtenstein', // so spelt in A/HRC/22/3
};

/** A state as UPR Info names it, from the report's name. */
export const uprInfoName = (reportName: string): string => UPR_INFO_NAMES[reportName] ?? reportName;

/** The words of a recommendation, lower case, without punctuation or "to", to compare UPR Info's wording with the report's. */
export const recommendationWords = (text: string): string[] =>
  text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(' ').filter((w) => w !== '' && w !== 'to');
