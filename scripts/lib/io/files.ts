/** The edge: every file-system access of the build goes through here. */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkConfig } from '../config/check.js';
import { logoGraphic } from '../render/graphic.js';
import { BRIEFING_CONFIG_FILE, type BriefingConfig } from '../config/schema.js';
import { compareMessages, createMessage, START, type Message } from '../diagnostics/message.js';
import { OutputError, UsageError } from '../diagnostics/errors.js';
import type { LogoProblem } from '../diagnostics/rules.js';
import type { Graphic } from '../render/graphic.js';
import type { GlyphCoverage } from '../source/glyphs.js';
import { locate } from '../source/positions.js';
import type { DataFile } from '../source/data-file.js';
import { LIMITS } from '../source/limits.js';
import type { TemplateSources } from '../render/templates.js';

export const DATA_EXTENSIONS = /\.(ya?ml|json)$/i;

/** A path as the user sees it: relative to the working directory. */
export function displayPath(path: string): string {
  return relative(process.cwd(), path) || '.';
}

async function listFiles(dir: string, match: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && match.test(e.name) && !relative(dir, join(e.parentPath, e.name)).split(sep).some((part) => part.startsWith('.')))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export async function readDataFiles(target: string): Promise<DataFile[]> {
  let info;
  try {
    info = await stat(target);
  } catch (cause) {
    throw new UsageError(`--data ${target} does not exist; name a review file or a folder of them`, { cause });
  }
  const paths = info.isDirectory() ? await listFiles(target, DATA_EXTENSIONS) : [target];
  return Promise.all(paths.map((path) => readDataFile(path)));
}

/** The data files of a folder, or none when the folder does not exist yet (an import's or a new review's --out). */
export async function readDataFilesIfAny(dir: string): Promise<DataFile[]> {
  const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
  return exists ? readDataFiles(dir) : [];
}

/** Reads at most one byte more than the size limit, so a huge file costs no memory; `size` tells the rest. */
async function readDataFile(path: string): Promise<DataFile> {
  return { path: displayPath(path), ...(await readPrefix(path, LIMITS.fileBytes + 1)) };
}

/** The first `limit` bytes of a file and its full size. */
export async function readPrefix(path: string, limit: number): Promise<{ bytes: Uint8Array; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = new Uint8Array(Math.min(size, limit));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    return { bytes: bytes.subarray(0, bytesRead), size: Math.max(size, bytesRead) };
  } finally {
    await handle.close();
  }
}

export async function readTemplates(dir: string): Promise<TemplateSources> {
  const files = await listFiles(dir, /\.hbs$/);
  const entries = await Promise.all(files.map(async (f) => [relative(dir, f).split('\\').join('/'), await readFile(f, 'utf8')] as const));
  return Object.fromEntries(entries);
}

export interface LoadedConfig {
  config?: BriefingConfig;
  logo?: Graphic;
  messages: Message[];
}

/** Reads a logo file, which must lie inside `dir` once symbolic links are resolved. */
async function readLogo(dir: string, logo: string): Promise<Uint8Array | LogoProblem> {
  try {
    const [root, real] = await Promise.all([realpath(dir), realpath(join(dir, logo))]);
    if (!real.startsWith(root + sep)) return { kind: 'link', logo };
    return new Uint8Array(await readFile(real));
  } catch (cause) {
    return { kind: 'unreadable', logo, code: (cause as NodeJS.ErrnoException).code ?? 'error' };
  }
}

/** Reads and checks templates/briefing.config.yaml and the logo it names. */
export async function loadBriefingConfig(templates: string, coverage?: GlyphCoverage): Promise<LoadedConfig> {
  const file = join(templates, BRIEFING_CONFIG_FILE);
  const path = displayPath(file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    return { messages: [createMessage(path, START, 'read-error', { kind: 'config', code, file: BRIEFING_CONFIG_FILE })] };
  }
  const checked = checkConfig(path, bytes, coverage);
  if (!checked.config?.logo) return checked;
  const logo = await readLogo(templates, checked.config.logo);
  const graphic = logo instanceof Uint8Array ? logoGraphic(checked.config.logo, logo) : logo;
  if (!('kind' in graphic)) return { ...checked, logo: graphic };
  return { messages: [...checked.messages, createMessage(path, locate(checked.source!, ['logo']), 'invalid-logo', graphic)].sort(compareMessages) };
}

