/**
 * The build plan: which selected reviews to render, which to skip, and the line each one prints. Pure: the
 * checks, the earlier manifest and the input hashes in; the plan out.
 */
import { hasErrors, type Message } from '../diagnostics/message.js';
import { EDITION_DIRS, EDITIONS, type EditionName } from '../edition/edition.js';
import type { Review } from '../review/schema.js';
import type { CheckedReview } from '../review/validate.js';
import type { Checked } from './check-cache.js';
import { lines } from './lines.js';
import type { Manifest, ManifestEntry } from './manifest.js';
import { OUTPUT_NAMES, outputNames } from './pipeline.js';
import type { PredecessorLink } from './predecessors.js';

export interface PlanInput {
  /** the checks of the selected files, in data order */
  checked: readonly Checked[];
  /** each file's inputs hash per edition, by path */
  hashes: ReadonlyMap<string, Record<EditionName, string>>;
  /** the earlier build's manifest, holding only the entries whose files still hold the listed bytes */
  previous?: Manifest;
  /** the briefing config is valid, so reviews can be rendered */
  renderable: boolean;
  check: boolean;
  force: boolean;
  /** each review's predecessor, by path (build/predecessors.ts) */
  links?: ReadonlyMap<string, PredecessorLink>;
}

export interface PlannedRender {
  /** the review's place among the selected files */
  slot: number;
  path: string;
  inputs: Record<EditionName, string>;
  /** unset when the check came from the cache: the file must be parsed before it is rendered */
  review?: Review;
  /** the review it follows */
  previous?: PredecessorLink;
}

export interface Plan {
  /** one per selected file: its name in the lines */
  names: string[];
  /** one per selected file: its line, or undefined until its review is rendered */
  lines: (string | undefined)[];
  /** one per selected file: its messages */
  messages: Message[][];
  render: PlannedRender[];
  /** how many reviews are up to date and not rebuilt */
  unchanged: number;
  /** one per selected file: what its line says of the review it follows, if any */
  follows: (string | undefined)[];
}

/** What a review's line says of its predecessor: `follows cz-upr1 (found)`, or that it could not be read. */
export function followsNote(link: PredecessorLink | undefined): string | undefined {
  if (!link) return undefined;
  return `follows ${link.id}${link.named ? '' : ' (found)'}${link.problem ? ', which could not be read' : ''}`;
}

/**
 * The one answer to "is this review up to date": the manifest lists every output of every edition, each made
 * from exactly the inputs it would be made from now, and (as the caller guarantees) each file still holds
 * the listed bytes.
 */
export function isCurrent(id: string, inputs: Readonly<Record<EditionName, string>>, manifest: Manifest | undefined, names: readonly string[] = OUTPUT_NAMES): boolean {
  const listed = new Map<string, ManifestEntry>((manifest?.artefacts ?? []).filter((e) => e.review === id).map((e) => [e.path, e]));
  return EDITIONS.every((edition) =>
    names.every((name) => {
      const entry = listed.get(`${id}/${EDITION_DIRS[edition]}${name}`);
      return entry !== undefined && entry.edition === edition && entry.inputs === inputs[edition];
    }),
  );
}

/** A selected file's fate: a line now (refused, valid, unchanged), or the inputs it is rendered from. */
function decide(item: Checked, name: string, input: PlanInput): { line: string; unchanged?: true } | { inputs: Record<EditionName, string> } {
  if (!item.review && !item.cached) return { line: lines.refused(name, item.messages) };
  if (!input.renderable) return { line: lines.configErrors(name) };
  const link = input.links?.get(item.path);
  if (input.check) return { line: lines.valid(name, followsNote(link)) };
  const inputs = input.hashes.get(item.path);
  if (!inputs) throw new Error(`the plan has no inputs hash for ${item.path}`);
  if (!input.force && isCurrent(item.id!, inputs, input.previous, outputNames(link !== undefined))) return { line: lines.unchanged(name), unchanged: true };
  return { inputs };
}

export function planBuild(input: PlanInput): Plan {
  const plan: Plan = { names: [], lines: [], messages: [], render: [], unchanged: 0, follows: [] };
  input.checked.forEach((item, slot) => {
    const name = item.id ?? item.path;
    const fate = decide(item, name, input);
    const previous = input.links?.get(item.path);
    plan.names.push(name);
    plan.messages.push([...item.messages]);
    plan.lines.push('line' in fate ? fate.line : undefined);
    plan.follows.push(followsNote(previous));
    if ('inputs' in fate) plan.render.push({ slot, path: item.path, inputs: fate.inputs, review: item.review, ...(previous ? { previous } : {}) });
    if ('unchanged' in fate) plan.unchanged++;
  });
  return plan;
}

/**
 * The plan once the reviews to render whose checks came from the cache have been parsed: `parsed` holds their
 * checks, in the order of `plan.render`. One that no longer checks valid is not built.
 */
export function withParsed(plan: Plan, parsed: readonly CheckedReview[]): Plan {
  const next: Plan = { ...plan, lines: [...plan.lines], messages: [...plan.messages], render: [] };
  let i = 0;
  for (const item of plan.render) {
    const checked = item.review ? undefined : parsed[i++];
    if (!checked) next.render.push(item);
    else if (checked.review) next.render.push({ ...item, review: checked.review });
    else {
      next.messages[item.slot] = checked.messages;
      next.lines[item.slot] = lines.refused(plan.names[item.slot]!, checked.messages);
    }
  }
  return next;
}

/** The plan without the reviews that `messages` (by slot) give errors: those are refused, the others keep any warnings. */
export function withMessages(plan: Plan, messages: ReadonlyMap<number, readonly Message[]>): Plan {
  const next: Plan = { ...plan, lines: [...plan.lines], messages: plan.messages.map((m, slot) => [...m, ...(messages.get(slot) ?? [])]), render: [] };
  for (const item of plan.render) {
    if (!hasErrors(next.messages[item.slot]!)) next.render.push(item);
    else next.lines[item.slot] = lines.refused(plan.names[item.slot]!, next.messages[item.slot]!);
  }
  return next;
}
