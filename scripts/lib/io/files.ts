/** The edge: every file-system access of the build goes through here. */
import { randomBytes } from 'node:crypto';
import { constants, type Dirent, type Stats } from 'node:fs';
import { mkdir, open, readdir, readFile, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { checkConfig } from '../config/check.js';
import { logoGraphic } from '../render/graphic.js';
import { BRIEFING_CONFIG_FILE, type BriefingConfig } from '../config/schema.js';
import { compareMessages, createMessage, START, type Message } from '../diagnostics/message.js';
import { OutputError, UsageError } from '../diagnostics/errors.js';
import type { LogoProblem, RuleArgs } from '../diagnostics/rules.js';
import type { Graphic } from '../render/graphic.js';
import type { GlyphCoverage } from '../source/glyphs.js';
import { locate } from '../source/positions.js';
import { withLock } from './lock.js';
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

const refused = (path: string, why: RuleArgs<'read-error'>[0]): DataFile => ({ path: displayPath(path), bytes: new Uint8Array(0), refused: createMessage(displayPath(path), START, 'read-error', why) });

const codeOf = (cause: unknown) => (cause as NodeJS.ErrnoException).code ?? 'error';

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  return 'a device';
}

/** A folder entry to read, or one refused with the reason why. */
type Found = string | { path: string; why: RuleArgs<'read-error'>[0] };

/**
 * The review files of a folder and its subfolders: names ending in .yaml, .yml or .json, hidden folders left
 * out. Links are followed (a folder reached twice is read once); a folder that cannot be listed is refused
 * with its reason, so nothing is skipped without a word.
 */
async function listDataFiles(dir: string, visited = new Set<string>()): Promise<Found[]> {
  let entries: Dirent[];
  try {
    const real = await realpath(dir);
    if (visited.has(real)) return [];
    visited.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    return [{ path: dir, why: { kind: 'folder', code: codeOf(cause) } }];
  }
  const found = await Promise.all(entries.filter((e) => !e.name.startsWith('.')).map(async (e): Promise<Found[]> => {
    const path = join(dir, e.name);
    const folder = e.isDirectory() || (e.isSymbolicLink() && (await stat(path).then((info) => info.isDirectory(), () => false)));
    if (folder) return listDataFiles(path, visited);
    return DATA_EXTENSIONS.test(e.name) ? [path] : [];
  }));
  return found.flat();
}

export async function readDataFiles(target: string): Promise<DataFile[]> {
  let info;
  try {
    info = await stat(target);
  } catch (cause) {
    const code = codeOf(cause);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return [refused(target, { kind: 'target', code })];
    throw new UsageError(`--data ${target} does not exist; name a review file or a folder of them`, { cause });
  }
  const found = info.isDirectory() ? await listDataFiles(target) : [target];
  const pathOf = (f: Found) => (typeof f === 'string' ? f : f.path);
  return Promise.all(found.sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : 1)).map((f) => (typeof f === 'string' ? readDataFile(f) : refused(f.path, f.why))));
}

/** The data files of a folder, or none when the folder does not exist yet (an import's or a new review's --out). */
export async function readDataFilesIfAny(dir: string): Promise<DataFile[]> {
  const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
  return exists ? readDataFiles(dir) : [];
}

/**
 * Reads at most one byte more than the size limit, so a huge file costs no memory; `size` tells the rest.
 * Only a regular file is opened: a named pipe would block the build, and a device is nothing to read.
 */
async function readDataFile(path: string): Promise<DataFile> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return refused(path, { kind: 'not-a-file', what: kindOf(info) });
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const { size, ...opened } = await handle.stat();
      if (opened.ino !== info.ino) return refused(path, { kind: 'changed' });
      const bytes = new Uint8Array(Math.min(size, LIMITS.fileBytes + 1));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      return { path: displayPath(path), bytes: bytes.subarray(0, bytesRead), size: Math.max(size, bytesRead) };
    } finally {
      await handle.close();
    }
  } catch (cause) {
    const link = await readlink(path).catch(() => undefined);
    if (link !== undefined && codeOf(cause) === 'ENOENT') return refused(path, { kind: 'dangling-link', target: link });
    return refused(path, { kind: 'data-file', code: codeOf(cause) });
  }
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
 * Runs `work` while holding `<ledger>.lock` (a lock of lib/io/lock.ts, naming its holder): two distribute
 * runs on one ledger take turns, so the second reads what the first recorded.
 */
export async function withLedgerLock<T>(ledger: string, work: () => Promise<T>, waitMs = 10 * 60_000): Promise<T> {
  const dir = dirname(ledger);
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw writeProblem(dir, cause);
  }
  const lock = `${ledger}.lock`;
  return (await withLock(lock, work, { waitMs, what: `the delivery ledger ${displayPath(ledger)}`, shown: displayPath(lock) }))!;
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

/** The message for an output that cannot be written, by the system's error code. */
export function writeProblem(dir: string, cause: unknown): OutputError {
  if (cause instanceof OutputError) return cause;
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  const why = WRITE_PROBLEMS[code] ?? `${(cause as Error).message}; check that the folder is writable and the disk is not full`;
  return new OutputError(`cannot write to ${displayPath(dir)}${code ? ` (${code})` : ''}: ${why}. Earlier outputs are unchanged`, { cause });
}

const TEMP = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Removes the temporary files that a killed build left in the folders about to be written. Call it holding their lock. */
async function removeTemps(dirs: readonly string[]): Promise<void> {
  const found = await Promise.all(dirs.map(async (dir) => (await readdir(dir).catch(() => [])).filter((name) => TEMP.test(name)).map((name) => join(dir, name))));
  await Promise.all(found.flat().map((path) => rm(path, { force: true })));
}

/**
 * Writes files into `dir` so that a reader never sees half a file: each is written to a temporary file beside
 * its target and flushed; then they are renamed over their targets in the order given. The caller holds
 * the folder's lock.
 */
export async function replaceFiles(dir: string, files: Readonly<Record<string, Uint8Array>>): Promise<string[]> {
  const names = Object.keys(files);
  const targets = names.map((name) => join(dir, name));
  const folders = [...new Set(targets.map((t) => dirname(t)))];
  await Promise.all(folders.map((d) => mkdir(d, { recursive: true })));
  await removeTemps(folders);
  const temps: string[] = [];
  try {
    for (const [i, name] of names.entries()) {
      const temp = join(dirname(targets[i]!), `.${basename(name)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      temps.push(temp);
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(files[name]!);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const [i, target] of targets.entries()) await rename(temps[i]!, target);
    return targets;
  } catch (cause) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw cause;
  }
}

/** `replaceFiles` while holding `dir/.lock`, so that two writers of one folder take turns. */
export async function writeFilesAtomically(dir: string, files: Readonly<Record<string, Uint8Array>>): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
    const lock = join(dir, '.lock');
    return (await withLock(lock, () => replaceFiles(dir, files), { what: displayPath(dir), shown: displayPath(lock) }))!;
  } catch (cause) {
    throw writeProblem(dir, cause);
  }
}
