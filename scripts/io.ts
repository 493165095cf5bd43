/** The edge: every file-system access of the build goes through here. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { OutputError, UsageError } from './lib/errors.js';
import type { DataFile } from './lib/pipeline.js';
import type { TemplateSources } from './lib/render/templates.js';

export const DATA_EXTENSIONS = /\.(ya?ml|json)$/i;

/** A path as the user sees it: relative to the working directory. */
export function displayPath(path: string): string {
  return relative(process.cwd(), path) || '.';
}

async function listFiles(dir: string, match: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && match.test(e.name) && !e.name.startsWith('.'))
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
  return Promise.all(paths.map(async (path) => ({ path: displayPath(path), bytes: new Uint8Array(await readFile(path)) })));
}

export async function readTemplates(dir: string): Promise<TemplateSources> {
  const files = await listFiles(dir, /\.hbs$/);
  const entries = await Promise.all(files.map(async (f) => [relative(dir, f).split('\\').join('/'), await readFile(f, 'utf8')] as const));
  return Object.fromEntries(entries);
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** A file's bytes, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
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
 * Writes a set of files into one folder so that a reader never sees half a file: each is written to a
 * temporary file beside its target, flushed, then renamed over it. A failure removes the temporaries.
 */
export async function writeFilesAtomically(dir: string, files: Record<string, Uint8Array>): Promise<string[]> {
  const temps: string[] = [];
  try {
    await mkdir(dir, { recursive: true });
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
    const code = (cause as NodeJS.ErrnoException).code;
    throw new OutputError(`cannot write to ${displayPath(dir)}${code ? ` (${code})` : ''}; check that the folder is writable and the disk is not full`, { cause });
  }
}

