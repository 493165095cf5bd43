/**
 * Safe failure: a killed build, two builds at once, locks left behind, and an output folder that cannot be
 * written. Each kill starts a real build process (~2-4 s), so `npm test` kills 6 builds; the acceptance run is
 * `KILL_RUNS=20 npx vitest run test/safe-failure.test.ts`. SAFETY_RUNS sets the concurrent rounds (default 20).
 */
import { execFileSync } from 'node:child_process';
import { watch } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { run } from '../scripts/build.js';
import { parseManifest, sha256Hex, type Manifest } from '../scripts/lib/build/manifest.js';
import { thisProcess } from '../scripts/lib/io/lock.js';
import { runInProcess } from './helpers/cases.js';
import { ROOT, SAMPLE, finished, nobodyUser, runBuild, spawnBuild, tempDir, asOwnState } from './helpers/project.js';

const RUNS = Number(process.env.SAFETY_RUNS ?? 20);
const KILLS = Number(process.env.KILL_RUNS ?? 6);
const OUTPUTS = ['briefing.pdf', 'claims.csv', 'recommendations.csv', 'summary.txt'];
/** what out/<id>/ holds after a build: the four outputs, the public edition's folder and what changed, nothing else */
const FILES = [...OUTPUTS, 'public', 'changes.txt'].sort();
/** every file of a review, both editions */
const ALL = [...OUTPUTS, ...OUTPUTS.map((n) => `public/${n}`)];
/** what a build leaves beside out/<id> while it switches it (see scripts/lib/io/publish.ts) */
const LEFTOVER = /^\.kz-upr48\.(\d+)-[0-9a-f]{8}\.(new|old)$/;

type Files = Map<string, Buffer>;

async function readReview(dir: string): Promise<Files> {
  return new Map(await Promise.all(ALL.map(async (name) => [name, await readFile(join(dir, name))] as const)));
}

/** The sample cut to two claims of its first theme (a quick build), and a variant of it with another title and claim text. */
async function twoVersions(): Promise<[string, string]> {
  const doc = parseDocument(await readFile(SAMPLE, 'utf8'));
  const theme = doc.getIn(['themes', 0, 'id']);
  const claims = doc.get('claims') as YAMLSeq;
  claims.items = claims.items.filter((c) => (c as YAMLMap).get('theme') === theme).slice(0, 2);
  const sample = doc.toString();
  const variant = sample.replace(/^title: .*$/m, 'title: A second version of the briefing').replace(/^( +text: )/m, '$1Revised. ');
  return [sample, variant];
}

