import { spellOut, words } from '../followup/words.js';
import type { RecommendationResponse } from '../review/schema.js';
import type { RecommendationModel } from './model.js';

/**
 * The recommendations annex (README "Outputs", the Recommendations annex): each recommendation once, numbered,
 * texts that say the same made by several states as one entry that lists every state, filed under its first
 * theme and cross-referenced by number from its others, with an index by recommending state and counts by
 * response and action category.
 */

/** UPR Info's action categories, 1 to 5 (README "Importing recommendations"). */
export const ACTION_LABELS: Record<number, string> = {
  1: 'minimal action',
  2: 'continuing action',
  3: 'considering action',
  4: 'general action',
  5: 'specific action',
};

/**
 * Words that do not change what a recommendation asks: articles, prepositions and possessives ("Pursue the
 * policies" / "Pursue policies"; "culture of all people" / "culture for all people"). Unlike the follow-up's stop
 * words (followup/words.ts), verbs of politeness stay: "Consider ratifying" asks less than "Ratify".
 */
const FILLER = new Set('a an the its their his her of for to in on at by with from this that these those'.split(' '));

/**
 * The key two texts are the same recommendation by: their words (followup/words.ts: accents, case and
 * punctuation gone, treaty acronyms spelled out so that "ICCPR" meets its full name) in order, filler dropped.
 * Equal keys only: a similarity threshold would merge "Accede to the ICESCR …" with "Accede to the ICCPR …"
 * (TF-IDF cosine 0.94 on Cuba's texts), which ask for different treaties.
 */
export function sameTextKey(text: string): string {
  return words(spellOut(text)).filter((w) => !FILLER.has(w)).join(' ');
}

/** One recommending state's part in an entry: its rows of the data (a state may repeat itself). */
export interface AnnexState {
  name: string;
  group?: string;
  response: RecommendationResponse;
  /** how many rows of the data this state has in the entry, 1 unless it repeated the recommendation */
  rows: number;
  /** `true` on the last state listed, for the template's separators */
  last: boolean;
}

export interface AnnexEntry {
  number: number;
  anchor: string;
  /** the wording most rows use (the first of them on a tie) */
  text: string;
  /** the response shared by every row, or the responses in order supported, noted, pending ("supported/noted") */
  response: string;
  /** true when the states responded to differently: then each state shows its response */
  mixedResponse: boolean;
  /** the response style of the label: the shared response, or `mixed` */
  responseStyle: string;
  states: AnnexState[];
  rows: number;
  /** other wordings in the group, each with the states that used it */
  otherWordings: { text: string; from: string }[];
  /** the titles of the themes it is cross-referenced from (it is listed under its first) */
  alsoUnder: string[];
  /** UN paragraph numbers of its rows, each once, in data order */
  paragraphs: string[];
  /** the action categories of its rows, `5` or `4/5` when the states' rows differ, with their labels */
  action?: string;
  actionLabel?: string;
  /** `[3]` with its source, when the annex's sources are not one for all (then the heading cites it) */
  citation: string;
  cited?: RecommendationModel['cited'];
  /** too long for a page: may break inside its text (see LONG_ENTRY) */
  long: boolean;
}

export interface AnnexTheme {
  id: string;
  title: string;
  anchor: string;
  /** entries whose first theme this is */
  entries: AnnexEntry[];
  /** entries listed under another theme that carry this one too */
  seeAlso: AnnexEntry[];
  /** whether the heading and the first entry may be kept together on one page (the entry is not too long) */
  keepStart: boolean;
}

export interface AnnexStateIndex {
  name: string;
  /** '' when the data gives none */
  group: string;
  entries: AnnexEntry[];
  rows: number;
}

export interface ResponseRow {
  label: string;
  supported: number;
  noted: number;
  pending: number;
  total: number;
}

export interface Annex {
  entries: AnnexEntry[];
  themes: AnnexTheme[];
  byState: AnnexStateIndex[];
  /** rows (recommendations as made) by action category, each split by response, then the total */
  byAction: ResponseRow[];
  total: ResponseRow;
  rows: number;
  /** entries that group more than one row */
  grouped: number;
  /** whether any recommendation has its UN paragraph number */
  hasParagraphs: boolean;
  /** the source every recommendation cites, when they all cite the same one */
  source?: NonNullable<RecommendationModel['cited']>;
}

/**
 * Characters of an entry (its texts and states) above which it may be taller than a page (about 45 lines of
 * 95 characters): pdfmake keeps only the first page of an unbreakable block, so such an entry breaks instead.
 */
export const LONG_ENTRY = 4000;

const RESPONSE_ORDER: RecommendationResponse[] = ['supported', 'noted', 'pending'];

function groupRows(recommendations: readonly RecommendationModel[]): RecommendationModel[][] {
  const groups = new Map<string, RecommendationModel[]>();
  for (const rec of recommendations) {
    const key = `${rec.source ?? ''}\u0000${sameTextKey(rec.text) || rec.text}`;
    const group = groups.get(key);
    if (group) group.push(rec);
    else groups.set(key, [rec]);
  }
  return [...groups.values()];
}

function statesOf(rows: readonly RecommendationModel[]): AnnexState[] {
  const byName = new Map<string, AnnexState>();
  for (const rec of rows) {
    const key = `${rec.from}\u0000${rec.response}`;
    const found = byName.get(key);
    if (found) found.rows++;
    else byName.set(key, { name: rec.from, ...(rec.from_group ? { group: rec.from_group } : {}), response: rec.response, rows: 1, last: false });
  }
  const states = [...byName.values()];
  states.at(-1)!.last = true;
  return states;
}

