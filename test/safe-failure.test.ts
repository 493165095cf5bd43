/**
 * Safe failure: a killed build, two builds at once, and an output folder that cannot be written.
 * Each kill starts a real build process (~2-4 s), so `npm test` kills 6 builds; the acceptance run is
 * `KILL_RUNS=20 npx vitest run test/safe-failure.test.ts`. SAFETY_RUNS sets the concurrent rounds (default 20).
 */
import { execFileSync } from 'node:child_process';
import { watch } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { run } from '../scripts/build.js';
import { runInProcess } from './helpers/cases.js';
import { finished, SAMPLE, spawnBuild, tempDir } from './helpers/project.js';

const RUNS = Number(process.env.SAFETY_RUNS ?? 20);
const KILLS = Number(process.env.KILL_RUNS ?? 6);
const OUTPUTS = ['briefing.pdf', 'claims.csv', 'summary.txt'] as const;
const TEMP = /\.tmp$/;
/** what out/<id>/ holds after a build: the three outputs, the public edition's folder and the hash of their inputs */
const FILES = [...OUTPUTS, 'recommendations.csv', 'public', '.inputs.sha256'].sort();

type Bytes = Record<(typeof OUTPUTS)[number], Buffer>;

async function readOutputs(dir: string): Promise<Bytes> {
  const entries = await Promise.all(OUTPUTS.map(async (name) => [name, await readFile(join(dir, name))] as const));
  return Object.fromEntries(entries) as Bytes;
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

/** Builds `text` as kz-upr48 into `out` in-process and returns the outputs' bytes. */
async function build(text: string, dir: string, out: string): Promise<Bytes> {
  const file = join(dir, `v${Math.random().toString(16).slice(2)}.yaml`);
  await writeFile(file, text);
  const result = await runInProcess(['--data', file, '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  return readOutputs(join(out, 'kz-upr48'));
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

describe('safe failure', () => {
  let dir: string;
  let versions: [string, string];
  let expected: [Bytes, Bytes];
  beforeAll(async () => {
    dir = await tempDir('upr-safe-');
    versions = await twoVersions();
    expected = [await build(versions[0], dir, join(dir, 'ref0')), await build(versions[1], dir, join(dir, 'ref1'))];
    for (const name of OUTPUTS) expect(same(expected[0][name], expected[1][name]), name).toBe(false);
  });

  it(`a build killed with SIGKILL at a random point leaves every output whole, and temporary files do not pile up (${KILLS} kills)`, async () => {
    const out = join(dir, 'killed');
    const review = join(out, 'kz-upr48');
    await build(versions[0], dir, out);
    const files = await Promise.all(versions.map(async (text, i) => {
      const file = join(dir, `version-${i}.yaml`);
      await writeFile(file, text);
      return file;
    }));
    let interrupted = 0;
    for (let run = 0; run < KILLS; run++) {
      const child = spawnBuild(['--data', files[run % 2]!, '--out', out]);
      const done = finished(child);
      // half the kills come the moment a temporary file appears, mid-write; the others after a random delay
      const watcher = run % 2 === 0 ? watch(review, (_, name) => TEMP.test(String(name)) && child.kill('SIGKILL')) : undefined;
      if (!watcher) void sleep(Math.random() * 4000).then(() => child.kill('SIGKILL'));
      const result = await done;
      watcher?.close();
      const left = (await readdir(review, { recursive: true })).map(String);
      if (left.some((n) => TEMP.test(n))) interrupted++;
      // two killed builds' worth at most: each build removes the leftovers of dead ones before it writes
      expect(left.filter((n) => TEMP.test(n) && !n.startsWith('.lock')).length, `${result.signal} ${left.join(' ')}`).toBeLessThanOrEqual(2 * OUTPUTS.length);
      const now = await readOutputs(review);
      for (const name of OUTPUTS) expect(same(now[name], expected[0][name]) || same(now[name], expected[1][name]), `${name} after kill ${run + 1} is old or new`).toBe(true);
    }
    const final = await runInProcess(['--data', files[0]!, '--out', out]);
    expect(final.code, final.stderr).toBe(0);
    expect((await readdir(review)).sort()).toEqual(FILES);
    console.info(`kill test: ${KILLS} kills, ${interrupted} left temporary files behind (killed mid-write)`);
  }, 30_000 + KILLS * 20_000);

  it(`two builds at once into the same out/ leave one build's complete set, never a mix (${RUNS} rounds in-process, 2 across processes)`, async () => {
    const files = await Promise.all(versions.map(async (text, i) => {
      const file = join(dir, `concurrent-${i}.yaml`);
      await writeFile(file, text);
      return file;
    }));
    const check = async (out: string) => {
      const now = await readOutputs(join(out, 'kz-upr48'));
      const from = OUTPUTS.map((name) => (same(now[name], expected[0][name]) ? 0 : same(now[name], expected[1][name]) ? 1 : -1));
      expect(from.includes(-1), 'every file is whole').toBe(false);
      expect(new Set(from).size, `all three files come from one build: ${from.join(',')}`).toBe(1);
      expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(FILES);
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

  it('a build takes over the lock of a build that died', async () => {
    const out = join(dir, 'stale-lock');
    await mkdir(join(out, 'kz-upr48'), { recursive: true });
    const dead = Number(execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).trim());
    await writeFile(join(out, 'kz-upr48', '.lock'), `${dead}.deadbeef`);
    await writeFile(join(out, 'kz-upr48', `.claims.csv.${dead}.0badc0de.tmp`), 'half a fi');
    const result = await runInProcess(['--data', SAMPLE, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(FILES);
  });

  it('a build waits while a live build holds the lock, and writes once it is released', async () => {
    const out = join(dir, 'live-lock');
    const review = join(out, 'kz-upr48');
    await mkdir(review, { recursive: true });
    await writeFile(join(review, '.lock'), `${process.pid}.cafebabe`);
    let settled = false;
    const building = quietly(() => run(['--data', SAMPLE, '--out', out])).finally(() => (settled = true));
    await sleep(1500);
    expect(settled).toBe(false);
    expect((await readdir(review)).filter((n) => !n.startsWith('.lock'))).toEqual([]);
    await rm(join(review, '.lock'));
    expect(await building).toBe(0);
    expect((await readdir(review)).sort()).toEqual(FILES);
  });

  const root = process.getuid?.() === 0;
  const nobody = (() => {
    try {
      return { uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })) };
    } catch {
      return undefined;
    }
  })();
  it('a read-only output folder gives a clear message and exit 2, and nothing changes (as root, the build runs as nobody)', async (ctx) => {
    ctx.skip(root && !nobody, 'running as root, and there is no user nobody to run the build as');
    const base = await tempDir('upr-ro-');
    await chmod(base, 0o755);
    const out = join(base, 'out');
    await build(versions[0], dir, out);
    const before = await readOutputs(join(out, 'kz-upr48'));
    await chmod(join(out, 'kz-upr48'), 0o555);
    const data = join(base, 'review.yaml');
    await writeFile(data, versions[1]);
    await chmod(data, 0o644);
    const result = await finished(spawnBuild(['--data', data, '--out', out], { ...(root ? nobody : {}), env: { HOME: base } }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot write to');
    expect(result.stderr).toContain('(EACCES): it is not writable; fix its permissions or choose another --out. Earlier outputs are unchanged');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const after = await readOutputs(join(out, 'kz-upr48'));
    for (const name of OUTPUTS) expect(same(after[name], before[name]), name).toBe(true);
  });

  const canMount = root && (() => {
    try {
      execFileSync('mount', ['--version']);
      return true;
    } catch {
      return false;
    }
  })();
  it('a full disk gives a clear message and exit 2, and leaves no temporary file (a 32 KiB tmpfs)', async (ctx) => {
    ctx.skip(!canMount, 'mounting a tmpfs needs root and the mount command');
    const out = await tempDir('upr-full-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', out], { stdio: 'ignore' });
    } catch (error) {
      ctx.skip(`mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`);
    }
    try {
      const result = await runInProcess(['--data', SAMPLE, '--out', out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/cannot write to .*kz-upr48 \(ENOSPC\): the disk is full; free some space and build again\. Earlier outputs are unchanged/);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      const left = await readdir(join(out, 'kz-upr48'), { recursive: true, withFileTypes: true });
      expect(left.filter((e) => e.isFile()).map((e) => e.name)).toEqual([]);
    } finally {
      execFileSync('umount', [out]);
    }
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
