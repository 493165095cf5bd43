import { Document, isAlias, isMap, isNode, isSeq, visit, type Node, type YAMLMap } from 'yaml';
import { createMessage, START, type Message } from '../diagnostics/message.js';
import { deriveCycle } from '../review/cycle.js';
import { describeDates, sessionFacts } from '../review/sessions.js';
import { LIMITS } from '../source/limits.js';
import { parseData } from '../source/parse.js';
import { positionAt, type SourceFile } from '../source/positions.js';
import type { Recommendation, Theme } from '../review/schema.js';
import { toRecommendations, type ReviewBatch } from './batch.js';
import { appendItems, applyEdits, atEnd, pairEnd, removeItems, topPair, YAML_OUTPUT, type Edit } from './splice.js';
import { linkThemes } from './themes.js';
import type { ImportFormat } from './types.js';

interface MergeOptions {
  format: ImportFormat;
  /** the path of the review file, for messages */
  path: string;
  /** the day of the import, YYYY-MM-DD: as_of of a new review when the export carries no date */
  today: string;
  /** as_of of a new review when it is not the day of the import, and where it comes from (a YAML comment) */
  asOf?: { date: string; why: string };
  /** where the JSON Schema lies, relative to the review file */
  schemaPath?: string;
  /** the export's name, for the comment above the recommendations */
  from?: string;
}

export interface MergeStats {
  created: boolean;
  recommendations: number;
  added: number;
  removed: number;
  changed: number;
  themesAdded: string[];
  themesRemoved: string[];
}

interface MergeResult {
  /** the new text of the review file; absent when the existing file cannot be merged into */
  text?: string;
  stats?: MergeStats;
  messages: Message[];
}

/** The fields an import owns; anything else on a recommendation (its source, say) is a person's and is kept. */
const CORE = ['text', 'from', 'from_group', 'response', 'themes', 'action'] as const;
/** Fields only some formats give (UHRI's): an import owns one only when its rows carry it, so a paragraph number a person took from the report survives a UPR Info re-import. */
const EXTRA = ['paragraph', 'document', 'affected_persons', 'sdgs', 'position'] as const;
type Owned = (typeof CORE)[number] | (typeof EXTRA)[number];
const KEY_ORDER = ['id', ...CORE, ...EXTRA, 'source'] as const;

const FLOW = ['themes', 'affected_persons', 'sdgs'] as const;

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