/** The wording most rows use, and the others with the states that used each. */
function wordings(rows: readonly RecommendationModel[]): { text: string; others: { text: string; from: string }[] } {
  const byText = new Map<string, RecommendationModel[]>();
  for (const rec of rows) {
    const text = rec.text.trim();
    byText.set(text, [...(byText.get(text) ?? []), rec]);
  }
  const ranked = [...byText.entries()].sort((a, b) => b[1].length - a[1].length);
  const [[text]] = ranked as [[string, RecommendationModel[]]];
  const others = ranked.slice(1).map(([other, recs]) => ({ text: other, from: [...new Set(recs.map((r) => r.from))].join(', ') }));
  return { text, others };
}

function entryOf(rows: readonly RecommendationModel[], number: number, themeOrder: ReadonlyMap<string, number>, perEntryCitation: boolean): AnnexEntry & { themeIds: string[] } {
  const responses = RESPONSE_ORDER.filter((r) => rows.some((rec) => rec.response === r));
  const [first, ...also] = new Set(rows.flatMap((r) => r.themes));
  const rest = also.sort((a, b) => (themeOrder.get(a) ?? 0) - (themeOrder.get(b) ?? 0));
  const titles = new Map(rows.flatMap((r) => r.themes.map((id, i) => [id, r.themeTitles[i]!] as const)));
  const actions = [...new Set(rows.flatMap((r) => (r.action === undefined ? [] : [r.action])))].sort((a, b) => a - b);
  const { text, others } = wordings(rows);
  const states = statesOf(rows);
  const size = text.length + others.reduce((n, o) => n + o.text.length + o.from.length, 0) + states.reduce((n, s) => n + s.name.length + 12, 0);
  const cited = rows[0]!.cited;
  return {
    number,
    anchor: `rec-${number}`,
    text,
    response: responses.join('/'),
    mixedResponse: responses.length > 1,
    responseStyle: responses.length > 1 ? 'mixed' : responses[0]!,
    states,
    rows: rows.length,
    otherWordings: others,
    themeIds: [first!, ...rest],
    alsoUnder: rest.map((id) => titles.get(id) ?? id),
    paragraphs: [...new Set(rows.flatMap((r) => (r.paragraph === undefined ? [] : [r.paragraph])))],
    ...(actions.length > 0 ? { action: actions.join('/'), actionLabel: actions.map((a) => ACTION_LABELS[a] ?? 'action').join('/') } : {}),
    citation: perEntryCitation && cited ? `[${cited.number}]` : '',
    ...(perEntryCitation && cited ? { cited } : {}),
    long: size > LONG_ENTRY,
  };
}

function responseRow(label: string, rows: readonly RecommendationModel[]): ResponseRow {
  const count = (response: RecommendationResponse) => rows.filter((r) => r.response === response).length;
  return { label, supported: count('supported'), noted: count('noted'), pending: count('pending'), total: rows.length };
}

function byStateOf(entries: readonly AnnexEntry[]): AnnexStateIndex[] {
  const index = new Map<string, AnnexStateIndex>();
  for (const entry of entries) {
    for (const state of entry.states) {
      const found = index.get(state.name) ?? { name: state.name, group: state.group ?? '', entries: [], rows: 0 };
      if (found.entries.at(-1) !== entry) found.entries.push(entry);
      found.rows += state.rows;
      index.set(state.name, found);
    }
  }
  return [...index.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/**
 * The annex of a review's recommendations. `themes` gives the order of the theme sections (the review's); an
 * entry is numbered in the order it is listed: by its first theme, then in data order within the theme.
 */
export function annexOf(recommendations: readonly RecommendationModel[], themes: readonly { id: string; title: string }[]): Annex {
  const themeOrder = new Map(themes.map((t, i) => [t.id, i]));
  const sources = new Set(recommendations.map((r) => r.cited?.number));
  const source = sources.size === 1 ? recommendations[0]?.cited : undefined;
  const groups = groupRows(recommendations);
  const firstTheme = (group: readonly RecommendationModel[]) => themeOrder.get(group[0]!.themes[0]!) ?? themes.length;
  const ordered = groups.map((g, i) => ({ g, i })).sort((a, b) => firstTheme(a.g) - firstTheme(b.g) || a.i - b.i).map(({ g }) => g);
  const built = ordered.map((g, i) => entryOf(g, i + 1, themeOrder, source === undefined));
  const themed = themes.map((t) => ({
    id: t.id,
    title: t.title,
    anchor: `recs-${t.id}`,
    entries: built.filter((e) => e.themeIds[0] === t.id),
    seeAlso: built.filter((e) => e.themeIds.indexOf(t.id) > 0),
  }));
  const entries = built.map(({ themeIds: _, ...entry }) => entry);
  const strip = (list: readonly (AnnexEntry & { themeIds: string[] })[]) => list.map((e) => entries[e.number - 1]!);
  const actions = [...new Set(recommendations.flatMap((r) => (r.action === undefined ? [] : [r.action])))].sort((a, b) => a - b);
  const unrated = recommendations.filter((r) => r.action === undefined);
  return {
    entries,
    themes: themed.filter((t) => t.entries.length + t.seeAlso.length > 0).map((t) => ({ ...t, entries: strip(t.entries), seeAlso: strip(t.seeAlso), keepStart: !t.entries[0]?.long })),
    byState: byStateOf(entries),
    byAction: [
      ...actions.map((a) => responseRow(`${a} · ${ACTION_LABELS[a] ?? 'action'}`, recommendations.filter((r) => r.action === a))),
      ...(unrated.length > 0 && actions.length > 0 ? [responseRow('no category', unrated)] : []),
    ],
    total: responseRow('All recommendations', recommendations),
    rows: recommendations.length,
    grouped: entries.filter((e) => e.rows > 1).length,
    hasParagraphs: entries.some((e) => e.paragraphs.length > 0),
    ...(source ? { source } : {}),
  };
}
