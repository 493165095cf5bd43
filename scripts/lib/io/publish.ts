/**
 * All or nothing per review. A review's files (both editions: out/<id>/ and out/<id>/public/) are written into
 * a staging folder beside it, out/.<id>.<token>.new/, flushed, and then switched in with two renames while
 * out/.<id>.lock is held: out/<id> → out/.<id>.<token>.old, then the staging folder → out/<id>. So out/<id>/
 * is always one build's complete set. A build killed between the two renames leaves out/<id> missing and
 * the earlier set in its .old folder; the next build puts it back before anything else (`recoverReview`).
 * Whatever a killed build staged is removed by the next build of that review.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { displayPath, writeProblem } from './files.js';
import { withLock, type LockOptions } from './lock.js';

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** out/.<id>.lock: held while a review's folder is staged and switched. */
export const reviewLock = (out: string, id: string) => join(out, `.${id}.lock`);

/** What a build leaves beside out/<id> while it switches it: `.<id>.<token>.new` (staged) and `.<id>.<token>.old` (replaced). */
const LEFTOVER = /^\.([a-z0-9][a-z0-9-]*)\.\d+-[0-9a-f]{8}\.(new|old)$/;

async function entriesOf(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, (error: unknown) => {
    if (isMissing(error)) return false;
    throw error;
  });
}

/**
 * Finishes what a killed build left of review `id`: when out/<id> is missing and an earlier set waits in a
 * .old folder, it goes back; every other staged or replaced folder is removed. Call it holding the review's
 * lock: then no live build is switching that review, and every leftover is a dead build's.
 */
async function recoverReview(out: string, id: string): Promise<void> {
  const leftovers = (await entriesOf(out)).filter((name) => LEFTOVER.exec(name)?.[1] === id);
  const earlier = leftovers.find((name) => name.endsWith('.old'));
  if (earlier && !(await exists(join(out, id)))) await rename(join(out, earlier), join(out, id));
  await Promise.all(leftovers.map((name) => rm(join(out, name), { recursive: true, force: true })));
}

/** Recovers every review in `out` that a killed build left half switched, skipping those a live build is writing. */
export async function recoverReviews(out: string, notify?: LockOptions['notify']): Promise<void> {
  const ids = new Set((await entriesOf(out)).flatMap((name) => LEFTOVER.exec(name)?.[1] ?? []));
  for (const id of ids) await withLock(reviewLock(out, id), () => recoverReview(out, id), { waitMs: 0, notify, shown: displayPath(reviewLock(out, id)) });
}

async function writeFlushed(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes every file, each flushed to disk; the files at once, so their flushes overlap. */
async function writeTree(dir: string, files: Readonly<Record<string, Uint8Array>>): Promise<void> {
  await mkdir(dir);
  for (const sub of new Set(Object.keys(files).map((name) => dirname(join(dir, name))))) await mkdir(sub, { recursive: true });
  const written = await Promise.allSettled(Object.entries(files).map(([name, bytes]) => writeFlushed(join(dir, name), bytes)));
  const failed = written.find((w) => w.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Puts `staged` in the place of out/<id>; what stood there is removed once the new set is in. */
async function switchIn(out: string, id: string, staged: string, token: string): Promise<void> {
  const target = join(out, id);
  const replaced = join(out, `.${id}.${token}.old`);
  const info = await lstat(target).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (info && !info.isDirectory() && !info.isSymbolicLink()) throw Object.assign(new Error(`${target} is a file`), { code: 'EEXIST' });
  if (info) await rename(target, replaced);
  try {
    await rename(staged, target);
  } catch (error) {
    if (info) await rename(replaced, target);
    throw error;
  }
  if (info) await rm(replaced, { recursive: true, force: true });
}

/**
 * Replaces out/<id>/ with exactly `files` (paths relative to it, `public/…` included), all at once: a reader
 * or a killed build sees the earlier set or the new one, never a mix. Returns the paths written.
 */
export async function publishReview(out: string, id: string, files: Readonly<Record<string, Uint8Array>>, options: Pick<LockOptions, 'notify'> = {}): Promise<string[]> {
  const target = join(out, id);
  const lock = reviewLock(out, id);
  try {
    await mkdir(out, { recursive: true });
    await withLock(lock, async () => {
      await recoverReview(out, id);
      const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
      const staged = join(out, `.${id}.${token}.new`);
      try {
        await writeTree(staged, files);
        await switchIn(out, id, staged, token);
      } catch (error) {
        await rm(staged, { recursive: true, force: true });
        throw error;
      }
    }, { ...options, what: displayPath(target), shown: displayPath(lock) });
  } catch (cause) {
    throw writeProblem(target, cause);
  }
  return Object.keys(files).map((name) => join(target, name));
}