function recommendationNode(doc: Document, rec: Recommendation): Node {
  const node = doc.createNode(Object.fromEntries(KEY_ORDER.filter((k) => rec[k] !== undefined).map((k) => [k, rec[k]]))) as YAMLMap;
  for (const key of FLOW) if (node.has(key)) (node.get(key, true) as { flow?: boolean }).flow = true;
  return node;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Updates an earlier recommendation's node in place, so that its comments and a person's fields stay; says whether it changed. */
function refresh(doc: Document, node: YAMLMap, rec: Recommendation, owned: readonly Owned[]): boolean {
  let changed = false;
  for (const key of owned) {
    const before = (node.get(key, true) as Node | undefined)?.toJSON();
    if (same(before, rec[key])) continue;
    changed = true;
    if (rec[key] === undefined) node.delete(key);
    else node.set(key, (FLOW as readonly string[]).includes(key) ? Object.assign(doc.createNode(rec[key]), { flow: true }) : rec[key]);
  }
  return changed;
}

function recommendationsText(recs: readonly Recommendation[], earlier: Earlier, note: string | undefined): { text: string; changed: number } {
  const doc = new Document({ recommendations: [] });
  const seq = doc.get('recommendations', true) as { items: Node[]; commentBefore?: string | null; comment?: string | null };
  seq.commentBefore = earlier.seq?.commentBefore;
  seq.comment = earlier.seq?.comment;
  let changed = 0;
  const owned = [...CORE, ...EXTRA.filter((key) => recs.some((rec) => rec[key] !== undefined))];
  for (const rec of recs) {
    const old = earlier.nodes.get(rec.id);
    if (old && refresh(doc, old, rec, owned)) changed++;
    seq.items.push(old ?? recommendationNode(doc, rec));
  }
  if (note) (doc.contents as YAMLMap).items[0]!.key = Object.assign(doc.createNode('recommendations'), { commentBefore: note });
  return { text: doc.toString(YAML_OUTPUT), changed };
}

const importNote = (options: MergeOptions) =>
  ` Imported from ${options.from ?? 'an export'} (${options.format.name}) by npm run import. A re-import replaces this list and\n keeps everything else; to file recommendations under your own theme, list the issue under the theme's issues.`;

function newReview(batch: ReviewBatch, options: MergeOptions): MergeResult {
  const source = options.format.source(batch.state, batch.session);
  const links = linkThemes([], batch.rows.flatMap((r) => r.issues));
  const recs = toRecommendations(batch.rows, links.themeOf, source.id);
  const facts = sessionFacts(batch.session);
  const doc = new Document({
    id: batch.id,
    title: `${batch.state} at the ${ordinal(batch.session)} session of the Universal Periodic Review`,
    status: 'draft',
    state: batch.state,
    ...(batch.iso ? { iso: batch.iso } : {}),
    mechanism: 'UPR',
    session: batch.session,
    cycle: facts?.cycle ?? deriveCycle(batch.session),
    ...(facts?.start ? { review_date: facts.start } : {}),
    venue: 'Geneva',
    as_of: options.asOf?.date ?? options.today,
    themes: links.created,
    sources: [source],
    claims: [],
  });
  if (options.schemaPath) doc.commentBefore = ` yaml-language-server: $schema=${options.schemaPath}`;
  const pairs = (doc.contents as YAMLMap).items;
  const keyOf = (name: string) => pairs.find((p) => (p.key as { value?: string }).value === name);
  const dated = facts && describeDates(facts);
  const reviewDate = keyOf('review_date');
  if (reviewDate && dated) reviewDate.key = Object.assign(doc.createNode('review_date'), { commentBefore: ` The first day of session ${batch.session} (${dated}); put the day of this state's review here if you know it.` });
  if (batch.exportName) keyOf('state')!.key = Object.assign(doc.createNode('state'), { commentBefore: ` The export names the state "${batch.exportName}".` });
  keyOf('as_of')!.key = Object.assign(doc.createNode('as_of'), { commentBefore: ` ${options.asOf?.why ?? 'The day of the import: the export carries no date of its own.'}` });
  const claims = (doc.contents as YAMLMap).items.find((p) => (p.key as { value?: string }).value === 'claims')!;
  claims.key = Object.assign(doc.createNode('claims'), { commentBefore: ' Your own claims: stated reforms, observed gaps and context, each citing its sources.', spaceBefore: true });
  const body = recommendationsText(recs, { nodes: new Map() }, importNote(options)).text;
  const text = `${doc.toString(YAML_OUTPUT)}\n${body}`;
  const stats = { created: true, recommendations: recs.length, added: recs.length, removed: 0, changed: 0, themesAdded: links.created.map((t) => t.id), themesRemoved: [] };
  return { text, stats, messages: [] };
}

type Plain = Record<string, unknown>;
const listOf = (data: Plain, key: string): Plain[] => (Array.isArray(data[key]) ? (data[key] as unknown[]).filter((v): v is Plain => typeof v === 'object' && v !== null) : []);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

function declaredThemes(data: Plain): Theme[] {
  return listOf(data, 'themes').flatMap((t) => {
    const id = str(t.id);
    const issues = Array.isArray(t.issues) ? t.issues.filter((i): i is string => typeof i === 'string') : undefined;
    return id ? [{ id, title: str(t.title) ?? id, ...(issues ? { issues } : {}) }] : [];
  });
}

/** Themes the earlier import needed that nothing needs now; a theme a person linked (`issues`) or cites stays. */
function staleThemes(data: Plain, recs: readonly Recommendation[]): Set<number> {
  const wasUsed = new Set(listOf(data, 'recommendations').flatMap((r) => (Array.isArray(r.themes) ? r.themes : [])));
  const inUse = new Set<unknown>([...listOf(data, 'claims').map((c) => c.theme), ...recs.flatMap((r) => r.themes)]);
  const stale = new Set<number>();
  listOf(data, 'themes').forEach((t, i) => {
    if (wasUsed.has(t.id) && !inUse.has(t.id) && t.issues === undefined) stale.add(i);
  });
  return stale;
}

/** The recommendations of the earlier import: their sequence (for its comments) and their nodes by id. */
interface Earlier {
  seq?: Node;
  nodes: ReadonlyMap<string, YAMLMap>;
}

function earlierNodes(doc: Document): Earlier {
  const seq = topPair(doc, 'recommendations')?.value;
  const nodes = new Map<string, YAMLMap>();
  if (!isSeq(seq)) return { nodes };
  for (const item of seq.items) if (isMap(item) && typeof item.get('id') === 'string') nodes.set(item.get('id') as string, item);
  return { seq, nodes };
}

/** Re-imports into an existing review: only the recommendations, and the themes and source they need, change. */
function mergeInto(text: string, doc: Document, data: Plain, batch: ReviewBatch, options: MergeOptions): MergeResult {
  const source = options.format.source(batch.state, batch.session);
  const links = linkThemes(declaredThemes(data), batch.rows.flatMap((r) => r.issues));
  const recs = toRecommendations(batch.rows, links.themeOf, source.id);
  const earlier = earlierNodes(doc);
  const ids = new Set(recs.map((r) => r.id));
  const stale = staleThemes(data, recs);
  const edits: Edit[] = [...removeItems(text, doc, 'themes', stale)];
  const themesEdit = appendItems(text, doc, 'themes', links.created);
  if (themesEdit) edits.push(themesEdit);
  const hasSource = listOf(data, 'sources').some((s) => s.id === source.id);
  const sourceEdit = hasSource ? undefined : appendItems(text, doc, 'sources', [source]);
  if (sourceEdit) edits.push(sourceEdit);
  const pair = topPair(doc, 'recommendations');
  const body = recommendationsText(recs, earlier, pair ? undefined : importNote(options));
  edits.push(pair ? { start: pair.key.range![0], end: pairEnd(text, pair), text: body.text } : atEnd(text, `\n${body.text}`));
  const themesRemoved = listOf(data, 'themes').filter((_, i) => stale.has(i)).map((t) => String(t.id));
  const stats: MergeStats = {
    created: false,
    recommendations: recs.length,
    added: recs.filter((r) => !earlier.nodes.has(r.id)).length,
    removed: [...earlier.nodes.keys()].filter((id) => !ids.has(id)).length,
    changed: body.changed,
    themesAdded: links.created.map((t) => t.id),
    themesRemoved,
  };
  return { text: applyEdits(text, edits), stats, messages: [] };
}

/**
 * Writes a batch of imported rows into a review file's text. Without an earlier file it creates the review;
 * with one, it keeps every byte a person wrote outside the recommendations (claims, sources, themes, summary,
 * comments) and reports what changed.
 */
export function mergeReview(existing: Uint8Array | undefined, batch: ReviewBatch, options: MergeOptions): MergeResult {
  if (existing === undefined) return newReview(batch, options);
  const parsed = parseData(options.path, existing);
  if (!parsed.source || parsed.messages.length > 0) return { messages: parsed.messages };
  const data = parsed.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !isMap(parsed.source.doc.contents)) {
    return { messages: [createMessage(options.path, START, 'wrong-type', { kind: 'document', document: 'import' })] };
  }
  const refused = resolveAliases(parsed.source, options.path);
  if (refused) return { messages: [refused] };
  const text = new TextDecoder().decode(existing);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const merged = mergeInto(text.slice(bom.length), parsed.source.doc, data as Plain, batch, options);
  const back = parseData(options.path, new TextEncoder().encode(merged.text!));
  if (back.messages.length > 0 || !same((back.data as Plain | undefined)?.claims, (data as Plain).claims)) {
    return { messages: [createMessage(options.path, START, 'import-conflict', { kind: 'unstable' })] };
  }
  return { ...merged, text: bom + merged.text };
}

