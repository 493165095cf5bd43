/** The build's records in out/ (manifest.json, SHA256SUMS, the checks cache): reading them, and replacing them under a lock. */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputError } from '../diagnostics/errors.js';
import { displayPath, readIfExists, replaceFiles, writeProblem } from './files.js';
import { withLock, type LockOptions } from './lock.js';
import { plainHasher, type Hasher } from './stamps.js';

export async function readText(path: string): Promise<string | undefined> {
  const bytes = await readIfExists(path);
  return bytes && new TextDecoder().decode(bytes);
}

/** The sha256 of each file (paths relative to `dir`), or undefined for one that is missing; `hasher` may vouch for a file by its stamp (io/stamps.ts). */
export async function hashFiles(dir: string, paths: readonly string[], hasher: Hasher = plainHasher()): Promise<Map<string, string | undefined>> {
  const hashes = await Promise.all(paths.map(async (path) => {
    try {
      return [path, await hasher.hash(join(dir, path))] as const;
    } catch (cause) {
      throw new OutputError(`cannot read ${displayPath(join(dir, path))}; check its permissions`, { cause });
    }
  }));
  return new Map(hashes);
}

/**
 * Holding `dir/<lock>`, reads the text files `names`, asks `update` for what they should hold now, and
 * replaces those that change, in the order of `names` (each through a temporary file and a rename). Two
 * builds that update the same records take turns, and each sees what the other wrote. Returns the paths written.
 */
export async function updateRecords(dir: string, lock: string, names: readonly string[], update: (current: (string | undefined)[]) => Promise<string[]>, options: Pick<LockOptions, 'notify'> = {}): Promise<string[]> {
  const path = join(dir, lock);
  try {
    await mkdir(dir, { recursive: true });
    return (await withLock(path, async () => {
      const current = await Promise.all(names.map((name) => readText(join(dir, name))));
      const next = await update(current);
      const changed = names.filter((_, i) => next[i] !== current[i]);
      const encoder = new TextEncoder();
      return replaceFiles(dir, Object.fromEntries(changed.map((name) => [name, encoder.encode(next[names.indexOf(name)]!)])));
    }, { ...options, what: displayPath(dir), shown: displayPath(path) }))!;
  } catch (cause) {
    throw writeProblem(dir, cause);
  }
}

/** Removes the files of `dir` that `keep` does not name (a cache's entries that no longer serve); nothing when it does not exist. */
export async function pruneFolder(dir: string, keep: (name: string) => boolean): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => !name.startsWith('.') && !keep(name)).map((name) => rm(join(dir, name), { force: true })));
}