/** A file's bytes, or undefined when it does not exist (nor can: a file stands where a folder of its path should be). */
export async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new OutputError(`cannot read ${displayPath(path)}; check its permissions`, { cause });
  }
}

const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
const LOCK = '.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files that a killed build left behind (in `dir` and below); a live build's files are left alone. */
async function removeStaleTemps(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const stale = entries.filter((e) => {
    const pid = TEMP.exec(e.name)?.[1];
    return e.isFile() && pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid));
  });
  await Promise.all(stale.map((e) => rm(join(e.parentPath, e.name), { force: true })));
}

/** Creates the lock file with its content in one step (a hard link), so it is never seen empty. */
async function tryLock(lock: string, token: string): Promise<boolean> {
  const temp = `${lock}.${token}.tmp`;
  await writeFile(temp, token);
  try {
    await link(temp, lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Appends one line durably: one write to a file opened with O_APPEND, then fsync, before returning. A crash
 * can at worst leave that last line without its newline, which readers ignore; a line after a torn one
 * starts on a new line.
 */
export async function appendLine(path: string, line: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'a+');
    try {
      const { size } = await handle.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await handle.read(last, 0, 1, size - 1);
      await handle.write(size > 0 && last[0] !== 0x0a ? `\n${line}` : line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new OutputError(`cannot append to ${displayPath(path)}${code ? ` (${code})` : ''}; check that it is writable`, { cause });
  }
}

/**
 * Holds `dir/.lock` while `work` runs, so that two builds writing the same review take turns and the files of
 * one build are never mixed with those of another. A lock whose process has died is taken over.
 */
async function withLock<T>(dir: string, work: () => Promise<T>, waitMs = 60_000): Promise<T> {
  const lock = join(dir, LOCK);
  const token = `${process.pid}.${randomBytes(4).toString('hex')}`;
  for (let waited = 0; !(await tryLock(lock, token)); waited += 25) {
    const pid = Number((await readFile(lock, 'utf8').catch(() => '')).split('.')[0]);
    if (pid > 0 && !isAlive(pid)) await rm(lock, { force: true });
    else if (waited >= waitMs) throw new OutputError(`${displayPath(dir)} is being written by another build (process ${pid}) for over ${waitMs / 1000} s; wait for it, or delete ${displayPath(lock)} if no build is running`);
    else await sleep(25);
  }
  try {
    return await work();
  } finally {
    if ((await readFile(lock, 'utf8').catch(() => '')) === token) await rm(lock, { force: true });
  }
}

const WRITE_PROBLEMS: Record<string, string> = {
  EACCES: 'it is not writable; fix its permissions or choose another --out',
  EPERM: 'it is not writable; fix its permissions or choose another --out',
  EROFS: 'it is on a read-only file system; choose another --out',
  ENOSPC: 'the disk is full; free some space and build again',
  EDQUOT: 'the disk quota is used up; free some space and build again',
  ENOTDIR: 'a file stands where a folder should be; move the file or choose another --out',
  EEXIST: 'a file stands where a folder should be; move the file or choose another --out',
  EISDIR: 'a folder stands where an output file should be; move it away',
};

function writeProblem(dir: string, cause: unknown): OutputError {
  if (cause instanceof OutputError) return cause;
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  const why = WRITE_PROBLEMS[code] ?? `${(cause as Error).message}; check that the folder is writable and the disk is not full`;
  return new OutputError(`cannot write to ${displayPath(dir)}${code ? ` (${code})` : ''}: ${why}. Earlier outputs are unchanged`, { cause });
}

/**
 * Writes a set of files into one folder so that a reader never sees half a file: each is written to a
 * temporary file beside its target, flushed, then renamed over it, while the folder's lock is held.
 * A failure removes the temporaries; those of a killed build are removed by the next one.
 */
export async function writeFilesAtomically(dir: string, files: Record<string, Uint8Array>): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
    return await withLock(dir, async () => {
      await removeStaleTemps(dir);
      return writeAll(dir, files);
    });
  } catch (cause) {
    throw writeProblem(dir, cause);
  }
}

async function writeAll(dir: string, files: Record<string, Uint8Array>): Promise<string[]> {
  const temps: string[] = [];
  try {
    for (const [name, bytes] of Object.entries(files)) {
      const target = join(dir, name);
      await mkdir(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${basename(name)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      temps.push(temp);
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    const names = Object.keys(files);
    for (const [i, name] of names.entries()) await rename(temps[i]!, join(dir, name));
    return names.map((name) => join(dir, name));
  } catch (cause) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw cause;
  }
}
