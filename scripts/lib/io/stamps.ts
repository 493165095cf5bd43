/**
 * File stamps: what a file held when it was last hashed (its sha256), with what `stat` said of it then (size,
 * modification and change times in nanoseconds, inode). A file whose stat still says exactly that is not
 * read again, as git's index trusts a file whose stat is unchanged. A stamp is kept only when the file had
 * not been touched for `SETTLED_MS` before it was hashed: a write in the same tick of the file system's
 * clock could leave the times unchanged, so a file touched just now is hashed again next time (git's "racy" entries).
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Far longer than the kernel's coarse clock tick (4 ms at HZ=250), which file times are taken from. */
export const SETTLED_MS = 100;

interface Stamp {
  size: number;
  mtime: string;
  ctime: string;
  ino: string;
  sha256: string;
}

export type StampRecord = Record<string, Stamp>;

export interface Hasher {
  /** the sha256 of the file at `path`, or undefined when it does not exist */
  hash(path: string): Promise<string | undefined>;
  /** the stamps to keep (those of `previous` that were not found stale, and every settled file hashed since); undefined when they are those of `previous` */
  record(): StampRecord | undefined;
}

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

function isStamp(value: unknown): value is Stamp {
  const s = value as Stamp | null;
  return typeof s === 'object' && s !== null && typeof s.size === 'number' && ['mtime', 'ctime', 'ino'].every((k) => typeof s[k as keyof Stamp] === 'string') && /^[0-9a-f]{64}$/.test(s.sha256);
}

/** A record read back from its JSON; anything that is not one counts as empty (stamps only ever save work). */
export function parseStamps(text: string | undefined): StampRecord {
  if (text === undefined) return {};
  try {
    const data = JSON.parse(text) as { version?: number; files?: Record<string, unknown> };
    if (data.version !== 1 || typeof data.files !== 'object' || data.files === null) return {};
    return Object.fromEntries(Object.entries(data.files).filter(([, s]) => isStamp(s))) as StampRecord;
  } catch {
    return {};
  }
}

export function renderStamps(record: StampRecord): string {
  const files = Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ version: 1, files })}\n`;
}

/** Hashes files, trusting the stamps of `previous` for those whose stat is unchanged. Paths are resolved, so one record serves any working directory. */
export function stampedHasher(previous: StampRecord): Hasher {
  const next: StampRecord = { ...previous };
  let changed = false;
  const forget = (key: string) => {
    if (!(key in next)) return;
    delete next[key];
    changed = true;
  };
  return {
    async hash(path) {
      const key = resolve(path);
      const started = Date.now();
      // in sync: hundreds of stats through the thread pool cost more than the stats themselves
      const info = statSync(key, { bigint: true, throwIfNoEntry: false });
      if (!info?.isFile()) return void forget(key);
      const seen = { size: Number(info.size), mtime: String(info.mtimeNs), ctime: String(info.ctimeNs), ino: String(info.ino) };
      const known = previous[key];
      if (known && known.size === seen.size && known.mtime === seen.mtime && known.ctime === seen.ctime && known.ino === seen.ino) {
        return known.sha256;
      }
      const bytes = await readFile(key).catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      if (!bytes) return void forget(key);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const touched = Number((info.mtimeNs > info.ctimeNs ? info.mtimeNs : info.ctimeNs) / 1_000_000n);
      if (touched < started - SETTLED_MS && bytes.byteLength === seen.size) {
        next[key] = { ...seen, sha256 };
        changed = true;
      } else forget(key);
      return sha256;
    },
    record: () => (changed ? next : undefined),
  };
}

/** A hasher without stamps: every file is read. */
export const plainHasher = (): Hasher => stampedHasher({});