/**
 * Resolves the YAML aliases inside `recommendations`, which an import rewrites: each value is written out in its
 * place (the parsed document is changed). An anchor there that something outside uses, and an alias or anchor in a
 * flow-style `themes` or `sources` list (which the import rewrites whole), cannot be kept: the import refuses,
 * saying where, rather than write a file that no longer parses or means something else.
 */
function resolveAliases(source: SourceFile, path: string): Message | undefined {
  const { doc } = source;
  const at = (node: Node) => positionAt(source.lineCounter, node.range?.[0] ?? 0);
  const recs = topPair(doc, 'recommendations')?.value;
  const anchors = new Map<string, Node>();
  if (isNode(recs)) {
    visit(recs, {
      Alias: (_, alias) => doc.createNode((alias.resolve(doc) as Node).toJS(doc, { maxAliasCount: LIMITS.aliasCount })),
    });
    visit(recs, {
      Node: (_, node) => {
        if (node.anchor) anchors.set(node.anchor, node);
      },
    });
  }
  let conflict: Message | undefined;
  visit(doc, {
    Alias: (_, alias, ancestors) => {
      const anchored = anchors.get(alias.source);
      if (!anchored || ancestors.includes(recs as never)) return undefined;
      conflict = createMessage(path, at(alias), 'import-conflict', { kind: 'alias', alias: alias.source, line: at(anchored).line });
      return visit.BREAK;
    },
  });
  if (conflict) return conflict;
  for (const key of ['themes', 'sources']) {
    const seq = topPair(doc, key)?.value;
    if (!isSeq(seq) || !seq.flow) continue;
    let found: Node | undefined;
    visit(seq, {
      Node: (_, node) => {
        if (isAlias(node) || node.anchor) {
          found = node;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (found) return createMessage(path, at(found), 'import-conflict', { kind: 'flow-list', key, node: isAlias(found) ? 'alias' : 'anchor' });
  }
  return undefined;
}
