/**
 * Watching the build's inputs for changes. Folders are watched, not files: an editor that saves by writing a
 * new file and renaming it over the old one (vim, most IDEs) replaces the file a watch on it would follow.
 * Events come in bursts (a save is often a write, a rename and a change of attributes), so they are gathered
 * until the folders have been quiet for `quietMs`, then handed on at once. A file renamed into place is whole
 * (an editor's save by rename), so when the last event is one, `settledMs` is waited instead.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { OutputError } from '../diagnostics/errors.js';
import { displayPath, writeProblem } from './files.js';
import { withLock } from './lock.js';

export interface WatchedFolder<K extends string> {
  dir: string;
  /** what a change here means to the build */
  kind: K;
  /** the files here that matter (by name); every file when unset */
  match?: (name: string) => boolean;
  /** watch the folder's subfolders too (hidden ones left out), as they come and go */
  deep?: boolean;
}

export interface Watcher {
  close(): void;
}

/** The folder and its subfolders, hidden ones left out; none when it cannot be listed. */
async function foldersOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const below = entries.filter((e) => e.isDirectory() && !relative(dir, join(e.parentPath, e.name)).split(sep).some((part) => part.startsWith('.')));
  return [dir, ...below.map((e) => join(e.parentPath, e.name))];
}

/**
 * Calls `changed` with the paths that changed, by kind, once events have stopped for `quietMs`. A path is the
 * file the event named, or the folder when it named none. A folder that cannot be watched is skipped (its
 * parent's events still tell when it appears); `ignore` drops paths (the build's own output folder).
 */
export async function watchFolders<K extends string>(folders: readonly WatchedFolder<K>[], changed: (paths: Map<K, Set<string>>) => void, options: { quietMs: number; settledMs?: number; ignore?: (path: string) => boolean }): Promise<Watcher> {
  const watchers = new Map<string, FSWatcher>();
  let pending = new Map<K, Set<string>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let events = 0;
  const wait = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  };
  const flush = () => {
    timer = undefined;
    const paths = pending;
    pending = new Map();
    if (paths.size > 0 && !closed) changed(paths);
  };
  const note = (folder: WatchedFolder<K>, dir: string, name: string | null, event: string) => {
    const path = name ? join(dir, name) : dir;
    if (options.ignore?.(path)) return;
    if (folder.deep && name) void follow(folder, path);
    if (name && (basename(name).startsWith('.') || (folder.match && !folder.match(basename(name))))) return;
    let set = pending.get(folder.kind);
    if (!set) pending.set(folder.kind, (set = new Set()));
    set.add(path);
    wait(options.quietMs);
    const settled = options.settledMs;
    const seen = ++events;
    // a rename that leaves a file at the name put it there whole; unless another event came since, build sooner
    if (event === 'rename' && name && settled !== undefined) void stat(path).then((info) => info.isFile() && seen === events && timer && wait(settled), () => undefined);
  };
  const add = (folder: WatchedFolder<K>, dir: string) => {
    if (watchers.has(dir) || closed) return;
    try {
      const watcher = watch(dir, { persistent: true }, (event, name) => note(folder, dir, typeof name === 'string' ? name : null, event));
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(dir);
      });
      watchers.set(dir, watcher);
    } catch {
      // gone, or not a folder: nothing to watch there
    }
  };
  /** A new subfolder (or one renamed into place) is watched from now on, with everything below it. */
  const follow = async (folder: WatchedFolder<K>, path: string) => {
    if (relative(folder.dir, path).split(sep).some((part) => part.startsWith('.'))) return;
    const isFolder = await stat(path).then((info) => info.isDirectory(), () => false);
    if (isFolder) for (const dir of await foldersOf(path)) add(folder, dir);
  };
  for (const folder of folders) for (const dir of folder.deep ? await foldersOf(folder.dir) : [folder.dir]) add(folder, dir);
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** out/.watch.lock: held by a watching build for as long as it watches, so two never rebuild into one folder. */
export const WATCH_LOCK = '.watch.lock';

/**
 * Runs `work` holding `out`'s watch lock, which is removed when `work` ends (a killed watch leaves one that
 * the next takes over, see io/lock.ts). Another live watch of `out` is an error that says so.
 */
export async function withWatchLock<T>(out: string, work: () => Promise<T>): Promise<T> {
  const lock = join(out, WATCH_LOCK);
  try {
    await mkdir(out, { recursive: true });
  } catch (cause) {
    throw writeProblem(out, cause);
  }
  const held = await withLock(lock, async () => ({ value: await work() }), { waitMs: 0, shown: displayPath(lock) });
  if (!held) throw new OutputError(`another watching build is building into ${displayPath(out)} (it holds ${displayPath(lock)}); stop it with Ctrl-C, or give this one another --out`);
  return held.value;
}
