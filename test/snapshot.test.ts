import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { cp, mkdir, readFile, rename, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATCH_NAMES } from '../scripts/lib/pdfmake/install.js';
import { ROOT, SAMPLE, tempDir, type RunResult } from './helpers/project.js';

const run = promisify(execFile);
const BLOB = 'dist/build.blob';
const MADE = 'dist/build.blob.json';

/** `node scripts/run.mjs build` of the Kazakhstan sample into a new folder, as `npm run build` runs it, saying which start it took. */
async function build(root: string, env: NodeJS.ProcessEnv): Promise<RunResult & { sums: string }> {
  const out = await tempDir('upr-snapshot-out-');
  const environment: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', UPR_SNAPSHOT: 'verbose', ...env };
  delete environment.NODE_OPTIONS;
  const { stdout, stderr } = await run(process.execPath, [join(root, 'scripts', 'run.mjs'), 'build', '--data', data, '--out', out], { cwd: root, env: environment });
  return { code: 0, stdout: stdout.replace(/\S*upr-snapshot-out-\w+/g, '<out>'), stderr, sums: await readFile(join(out, 'SHA256SUMS'), 'utf8') };
}

let data: string;
/** The plain bundle's build, which every other start must match byte for byte. */
let plain: RunResult & { sums: string };

beforeAll(async () => {
  data = join(await tempDir('upr-snapshot-data-'), 'kz-upr48.yaml');
  await cp(SAMPLE, data);
  // compiles dist/ and makes the blob when scripts/ changed since
  await run(process.execPath, [join(ROOT, 'scripts', 'run.mjs'), '--compile'], { cwd: ROOT });
  plain = await build(ROOT, { UPR_SNAPSHOT: '0' });
}, 240_000);

describe('the start-up snapshot of build (dist/build.blob)', () => {
  it('is what `node scripts/run.mjs build` starts from, its bundled pdfmake holding every patch, and writes the bytes of the plain bundle', async () => {
    expect(plain.stderr).toContain('start-up snapshot not used: UPR_SNAPSHOT=0');
    const fromBlob = await build(ROOT, {});
    expect(fromBlob.stderr).toContain(`started from the start-up snapshot dist/build.blob (patches in its pdfmake: ${PATCH_NAMES.join(', ')})`);
    expect(fromBlob.sums).toBe(plain.sums);
    expect(fromBlob.stdout).toBe(plain.stdout);
    expect(plain.sums).toMatch(/ kz-upr48\/briefing\.pdf$/m);
  }, 120_000);

  it('is passed over when made for another node, another folder, cut short or refused by node, and the build then writes the same bytes', async () => {
    const copy = await projectCopy();
    const made = JSON.parse(await readFile(join(ROOT, MADE), 'utf8')) as Record<string, string>;
    const starts: [string, () => Promise<void>][] = [
      ['made for another root', async () => {}],
      ['made for another node (v18.0.0)', () => writeFile(join(copy, MADE), JSON.stringify({ ...made, root: `${copy}/`, node: 'v18.0.0' }))],
      ['build.blob is missing or not the one made', async () => {
        await writeFile(join(copy, MADE), JSON.stringify({ ...made, root: `${copy}/` }));
        await truncate(join(copy, BLOB), 1_000_000);
      }],
      ['node could not load the blob', () => foreignBlob(copy, made)],
    ];
    for (const [reason, prepare] of starts) {
      await prepare();
      const result = await build(copy, {});
      expect(result.stderr).toContain(`start-up snapshot not used: ${reason}`);
      expect(result.stderr).not.toContain('started from the start-up snapshot');
      expect(result.sums).toBe(plain.sums);
    }
  }, 240_000);

  it('runs a timer set seconds after it started: a watch started from the blob builds an edit saved after 10 s of quiet', async () => {
    const dir = await tempDir('upr-snapshot-watch-');
    const reviews = join(dir, 'reviews');
    await mkdir(reviews);
    await cp(SAMPLE, join(reviews, 'kz-upr48.yaml'));
    const environment: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
    delete environment.NODE_OPTIONS;
    const child = spawn(process.execPath, ['--snapshot-blob', join(ROOT, BLOB), '--', '--watch', '--data', reviews, '--out', join(dir, 'out')], { cwd: ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const until = async (pattern: RegExp, ms: number) => {
      for (const end = Date.now() + ms; !pattern.test(stdout) && Date.now() < end; ) await sleep(100);
      return pattern.test(stdout);
    };
    try {
      expect(await until(/watching for changes/, 30_000)).toBe(true);
      // the watch waits 15 ms of quiet (a timer) before it builds
      await sleep(10_000);
      const path = join(reviews, 'kz-upr48.yaml');
      await writeFile(`${path}.tmp`, (await readFile(path, 'utf8')).replace(/^title: (.*)$/m, 'title: $1 (edited)'));
      await rename(`${path}.tmp`, path);
      expect(await until(/changed, building[\s\S]*watching for changes/, 15_000)).toBe(true);
    } finally {
      child.kill('SIGINT');
      await once(child, 'close');
    }
  }, 90_000);
});

/** The project's scripts, bundles and blob (with their times, so nothing is compiled again), templates and package.json, node_modules linked. */
async function projectCopy(): Promise<string> {
  const dir = join(await tempDir('upr-snapshot-copy-'), 'project');
  await mkdir(dir);
  for (const part of ['scripts', 'dist', 'templates', 'package.json']) await cp(join(ROOT, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** A blob this node made under another V8 flag, which it refuses to start from (exit 14), vouched for by its record. */
async function foreignBlob(copy: string, made: Record<string, string>): Promise<void> {
  const script = join(copy, 'dist', 'foreign.cjs');
  await writeFile(script, 'globalThis.made = true;\n');
  await run(process.execPath, ['--max-semi-space-size=32', '--snapshot-blob', join(copy, BLOB), '--build-snapshot', script], { cwd: copy });
  const { size, mtimeMs } = await stat(join(copy, BLOB));
  await writeFile(join(copy, MADE), JSON.stringify({ ...made, root: `${copy}/`, blob: `${size} ${mtimeMs}` }));
}
