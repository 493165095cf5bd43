/**
 * Which review each review follows: the one it names under `follows`, else the latest earlier review of the
 * same state in the data folder (by its `iso`, and session). Pure: the checks of every file in, the links and
 * the messages out. A review whose `follows` is wrong is not built; one whose predecessor has errors is built,
 * with a warning, and its briefing says why the previous review could not be read.
 */
import { createMessage, hasErrors, START, type Message, type Position } from '../diagnostics/message.js';
import type { Review } from '../review/schema.js';
import { splitReviewOf, type CheckedReview } from '../review/validate.js';
import type { Checked } from './check-cache.js';
import type { PreviousInput } from '../model/followup.js';

export interface PredecessorLink {
  /** the previous review's file and id */
  path: string;
  id: string;
  /** true when the review names it under `follows`; false when the build found it */
  named: boolean;
  /** why the previous review could not be read (its first error); unset when it is valid */
  problem?: string;
}

export interface Linked {
  /** messages for each file, by path */
  messages: Map<string, Message[]>;
  /** each valid review's predecessor, by path; a review without one has no entry */
  links: Map<string, PredecessorLink>;
}

const valid = (c: Checked) => c.review !== undefined || c.cached === true;
const where = (c: Checked): Position => c.sessionPosition ?? c.idPosition ?? START;

/** A file's name without its folders: what a briefing may print (its bytes do not depend on where the build ran). */
export const fileName = (path: string) => path.split(/[\\/]/).at(-1)!;

/** A file's first error, as one line: what the briefing and the warning say about a previous review that could not be read. */
export function firstError(c: Pick<CheckedReview, 'messages'>): string {
  const m = c.messages.find((x) => x.severity === 'error');
  return m ? `${fileName(m.file)}:${m.line}:${m.column}: ${m.reason}` : 'it has errors';
}

/** The ids that `follows` leads through from `start`, back to `start` when they go round in a circle. */
function circle(start: Checked, byId: ReadonlyMap<string, Checked>): string[] | undefined {
  const chain = [start.id!];
  let next = start.follows;
  while (next !== undefined && !chain.includes(next)) {
    chain.push(next);
    next = byId.get(next)?.follows;
  }
  return next === start.id && chain.length > 1 ? [...chain, start.id!] : undefined;
}

type Found = { link?: PredecessorLink; message?: Message };

function named(c: Checked, all: readonly Checked[], byId: ReadonlyMap<string, Checked>): Found {
  const { state, session } = splitReviewOf(c.reviewOf!);
  const at = c.followsPosition ?? where(c);
  const error = (m: Message): Found => ({ message: m });
  const id = c.id!;
  const follows = c.follows!;
  if (follows === id) return error(createMessage(c.path, at, 'follows-self', { id }));
  const chain = circle(c, byId);
  if (chain) return error(createMessage(c.path, at, 'follows-cycle', { chain }));
  const target = byId.get(follows);
  if (!target) {
    const known = all.filter((o) => o !== c && o.id !== undefined && o.reviewOf !== undefined && splitReviewOf(o.reviewOf).state === state).map((o) => o.id!).sort();
    return error(createMessage(c.path, at, 'unknown-predecessor', { id, follows, known }));
  }
  if (target.reviewOf !== undefined) {
    const other = splitReviewOf(target.reviewOf);
    if (other.state !== state) return error(createMessage(c.path, at, 'follows-other-state', { id, state, follows, followsState: other.state }));
    if (other.session >= session) return error(createMessage(c.path, at, 'follows-later', { id, session, follows, followsSession: other.session }));
  }
  return linkTo(c, target, true, at);
}

function linkTo(c: Checked, target: Checked, isNamed: boolean, at: Position): Found {
  const link: PredecessorLink = { path: target.path, id: target.id ?? target.path, named: isNamed };
  if (valid(target)) return { link };
  const problem = firstError(target);
  return { link: { ...link, problem }, message: createMessage(c.path, at, 'predecessor-errors', { id: c.id!, previous: link.id, reason: problem }) };
}

/** The latest review of the same state at an earlier session, valid or not (one with errors is reported, not passed over). */
function found(c: Checked, all: readonly Checked[]): Found {
  const { state, session } = splitReviewOf(c.reviewOf!);
  const earlier = all
    .filter((o) => o !== c && o.reviewOf !== undefined)
    .map((o) => ({ o, ...splitReviewOf(o.reviewOf!) }))
    .filter((x) => x.state === state && x.session < session)
    .sort((a, b) => b.session - a.session || (a.o.path < b.o.path ? -1 : 1));
  return earlier[0] ? linkTo(c, earlier[0].o, false, where(c)) : {};
}

