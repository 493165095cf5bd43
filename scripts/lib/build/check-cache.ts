import type { Message, Position } from '../diagnostics/message.js';
import { hashInputs } from './manifest.js';
import type { DataFile } from '../source/data-file.js';
import type { CheckedReview } from '../review/validate.js';

/**
 * What checking a valid review file found, kept so an unchanged file need not be parsed and validated again:
 * the id it declares and its messages (warnings only: a file with errors is never kept).
 */
export interface CachedCheck {
  id: string;
  messages: Message[];
  /** the state and session the review is of, so that two reviews of one can be found without parsing them */
  reviewOf?: string;
  /** what the links between reviews need, so that they can be made without parsing the file */
  follows?: string;
  followsPosition?: Position;
  sessionPosition?: Position;
  idPosition?: Position;
}

/** The fields of a check that the cache keeps besides its messages. */
const KEPT = ['reviewOf', 'follows', 'followsPosition', 'sessionPosition', 'idPosition'] as const;
const kept = (c: Partial<Record<(typeof KEPT)[number], unknown>>) => Object.fromEntries(KEPT.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));

/** Messages about a file that depend on other files: made afresh on every build, never cached. */
const ACROSS_FILES = new Set<string>(['duplicate-review', 'predecessor-errors']);

/** out/.cache/checks.json: cached checks by the hash of everything a check depends on. */
export interface CheckCache {
  version: 1;
  entries: Record<string, CachedCheck>;
}

export const CHECK_CACHE_FILE = '.cache/checks.json';

/** What a check depends on besides the file: the options that change messages, the fonts and the project version. */
export interface CheckContext {
  strict: boolean;
  fonts: string;
  version: string;
}

export function checkKey(file: DataFile, context: CheckContext): string {
  return hashInputs({ path: file.path, data: file.bytes, size: String(file.size ?? file.bytes.length), strict: String(context.strict), fonts: context.fonts, version: context.version });
}

const isMessage = (m: unknown): m is Message => typeof m === 'object' && m !== null && typeof (m as Message).reason === 'string' && (m as Message).severity === 'warning';

/** A cache that cannot be read or is not of this shape counts as empty: it only ever saves work. */
export function parseCheckCache(text: string | undefined): CheckCache {
  const empty: CheckCache = { version: 1, entries: {} };
  if (text === undefined) return empty;
  try {
    const parsed = JSON.parse(text) as CheckCache;
    if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) return empty;
    const valid = Object.entries(parsed.entries).filter(([, e]) => typeof e?.id === 'string' && Array.isArray(e.messages) && e.messages.every(isMessage));
    return { version: 1, entries: Object.fromEntries(valid) };
  } catch {
    return empty;
  }
}

/** A file's check: done now, or taken from the cache (then `review` is unset until it is needed). */
export interface Checked extends CheckedReview {
  cached?: boolean;
}

/**
 * Takes each file's check from the cache when it holds one, and checks the others with `check`. When two files
 * declare the same id, every file is checked afresh, so the message can point into each.
 */
export async function checkWithCache(files: readonly DataFile[], keys: readonly string[], cache: CheckCache, check: (files: readonly DataFile[]) => Promise<CheckedReview[]>): Promise<Checked[]> {
  const hits = keys.map((key) => cache.entries[key]);
  if (!hits.some(Boolean)) return check(files);
  const fresh = await check(files.filter((_, i) => !hits[i]));
  let next = 0;
  const checked = files.map((file, i): Checked => {
    const hit = hits[i];
    return hit ? { path: file.path, id: hit.id, messages: hit.messages, cached: true, ...kept(hit) } : fresh[next++]!;
  });
  return hasSharedIds(checked.map((c) => c.id)) || hasSharedIds(checked.map((c) => c.reviewOf)) ? check(files) : checked;
}

/** The cache after a build: one entry for each of its files that checked valid, and nothing else. */
export function updateCheckCache(keys: readonly string[], checked: readonly Checked[]): CheckCache {
  const entries: Record<string, CachedCheck> = {};
  checked.forEach((c, i) => {
    if ((c.cached || c.review) && c.id !== undefined) entries[keys[i]!] = { id: c.id, messages: c.messages.filter((m) => !ACROSS_FILES.has(m.ruleId)), ...kept(c) };
  });
  return { version: 1, entries };
}

export function renderCheckCache(cache: CheckCache): string {
  const sorted = Object.fromEntries(Object.entries(cache.entries).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ version: 1, entries: sorted })}\n`;
}

function hasSharedIds(ids: readonly (string | undefined)[]): boolean {
  const known = ids.filter((id) => id !== undefined);
  return new Set(known).size !== known.length;
}
