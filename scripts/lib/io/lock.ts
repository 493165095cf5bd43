/**
 * Lock files, so that builds writing the same place take turns. A lock names its holder precisely enough to
 * judge it from another process: host, boot, PID namespace, PID and the process's start time. A holder that
 * cannot be checked from here (another host or container, PID 1, an empty or unreadable lock) is judged by
 * the lock's age: a holder renews its lock every few seconds, so one left alone for longer is abandoned.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { link, open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { OutputError } from '../diagnostics/errors.js';

/** Who holds a lock: what a lock file holds, one line of JSON. */
export interface Holder {
  pid: number;
  host: string;
  /** the kernel's boot id: another one means the machine restarted since the lock was taken */
  boot?: string;
  /** the PID namespace (`pid:[4026531836]`): PIDs of another one mean nothing here */
  pidns?: string;
  /** when the process started, in clock ticks since boot: a reused PID has another */
  start?: string;
  token: string;
}

/** What is known about a process by its PID on this machine. */
export interface ProcessInfo {
  running: boolean;
  start?: string;
}

export type Verdict = { held: true } | { held: false; why: string };

/** A holder renews its lock this often; one not renewed for `STALE_MS` is abandoned. */
export const RENEW_MS = 5_000;
export const STALE_MS = 20_000;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Whether a lock is still held. `holder` is undefined when the file is empty, unreadable or not a lock of
 * ours; `age` is the time since it was last renewed; `probe` tells about a PID on this machine.
 */
export function judgeLock(holder: Holder | undefined, age: number, self: Holder, probe: (pid: number) => ProcessInfo): Verdict {
  const byAge = (unknown: string): Verdict => (age < STALE_MS ? { held: true } : { held: false, why: `${unknown}, and it has not been renewed for ${seconds(age)}` });
  if (!holder) return byAge('it does not say which build holds it (it is empty or unreadable)');
  if (holder.host !== self.host) return byAge(`it was taken on host ${holder.host}, which cannot be checked from here`);
  if (holder.boot && self.boot && holder.boot !== self.boot) return { held: false, why: `it was taken by process ${holder.pid} before this machine restarted` };
  if (holder.pidns !== self.pidns) return byAge(`it was taken by process ${holder.pid} in another PID namespace (another container), which cannot be checked from here`);
  const ours = holder.pid === self.pid && holder.start === self.start;
  if (holder.pid === 1 && !ours) return byAge('it was taken by process 1, the first process of a container or of the system, which cannot be checked');
  const info = probe(holder.pid);
  if (!info.running) return { held: false, why: `process ${holder.pid}, which took it, is no longer running` };
  if (holder.start && info.start && holder.start !== info.start) return { held: false, why: `process ${holder.pid}, which took it, is no longer running (the number now belongs to another program)` };
  return { held: true };
}

/** Reads what a lock file says; undefined when it says nothing we can use. */
export function parseHolder(text: string): Holder | undefined {
  try {
    const data = JSON.parse(text) as Partial<Holder>;
    return Number.isInteger(data.pid) && typeof data.host === 'string' && typeof data.token === 'string' ? (data as Holder) : undefined;
  } catch {
    return undefined;
  }
}

function readOr(read: () => string): string | undefined {
  try {
    return read().trim();
  } catch {
    return undefined;
  }
}

/** A process's start time, field 22 of /proc/<pid>/stat (after the command name, which may hold spaces). */
function startTime(pid: number | 'self'): string | undefined {
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

let identity: Omit<Holder, 'token'> | undefined;

/** What this process writes into a lock it takes. */
export function thisProcess(token: string): Holder {
  identity ??= {
    pid: process.pid,
    host: hostname(),
    boot: readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')),
    pidns: readOr(() => readlinkSync('/proc/self/ns/pid')),
    start: startTime('self'),
  };
  return { ...identity, token };
}

function probe(pid: number): ProcessInfo {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return { running: false };
  }
  return { running: true, start: startTime(pid) };
}

/** Creates the lock file if there is none. Between its creation and its content it is empty, which is judged by age. */
async function tryCreate(lock: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } catch (error) {
    await rm(lock, { force: true });
    throw error;
  } finally {
    await handle.close();
  }
  return true;
}

interface Seen {
  text: string;
  ino: number;
  age: number;
}

async function look(lock: string): Promise<Seen | undefined> {
  try {
    const info = await stat(lock);
    const text = await readFile(lock, 'utf8').catch(() => '');
    return { text, ino: info.ino, age: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes the abandoned lock that `seen` describes, and nothing else: it is renamed aside first, and put
 * back when what was moved is not what was judged (another build took the lock over in the meantime).
 */
async function takeOver(lock: string, seen: Seen, token: string): Promise<boolean> {
  const aside = `${lock}.${token}.stale`;
  try {
    await rename(lock, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await look(aside);
  const same = moved !== undefined && moved.ino === seen.ino && moved.text === seen.text;
  if (!same) await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true });
  return same;
}

export interface LockOptions {
  /** how long to wait for a lock that is held (default 60 s) */
  waitMs?: number;
  /** told when an abandoned lock is taken over (default: printed on stderr) */
  notify?: (text: string) => void;
  /** what `lock` guards, for the message when the wait is over */
  what?: string;
  /** the path to show in messages */
  shown?: string;
}

/**
 * Runs `work` while holding the lock file `lock`, renewing it, and removes the lock afterwards. A held lock is
 * waited for; an abandoned one is taken over with a message. Returns undefined without running `work` when
 * `waitMs` is 0 and the lock is held.
 */
export async function withLock<T>(lock: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T | undefined> {
  const { waitMs = 60_000, notify = (text) => console.error(text), shown = lock } = options;
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const me = thisProcess(token);
  const content = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + waitMs;
  while (!(await tryCreate(lock, content))) {
    const seen = await look(lock);
    if (!seen) continue;
    const verdict = judgeLock(parseHolder(seen.text), seen.age, me, probe);
    if (!verdict.held) {
      if (await takeOver(lock, seen, token)) notify(`took over ${shown}: ${verdict.why}`);
      continue;
    }
    if (Date.now() >= deadline) {
      if (waitMs === 0) return undefined;
      const holder = parseHolder(seen.text);
      throw new OutputError(`${options.what ?? shown} is being written by another build (${holder ? `process ${holder.pid} on ${holder.host}` : 'unknown process'}) for over ${waitMs / 1000} s; wait for it, or delete ${shown} if no build is running`);
    }
    await sleep(25);
  }
  const renew = setInterval(() => void utimes(lock, new Date(), new Date()).catch(() => undefined), RENEW_MS).unref();
  try {
    return await work();
  } finally {
    clearInterval(renew);
    if ((await readFile(lock, 'utf8').catch(() => '')) === content) await rm(lock, { force: true });
  }
}
