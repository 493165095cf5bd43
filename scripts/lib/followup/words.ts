import { stemmer } from 'stemmer';

/**
 * English function words, plus the words of UN drafting that say how hard to try rather than what to do
 * ("Consider ratifying", "Continue its efforts to", "Take all necessary measures to"). Dropping them makes
 * "Consider ratifying the Optional Protocol" and "Ratify the Optional Protocol" the same request, which they
 * are for a follow-up; the response, not the verb of politeness, tells what the state committed to. Negations
 * ("not", "no", "nor") are kept: "Do not resume executions" is not "Resume executions".
 */
const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can could ' +
    'did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into ' +
    'is it its itself just me more most my myself now of off on once only or other our ours ourselves out over own same she should ' +
    'so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were ' +
    'what when where which while who whom why will with would you your yours yourself yourselves shall may might must upon within without ' +
    // UN drafting: how, not what
    'consider considering continue continuing continued pursue pursuing further furthering effort efforts endeavour endeavor endeavours ' +
    'take taking measure measures step steps necessary appropriate relevant possible possibility view aim aimed order ' +
    'particular particularly including include includes inter alia regard regards line accordance keeping ' +
    'recommendation recommendations recommended recommend state party parties country government'
  ).split(' '),
);

/**
 * Words folded to one before stemming: British and American spellings that UPR texts use both ways, and the
 * nouns of treaty actions that Porter's stemmer keeps apart from their verbs ("ratification" → ratif, "ratify"
 * → ratifi). Acceding to a treaty and ratifying it are one request for a follow-up.
 */
const FOLDS = new Map([
  ['ratification', 'ratify'], ['ratifications', 'ratify'], ['accede', 'ratify'], ['acceding', 'ratify'], ['accession', 'ratify'],
  ['abolition', 'abolish'], ['abolishing', 'abolish'],
  ['programme', 'program'], ['programmes', 'programs'], ['labour', 'labor'], ['centre', 'center'], ['centres', 'centers'],
  ['defence', 'defense'], ['judgement', 'judgment'], ['favour', 'favor'], ['endeavour', 'endeavor'], ['behaviour', 'behavior'],
]);

/** -ise, -isation → -ize, -ization everywhere, so that "criminalise" meets "criminalize" (the change is harmless where it is wrong). */
const ISE = /is(e|es|ed|ing|ation|ations)$/;

/**
 * The acronyms of UN treaties and bodies that recommendations use in place of the full name ("Accede to
 * ICRMW"), spelled out so that they meet the full name. Only upper-case words are read as acronyms; parts of
 * a compound are spelled out one by one ("OP-CAT" → optional protocol + convention against torture …).
 */
const ACRONYMS = new Map(Object.entries({
  CAT: 'Convention against Torture and Other Cruel Inhuman or Degrading Treatment or Punishment',
  OP: 'Optional Protocol', OPCAT: 'Optional Protocol to the Convention against Torture', OP2: 'Second Optional Protocol',
  CEDAW: 'Convention on the Elimination of All Forms of Discrimination against Women',
  CERD: 'Convention on the Elimination of All Forms of Racial Discrimination', ICERD: 'International Convention on the Elimination of All Forms of Racial Discrimination',
  CRC: 'Convention on the Rights of the Child', CRPD: 'Convention on the Rights of Persons with Disabilities',
  ICCPR: 'International Covenant on Civil and Political Rights', ICESCR: 'International Covenant on Economic Social and Cultural Rights',
  ICRMW: 'International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families',
  CED: 'International Convention for the Protection of All Persons from Enforced Disappearance',
  CPED: 'International Convention for the Protection of All Persons from Enforced Disappearance',
  ICPPED: 'International Convention for the Protection of All Persons from Enforced Disappearance',
  NHRI: 'national human rights institution', ICC: 'International Criminal Court', OHCHR: 'Office of the High Commissioner for Human Rights',
  ILO: 'International Labour Organization', FGM: 'female genital mutilation', LGBT: 'lesbian gay bisexual and transgender',
  LGBTI: 'lesbian gay bisexual transgender and intersex', UPR: 'Universal Periodic Review',
}));

export const spellOut = (text: string) => text.replace(/\b[A-Z][A-Z0-9]+\b/g, (word) => ACRONYMS.get(word) ?? word);

/** Words of a text: NFKD with accents dropped, lower case, possessive 's and punctuation gone, digits kept. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]s\b/g, '')
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * The terms a text is compared by: its words without stop words and UN boilerplate, spellings folded, each
 * reduced to its Porter stem ("ratifying" and "ratified" → ratifi, "institutions" → institut).
 */
export function terms(text: string): string[] {
  return words(spellOut(text)).flatMap(term);
}

/** Stems already found: a review's few thousand distinct words recur across every recommendation. */
const STEMS = new Map<string, string[]>();
const MAX_STEMS = 100_000;

function term(word: string): string[] {
  let found = STEMS.get(word);
  if (found === undefined) {
    found = STOP_WORDS.has(word) ? [] : [stemmer((FOLDS.get(word) ?? word).replace(ISE, 'iz$1'))];
    if (STEMS.size >= MAX_STEMS) STEMS.clear();
    STEMS.set(word, found);
  }
  return found;
}

/**
 * A theme's name for comparison across imports: its terms, sorted and without repeats, so that case, accents,
 * punctuation, "&" and word order do not matter ("Rights of the Child", "Child rights", "NHRI" and "National
 * human rights institution" each meet their twin). A name of stop words alone keeps its words.
 */
export function themeLabel(name: string): string {
  const text = name.replace(/&/g, ' and ');
  const found = terms(text);
  return [...new Set(found.length > 0 ? found : words(text))].sort().join(' ');
}

/**
 * The text without the recommending state's name in brackets at its end, as the Working Group reports write
 * it ("… against torture (Sri Lanka);"), so that a report's wording and an export's compare alike.
 */
export function withoutAttribution(text: string, from: string): string {
  const end = /\(([^()]*)\)[\s.;,]*$/.exec(text);
  return end && themeLabel(end[1]!) === themeLabel(from) ? text.slice(0, end.index).trimEnd() : text;
}