/** Links every valid review to its predecessor, and says what is wrong with the links that cannot be made. */
export function linkPredecessors(checked: readonly Checked[]): Linked {
  const byId = new Map<string, Checked>();
  for (const c of checked) if (c.id !== undefined && !byId.has(c.id)) byId.set(c.id, c);
  const linked: Linked = { messages: new Map(), links: new Map() };
  for (const c of checked) {
    if (!valid(c) || c.id === undefined || c.reviewOf === undefined) continue;
    const { link, message } = c.follows !== undefined ? named(c, checked, byId) : found(c, checked);
    if (link) linked.links.set(c.path, link);
    if (message) linked.messages.set(c.path, [message]);
  }
  // a predecessor that a wrong `follows` of its own keeps from being built could not be read either
  for (const [path, link] of linked.links) {
    const errors = (linked.messages.get(link.path) ?? []).filter((m) => m.severity === 'error');
    if (link.problem !== undefined || errors.length === 0) continue;
    const c = checked.find((x) => x.path === path)!;
    const problem = firstError({ messages: errors });
    linked.links.set(path, { ...link, problem });
    linked.messages.set(path, [...(linked.messages.get(path) ?? []), createMessage(path, link.named ? (c.followsPosition ?? where(c)) : where(c), 'predecessor-errors', { id: c.id!, previous: link.id, reason: problem })]);
  }
  return linked;
}

/** The checks with the links' messages added; a review that now has errors is not built. */
export function withMessages<T extends Checked>(checked: readonly T[], messages: ReadonlyMap<string, readonly Message[]>): T[] {
  return checked.map((c) => {
    const extra = messages.get(c.path);
    if (!extra || extra.length === 0) return c;
    const all = [...c.messages, ...extra];
    return { ...c, messages: all, ...(hasErrors(all) ? { review: undefined, cached: false } : {}) };
  });
}

/**
 * The overrides of a review against its previous one: each must name a recommendation the previous review
 * holds, and no pair may be both `same_as` and `not_same_as`. Unchecked when the previous review could not be read.
 */
export function overrideMessages(current: CheckedReview, previous: { id: string; review?: Review } | undefined): Message[] {
  const refs = current.overrides ?? [];
  if (refs.length === 0 || (previous && !previous.review)) return [];
  const ids = new Set(previous?.review?.recommendations.map((r) => r.id));
  const said = new Map<string, Set<string>>();
  for (const r of refs) said.set(`${r.current} ${r.previous}`, (said.get(`${r.current} ${r.previous}`) ?? new Set()).add(r.field));
  return refs.flatMap((r) => {
    const base = { owner: `recommendation "${r.current}"`, field: r.field, recommendation: r.previous };
    if (!previous) return [createMessage(current.path, r.position, 'unknown-previous-recommendation', { kind: 'none', ...base })];
    if (!ids.has(r.previous)) return [createMessage(current.path, r.position, 'unknown-previous-recommendation', { kind: 'unknown', ...base, previous: previous.id })];
    if (r.field === 'not_same_as' && said.get(`${r.current} ${r.previous}`)!.size > 1) return [createMessage(current.path, r.position, 'contradictory-override', base)];
    return [];
  });
}

/** The review a review follows, as its render gets it: the data when it could be read, else why not. */
export function previousOf(link: PredecessorLink, parsed: ReadonlyMap<string, CheckedReview>): PreviousInput {
  const review = link.problem === undefined ? parsed.get(link.path)?.review : undefined;
  return { id: link.id, path: fileName(link.path), named: link.named, ...(review ? { review } : { problem: link.problem ?? 'it has errors' }) };
}

/** The overrides of every review parsed now whose predecessor is parsed too (the others are checked once they are, before they are rendered). */
export function checkOverrides(checked: readonly Checked[], links: ReadonlyMap<string, PredecessorLink>): Checked[] {
  const byPath = new Map(checked.map((c) => [c.path, c]));
  const messages = new Map<string, Message[]>();
  for (const c of checked) {
    if (!c.review) continue;
    const link = links.get(c.path);
    const target = link ? byPath.get(link.path) : undefined;
    if (link && !link.problem && !target?.review) continue;
    messages.set(c.path, overrideMessages(c, link ? previousOf(link, new Map(target ? [[target.path, target]] : [])) : undefined));
  }
  return withMessages(checked, messages);
}

/** What a review's inputs hash holds of its predecessor: its file's bytes, or why it could not be read. */
export function predecessorBytes(link: PredecessorLink | undefined, bytesOf: (path: string) => Uint8Array): Uint8Array | string | undefined {
  if (!link) return undefined;
  return link.problem === undefined ? bytesOf(link.path) : `${link.id} could not be read: ${link.problem}`;
}