/** Builds `text` as kz-upr48 into `out` in-process and returns the files of both editions. */
async function build(text: string, dir: string, out: string): Promise<Files> {
  const file = join(dir, `v${Math.random().toString(16).slice(2)}.yaml`);
  await writeFile(file, text);
  const result = await runInProcess(['--data', file, '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  return readReview(join(out, 'kz-upr48'));
}

/** Runs `work` with console output dropped: runInProcess captures one build at a time, not two at once. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = console.error = () => undefined;
  try {
    return await work();
  } finally {
    Object.assign(console, { log, error });
  }
}

const same = (a: Buffer, b: Buffer) => Buffer.compare(a, b) === 0;

/**
 * Which of the two builds each file of a review comes from (0 or 1; files the two builds write alike are left
 * out), or -1 for a file that is neither. A review is whole when the result is [0] or [1].
 */
function origins(files: Files, expected: readonly [Files, Files]): number[] {
  const from = ALL.filter((name) => !same(expected[0].get(name)!, expected[1].get(name)!)).map((name) => {
    const bytes = files.get(name)!;
    return same(bytes, expected[0].get(name)!) ? 0 : same(bytes, expected[1].get(name)!) ? 1 : -1;
  });
  return [...new Set(from)].sort();
}

/** The same for the manifest's entries of kz-upr48, by their hashes: [] when it lists none. */
function manifestOrigins(manifest: Manifest | undefined, expected: readonly [Files, Files]): number[] {
  const listed = new Map((manifest?.artefacts ?? []).filter((a) => a.review === 'kz-upr48').map((a) => [a.path.slice('kz-upr48/'.length), a.sha256]));
  const from = ALL.filter((name) => listed.has(name) && !same(expected[0].get(name)!, expected[1].get(name)!)).map((name) => expected.findIndex((files) => sha256Hex(files.get(name)!) === listed.get(name)));
  return [...new Set(from)].sort();
}

/** Checks that every file the manifest lists holds the listed bytes, with sha256sum -c. */
async function sumsHold(out: string): Promise<void> {
  const { stdout } = await promisify(execFile)('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
  expect(stdout).not.toContain('FAILED');
}

/** A lock file that says it was taken by this machine, as `changes` say, renewed `age` ms ago. */
async function writeLock(path: string, content: string, age = 0): Promise<void> {
  await writeFile(path, content);
  const then = new Date(Date.now() - age);
  await utimes(path, then, then);
}

const holder = (changes: Record<string, unknown>) => `${JSON.stringify({ ...thisProcess('c0ffee00'), ...changes })}\n`;

/** A PID that no process holds: that of a process that has just ended. */
const deadPid = () => Number(execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).trim());

describe('safe failure', () => {
  let dir: string;
  let versions: [string, string];
  let expected: [Files, Files];
  beforeAll(async () => {
    dir = await tempDir('upr-safe-');
    versions = await twoVersions();
    expected = [await build(versions[0], dir, join(dir, 'ref0')), await build(versions[1], dir, join(dir, 'ref1'))];
    for (const name of ['briefing.pdf', 'claims.csv', 'summary.txt', 'public/briefing.pdf', 'public/claims.csv', 'public/summary.txt']) {
      expect(same(expected[0].get(name)!, expected[1].get(name)!), name).toBe(false);
    }
  });

  it(`a build killed with SIGKILL at any point never leaves a review whose files, in either edition or in the manifest, come from two builds; the next build finishes the job (${KILLS} kills, at least one mid-write)`, async () => {
    const out = join(dir, 'killed');
    await build(versions[0], dir, out);
    const files = await Promise.all(versions.map(async (text, i) => {
      const file = join(dir, `version-${i}.yaml`);
      await writeFile(file, text);
      return file;
    }));
    let midWrite = 0;
    let midSwitch = 0;
    for (let round = 0; round < KILLS; round++) {
      const child = spawnBuild(['--data', files[round % 2]!, '--out', out, '--force']);
      const done = finished(child);
      // a third of the kills come the moment a staging folder appears (mid-write), a third when the old folder
      // is moved aside (mid-switch), a third after a random delay
      const trigger = [/\.new$/, /\.old$/, undefined][round % 3];
      const watcher = trigger ? watch(out, (_, name) => LEFTOVER.test(String(name)) && trigger.test(String(name)) && child.kill('SIGKILL')) : undefined;
      if (!watcher) void sleep(Math.random() * 4000).then(() => child.kill('SIGKILL'));
      const result = await done;
      watcher?.close();
      const names = (await readdir(out)).map(String);
      const leftovers = names.filter((n) => LEFTOVER.test(n));
      // mid-write: this build had begun the review's new folder and not yet removed the old one
      const own = leftovers.filter((n) => Number(LEFTOVER.exec(n)![1]) === child.pid);
      if (own.length > 0) midWrite++;
      const state = `kill ${round + 1} (${result.signal ?? `exit ${result.code}`}): ${names.join(' ')}`;
      // one dead build's worth at most: each build first removes what dead ones left
      expect(leftovers.length, state).toBeLessThanOrEqual(2);
      if (names.includes('kz-upr48')) {
        const from = origins(await readReview(join(out, 'kz-upr48')), expected);
        expect(from.length === 1 && from[0] !== -1, `${state}: both editions come from one build (${from})`).toBe(true);
      } else {
        // killed between the two renames: the earlier folder waits beside it, and the next build puts it back
        if (own.length > 0) midSwitch++;
        expect(leftovers.some((n) => n.endsWith('.old')), state).toBe(true);
      }
      const manifest = parseManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
      const listed = manifestOrigins(manifest, expected);
      expect(listed.length <= 1 && !listed.includes(-1), `${state}: the manifest lists one build's files (${listed})`).toBe(true);
    }
    const final = await runInProcess(['--data', files[0]!, '--out', out]);
    expect(final.code, final.stderr).toBe(0);
    expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(FILES);
    expect((await readdir(out)).sort()).toEqual(['.cache', 'SHA256SUMS', 'kz-upr48', 'manifest.json']);
    expect(origins(await readReview(join(out, 'kz-upr48')), expected)).toEqual([0]);
    await sumsHold(out);
    console.info(`kill test: ${KILLS} kills, ${midWrite} mid-write (a staging or replaced folder left behind), ${midSwitch} of them between the two renames`);
    expect(midWrite, 'at least one kill landed while the review was being written').toBeGreaterThanOrEqual(1);
  }, 30_000 + KILLS * 20_000);

  it(`two builds at once into the same out/ leave one build's complete set, never a mix, and a manifest that matches it (${RUNS} rounds in-process, 2 across processes)`, async () => {
    const files = await Promise.all(versions.map(async (text, i) => {
      const file = join(dir, `concurrent-${i}.yaml`);
      await writeFile(file, text);
      return file;
    }));
    const check = async (out: string) => {
      const from = origins(await readReview(join(out, 'kz-upr48')), expected);
      expect(from.length === 1 && from[0] !== -1, `all files of both editions come from one build (${from})`).toBe(true);
      expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(FILES);
      await sumsHold(out);
    };
    for (let round = 0; round < RUNS; round++) {
      const out = join(dir, `together-${round}`);
      const codes = await quietly(() => Promise.all(files.map((f) => run(['--data', f, '--out', out]))));
      expect(codes).toEqual([0, 0]);
      await check(out);
    }
    for (let round = 0; round < 2; round++) {
      const out = join(dir, `processes-${round}`);
      const results = await Promise.all(files.map((f) => finished(spawnBuild(['--data', f, '--out', out]))));
      expect(results.map((r) => r.code), results.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
      await check(out);
    }
  }, 60_000 + RUNS * 10_000);

  it('two --only builds at once into the same out/ keep both reviews in the manifest (5 rounds in-process, 2 across processes)', async () => {
    const data = join(dir, 'only-data');
    await mkdir(data);
    await writeFile(join(data, 'a.yaml'), asOwnState(versions[0].replace('id: kz-upr48', 'id: aa-upr48'), 1));
    await writeFile(join(data, 'b.yaml'), asOwnState(versions[1].replace('id: kz-upr48', 'id: bb-upr48'), 2));
    const check = async (out: string) => {
      const manifest = parseManifest(await readFile(join(out, 'manifest.json'), 'utf8'))!;
      expect(manifest.reviews.map((r) => r.id)).toEqual(['aa-upr48', 'bb-upr48']);
      expect(manifest.artefacts).toHaveLength(2 * ALL.length);
      await sumsHold(out);
    };
    const args = (id: string, out: string) => ['--data', data, '--out', out, '--only', id];
    for (let round = 0; round < 5; round++) {
      const out = join(dir, `only-${round}`);
      expect(await quietly(() => Promise.all(['aa-upr48', 'bb-upr48'].map((id) => run(args(id, out)))))).toEqual([0, 0]);
      await check(out);
    }
    for (let round = 0; round < 2; round++) {
      const out = join(dir, `only-processes-${round}`);
      const results = await Promise.all(['aa-upr48', 'bb-upr48'].map((id) => finished(spawnBuild(args(id, out)))));
      expect(results.map((r) => r.code), results.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
      await check(out);
    }
  }, 120_000);

  it('a build takes over the lock of a build that died, and removes what it staged', async () => {
    const out = join(dir, 'stale-lock');
    await mkdir(join(out, '.kz-upr48.99-0badc0de.new'), { recursive: true });
    await writeFile(join(out, '.kz-upr48.99-0badc0de.new', 'claims.csv'), 'half a fi');
    const dead = deadPid();
    await writeLock(join(out, '.kz-upr48.lock'), holder({ pid: dead, start: '1' }));
    const result = await runInProcess(['--data', SAMPLE, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`took over \\S*\\.kz-upr48\\.lock: process ${dead}, which took it, is no longer running`));
    expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(FILES);
    expect((await readdir(out)).sort()).toEqual(['.cache', 'SHA256SUMS', 'kz-upr48', 'manifest.json']);
  });

  it('takes over a lock that cannot be judged by its holder (process 1, another host, another PID namespace, empty or not a lock at all) once it is 20 s old, with a message', async () => {
    const cases: [string, string, RegExp][] = [
      ['pid-1', holder({ pid: 1, start: '1' }), /process 1, the first process of a container or of the system, which cannot be checked, and it has not been renewed for \d+ s/],
      ['host', holder({ host: 'elsewhere' }), /taken on host elsewhere, which cannot be checked from here, and it has not been renewed for \d+ s/],
      ['namespace', holder({ pidns: 'pid:[1]' }), /in another PID namespace \(another container\), which cannot be checked from here/],
      ['empty', '', /it does not say which build holds it \(it is empty or unreadable\), and it has not been renewed for \d+ s/],
      ['garbage', '\u0000\u0001', /it does not say which build holds it/],
    ];
    for (const [name, content, why] of cases) {
      const out = join(dir, `lock-${name}`);
      await mkdir(out);
      await writeLock(join(out, '.kz-upr48.lock'), content, 60_000);
      const result = await runInProcess(['--data', SAMPLE, '--out', out]);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      expect(result.stderr, name).toMatch(/took over \S*\.kz-upr48\.lock: /);
      expect(result.stderr, name).toMatch(why);
      expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(FILES);
    }
  });

  it('waits while such a lock is younger than 20 s, and takes it over when it ages', async () => {
    const out = join(dir, 'young-lock');
    await mkdir(out);
    const lock = join(out, '.kz-upr48.lock');
    await writeLock(lock, holder({ pid: 1, start: '1' }), 15_000);
    let settled = false;
    const building = runInProcess(['--data', SAMPLE, '--out', out]).finally(() => (settled = true));
    await sleep(1500);
    expect(settled).toBe(false);
    expect((await readdir(out)).filter((n) => n === 'kz-upr48')).toEqual([]);
    const old = new Date(Date.now() - 30_000);
    await utimes(lock, old, old);
    const result = await building;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/took over \S*\.kz-upr48\.lock: it was taken by process 1/);
  });

  it('a build waits while a live build holds the lock, and writes once it is released', async () => {
    const out = join(dir, 'live-lock');
    await mkdir(out, { recursive: true });
    await writeLock(join(out, '.kz-upr48.lock'), holder({}), 60_000);
    let settled = false;
    const building = quietly(() => run(['--data', SAMPLE, '--out', out])).finally(() => (settled = true));
    await sleep(1500);
    expect(settled).toBe(false);
    expect((await readdir(out)).filter((n) => n === 'kz-upr48' || LEFTOVER.test(n))).toEqual([]);
    await rm(join(out, '.kz-upr48.lock'));
    expect(await building).toBe(0);
    expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(FILES);
  });

  const root = process.getuid?.() === 0;
  const nobody = nobodyUser();
  it('a read-only output folder gives a clear message and exit 2, and nothing changes (as root, the build runs as nobody)', async (ctx) => {
    ctx.skip(root && !nobody, 'running as root, and there is no user nobody to run the build as');
    const base = await tempDir('upr-ro-');
    await chmod(base, 0o755);
    const out = join(base, 'out');
    const before = await build(versions[0], dir, out);
    await chmod(join(out, 'kz-upr48'), 0o555);
    await chmod(out, 0o555);
    const data = join(base, 'review.yaml');
    await writeFile(data, versions[1]);
    await chmod(data, 0o644);
    const result = await finished(spawnBuild(['--data', data, '--out', out], { ...(root ? nobody : {}), env: { HOME: base } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot write to');
    expect(result.stderr).toContain('(EACCES): it is not writable; fix its permissions or choose another --out. Earlier outputs are unchanged');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const after = await readReview(join(out, 'kz-upr48'));
    for (const name of ALL) expect(same(after.get(name)!, before.get(name)!), name).toBe(true);
  });

  const canMount = root && (() => {
    try {
      execFileSync('mount', ['--version']);
      return true;
    } catch {
      return false;
    }
  })();
  it('a full disk gives a clear message and exit 2, the same with worker threads (--jobs 2) as in one thread, and leaves no file behind (a 32 KiB tmpfs)', async (ctx) => {
    ctx.skip(!canMount, 'mounting a tmpfs needs root and the mount command');
    const data = join(dir, 'full-disk-data');
    await mkdir(data);
    await writeFile(join(data, 'kz-upr48.yaml'), await readFile(SAMPLE));
    await writeFile(join(data, 'tl-upr48.yaml'), await readFile(join(ROOT, 'test/samples/restricted.yaml')));
    const out = await tempDir('upr-full-');
    const attempt = async (jobs: string) => {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', out], { stdio: 'ignore' });
      } catch (error) {
        ctx.skip(`mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`);
      }
      try {
        const result = await runBuild(['--data', data, '--out', out, '--jobs', jobs]);
        const left = (await readdir(out, { recursive: true, withFileTypes: true })).filter((e) => !e.isDirectory());
        return { ...result, left: left.map((e) => join(e.parentPath, e.name)) };
      } finally {
        execFileSync('umount', [out]);
      }
    };
    const serial = await attempt('1');
    expect(serial.code, serial.stderr).toBe(2);
    expect(serial.stderr.trim()).toMatch(/^cannot write to .*kz-upr48 \(ENOSPC\): the disk is full; free some space and build again\. Earlier outputs are unchanged$/);
    expect(serial.left).toEqual([]);
    const parallel = await attempt('2');
    expect({ code: parallel.code, stderr: parallel.stderr, left: parallel.left }).toEqual({ code: serial.code, stderr: serial.stderr, left: [] });
  });

  it('prints a stack trace only with DEBUG=1', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'a file\n');
    const plain = await runInProcess(['--data', SAMPLE, '--out', join(blocker, 'out')]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    process.env.DEBUG = '1';
    try {
      const debug = await runInProcess(['--data', SAMPLE, '--out', join(blocker, 'out')]);
      expect(debug.stderr).toMatch(/^\s+at /m);
    } finally {
      delete process.env.DEBUG;
    }
  });
});
