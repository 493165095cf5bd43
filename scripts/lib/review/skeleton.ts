import { deriveCycle } from './cycle.js';
import { describeDates, sessionFacts } from './sessions.js';
import type { State } from './states.js';

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
const quoted = (text: string) => JSON.stringify(text);

export interface SkeletonOptions {
  state: State;
  session: number;
  /** where the JSON Schema lies, relative to the review file */
  schemaPath: string;
  /** the day the file is written: as_of until the author sets it */
  today: string;
}

export const skeletonId = (state: State, session: number) => `${state.iso.toLowerCase()}-upr${session}`;

/**
 * A new review file: the schema line, the state and session with the session's dates, one theme and one claim
 * that state only the session's facts (so the file builds as it is, without a warning), and commented examples
 * of a claim, a source and a theme to copy.
 */
export function reviewSkeleton({ state, session, schemaPath, today }: SkeletonOptions): string {
  const facts = sessionFacts(session);
  const dates = facts && describeDates(facts);
  const when = dates ? ` (${dates})` : '';
  const reviewDate = facts?.start
    ? [`# The first day of session ${session}${when}; put the day of ${state.name}'s review here.`, `review_date: ${facts.start}`]
    : [`# review_date: YYYY-MM-DD   (the day of the review; the table of sessions has no checked dates for session ${session})`];
  return [
    `# yaml-language-server: $schema=${schemaPath}`,
    `# A review of ${state.name} at the ${ordinal(session)} session of the Universal Periodic Review, written by`,
    '# npm run new. Fill it in, then run npm run build; npm run import adds the recommendations the state received.',
    `id: ${skeletonId(state, session)}`,
    `title: ${quoted(`${state.name} at the ${ordinal(session)} session of the Universal Periodic Review`)}`,
    `state: ${quoted(state.name)}`,
    `iso: ${state.iso}`,
    'mechanism: UPR',
    `session: ${session}`,
    `cycle: ${facts?.cycle ?? deriveCycle(session)}`,
    ...reviewDate,
    'venue: Geneva',
    '# The date your information is current to, YYYY-MM-DD.',
    `as_of: ${today}`,
    '',
    'themes:',
    '  - id: the-review',
    '    title: The review',
    '  # A theme groups claims (and imported recommendations). Copy this and change it:',
    '  # - id: freedom-of-expression          # lowercase letters, digits and hyphens',
    '  #   title: Freedom of expression',
    '  #   issues: ["Freedom of opinion and expression"]   # imported issues to file under it (optional)',
    '',
    'sources:',
    '  - id: ohchr-upr',
    '    title: "Universal Periodic Review: documentation by country"',
    '    type: un',
    '    publisher: Office of the United Nations High Commissioner for Human Rights',
    '    url: https://www.ohchr.org/en/hr-bodies/upr/documentation',
    '  # A source: who says it. government sources make a claim self-reported. Copy this and change it:',
    '  # - id: hrw-2024                        # cited by claims as [hrw-2024]',
    '  #   title: "World Report 2024"',
    '  #   type: ngo                           # government | un | nhri | ngo | media | academic | other',
    '  #   publisher: Human Rights Watch',
    '  #   url: https://www.hrw.org/world-report/2024',
    '  #   date: 2024-01                       # YYYY, YYYY-MM or YYYY-MM-DD',
    '',
    'claims:',
    '  - id: c1',
    '    theme: the-review',
    '    kind: context',
    `    text: ${quoted(`${state.name} is reviewed at the ${ordinal(session)} session of the UPR Working Group${when}.`)}`,
    '    sources: [ohchr-upr]',
    '  # A claim: one statement, what kind it is, and the sources it rests on. Copy this and change it:',
    '  # - id: c2',
    '  #   theme: freedom-of-expression',
    '  #   kind: observed-gap                  # stated-reform | observed-gap | context',
    '  #   actor: Human Rights Watch           # who says it (optional)',
    '  #   text: Journalists were detained for their reporting.',
    '  #   sources: [hrw-2024]',
    '',
  ].join('\n');
}
