/**
 * The build plan: which selected reviews to render, which to skip, and the line each one prints. Pure: the
 * checks, the earlier manifest and the input hashes in; the plan out.
 */
import type { Message } from '../diagnostics/message.js';
import { EDITION_DIRS, EDITIONS, type EditionName } from '../edition/edition.js';
import type { Review } from '../review/schema.js';
import type { CheckedReview } from '../review/validate.js';
import type { Checked } from './check-cache.js';
import { lines } from './lines.js';
import type { Manifest, ManifestEntry } from './manifest.js';
import { OUTPUT_NAMES } from './pipeline.js';

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
}

export interface PlannedRender {
  /** the review's place among the selected files */
  slot: number;
  path: string;
  inputs: Record<EditionName, string>;
  /** unset when the check came from the cache: the file must be parsed before it is rendered */
  review?: Review;
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
}

/**
 * The one answer to "is this review up to date": the manifest lists every output of every edition, each made
 * from exactly the inputs it would be made from now, and (as the caller guarantees) each file still holds
 * the listed bytes.
 */
export function isCurrent(id: string, inputs: Readonly<Record<EditionName, string>>, manifest: Manifest | undefined): boolean {
  const listed = new Map<string, ManifestEntry>((manifest?.artefacts ?? []).filter((e) => e.review === id).map((e) => [e.path, e]));
  return EDITIONS.every((edition) =>
    OUTPUT_NAMES.every((name) => {
      const entry = listed.get(`${id}/${EDITION_DIRS[edition]}${name}`);
      return entry !== undefined && entry.edition === edition && entry.inputs === inputs[edition];
    }),
  );
}

/** A selected file's fate: a line now (refused, valid, unchanged), or the inputs it is rendered from. */
function decide(item: Checked, name: string, input: PlanInput): { line: string; unchanged?: true } | { inputs: Record<EditionName, string> } {
  if (!item.review && !item.cached) return { line: lines.refused(name, item.messages) };
  if (!input.renderable) return { line: lines.configErrors(name) };
  if (input.check) return { line: lines.valid(name) };
  const inputs = input.hashes.get(item.path);
  if (!inputs) throw new Error(`the plan has no inputs hash for ${item.path}`);
  if (!input.force && isCurrent(item.id!, inputs, input.previous)) return { line: lines.unchanged(name), unchanged: true };
  return { inputs };
}

export function planBuild(input: PlanInput): Plan {
  const plan: Plan = { names: [], lines: [], messages: [], render: [], unchanged: 0 };
  input.checked.forEach((item, slot) => {
    const name = item.id ?? item.path;
    const fate = decide(item, name, input);
    plan.names.push(name);
    plan.messages.push([...item.messages]);
    plan.lines.push('line' in fate ? fate.line : undefined);
    if ('inputs' in fate) plan.render.push({ slot, path: item.path, inputs: fate.inputs, review: item.review });
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
