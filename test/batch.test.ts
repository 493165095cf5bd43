import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../scripts/lib/build/shard.js';
import { ROOT, runBuild, runScript, SAMPLE, tempDir, type RunResult, asOwnState } from './helpers/project.js';

/** Every file under `dir` (relative path → bytes), hidden ones included; not out/.cache/ (checks, reviews, stamps), which only saves work. */
async function tree(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !relative(dir, e.parentPath).split(sep).includes('.cache')).map((e) => join(e.parentPath, e.name));
  return new Map(await Promise.all(files.map(async (f) => [relative(dir, f), await readFile(f)] as const)));
}

function expectSameTree(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [path, bytes] of expected) expect(Buffer.compare(actual.get(path)!, bytes), path).toBe(0);
}

/** The review ids named by the ✓/✗ lines of a build's output, in the order printed. */
const printedIds = (result: RunResult) => result.stdout.split('\n').flatMap((line) => /^[✓✗] (\S+)/.exec(line)?.[1] ?? []);

/** Six small reviews: five copies of the sample under other ids, and one with restricted material. */
const IDS = ['aa-upr48', 'bb-upr48', 'cc-upr48', 'dd-upr48', 'ee-upr48', 'tl-upr48'];

describe('batch builds: --jobs, incremental rebuilds, --shard and --merge-manifests', () => {
  let dir: string;
  let data: string;
  let parallel: RunResult;
  let full: Map<string, Buffer>;

  beforeAll(async () => {
    dir = await tempDir('upr-batch-');
    data = join(dir, 'data');
    await mkdir(data);
    const sample = await readFile(SAMPLE, 'utf8');
    for (const id of IDS.slice(0, 5)) await writeFile(join(data, `${id}.yaml`), asOwnState(sample.replace('id: kz-upr48', `id: ${id}`), IDS.indexOf(id) + 1));
    await copyFile(join(ROOT, 'test/samples/restricted.yaml'), join(data, 'tl-upr48.yaml'));
    parallel = await runScript('build.ts', ['--data', data, '--out', join(dir, 'parallel'), '--jobs', '3']);
    full = await tree(join(dir, 'parallel'));
  });

  it('--jobs 3 renders in the main thread and two worker threads at once (and says how many reviews they rendered) and prints the reviews in data order, without progress when not on a terminal', () => {
    expect(parallel.code).toBe(0);
    expect(printedIds(parallel)).toEqual(IDS);
    expect(parallel.stdout.split('\n')).toContain(`${IDS.length} reviews rendered in 3 threads at once (--jobs 3)`);
    expect(parallel.stdout).not.toContain('\r');
    expect(parallel.stdout).not.toContain('rendering');
  });

  it('--jobs 1 writes exactly the same files and bytes as --jobs 3', async () => {
    const serial = await runBuild(['--data', data, '--out', join(dir, 'serial'), '--jobs', '1']);
    expect(serial.code).toBe(0);
    expect(printedIds(serial)).toEqual(IDS);
    expect(serial.stdout).not.toContain('threads at once');
    expectSameTree(await tree(join(dir, 'serial')), full);
  });

  it('shards 1/3, 2/3 and 3/3 are disjoint, cover every review, and merge into exactly the unsharded build', async () => {
    const shards = [1, 2, 3].map((k) => join(dir, `shard-${k}`));
    const built: string[][] = [];
    for (const [i, out] of shards.entries()) {
      const result = await runBuild(['--data', data, '--out', out, '--shard', `${i + 1}/3`]);
      expect(result.code).toBe(0);
      built.push(printedIds(result));
      expect(built[i]).toEqual(IDS.filter((id) => shardOf(id, 3) === i + 1));
    }
    expect(built.flat().sort()).toEqual(IDS);
    const merged = join(dir, 'merged');
    const result = await runBuild(['--merge-manifests', ...shards, '--out', merged]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`merged 3 manifests: ${IDS.length} reviews`);
    expectSameTree(await tree(merged), full);
  });

  it('rebuilds a review whose outputs were deleted or edited, even with nothing else changed', async () => {
    const out = join(dir, 'serial');
    await writeFile(join(out, 'dd-upr48', 'summary.txt'), 'edited by hand\n');
    await rm(join(out, 'ee-upr48', 'public', 'briefing.pdf'));
    const result = await runBuild(['--data', data, '--out', out]);
    expect(result.stdout).toMatch(/^✓ dd-upr48 {2}\S*dd-upr48\/claims\.csv/m);
    expect(result.stdout).toMatch(/^✓ ee-upr48 {2}\S*ee-upr48\/claims\.csv/m);
    expect(result.stdout).toContain(`2 rebuilt, ${IDS.length - 2} unchanged`);
    expectSameTree(await tree(out), full);
  });

  it('a second build with nothing changed rebuilds nothing and says so; a changed review is rebuilt alone; --force rebuilds all', async () => {
    const out = join(dir, 'parallel');
    const pdf = join(out, 'bb-upr48', 'briefing.pdf');
    const before = (await stat(pdf)).mtimeMs;
    const again = await runBuild(['--data', data, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n').filter((l) => l.startsWith('✓'))).toEqual(IDS.map((id) => `✓ ${id}  unchanged, not rebuilt`));
    expect(again.stdout).toContain(`nothing changed: ${IDS.length} reviews are up to date, none rebuilt`);
    expect((await stat(pdf)).mtimeMs).toBe(before);
    expectSameTree(await tree(out), full);

    const file = join(data, 'cc-upr48.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: Kazakhstan at', 'title: Kazakhstan, again, at'));
    const changed = await runBuild(['--data', data, '--out', out]);
    expect(changed.stdout).toMatch(/^✓ cc-upr48 {2}\S*cc-upr48\/claims\.csv/m);
    expect(changed.stdout.split('\n').filter((l) => l.endsWith('unchanged, not rebuilt'))).toHaveLength(IDS.length - 1);
    expect(changed.stdout).toContain(`1 rebuilt, ${IDS.length - 1} unchanged`);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { reviews: { id: string; title: string }[]; artefacts: unknown[] };
    expect(manifest.reviews.find((r) => r.id === 'cc-upr48')?.title).toContain('again');
    // every file but manifest.json, SHA256SUMS and, per review, the two changes.txt
    expect(manifest.artefacts).toHaveLength(full.size - 2 * IDS.length - 2);

    const forced = await runBuild(['--data', data, '--out', out, '--force']);
    expect(forced.stdout).not.toContain('unchanged');
    expect(printedIds(forced)).toEqual(IDS);
    expect((await stat(pdf)).mtimeMs).toBeGreaterThan(before);
  });

  it('skips hidden folders; a rebuild with nothing changed takes each check from the cache, warnings included, and still catches a new file that reuses a cached id', async () => {
    const own = join(await tempDir('upr-cache-'), 'data');
    await mkdir(own);
    const sample = await readFile(SAMPLE, 'utf8');
    await writeFile(join(own, 'aa.yaml'), asOwnState(sample.replace('id: kz-upr48', 'id: aa-upr48'), 2).replace('sources:\n', 'sources:\n  - id: s99\n    title: Cited by nothing\n    type: ngo\n'));
    await mkdir(join(own, '.drafts'));
    await writeFile(join(own, '.drafts', 'half-written.yaml'), 'id: [');
    const out = join(own, '..', 'out');
    const first = await runBuild(['--data', own, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('unused-source');
    expect(JSON.parse(await readFile(join(out, '.cache', 'checks.json'), 'utf8')).entries).not.toEqual({});
    const again = await runBuild(['--data', own, '--out', out]);
    expect(again.stdout).toContain('nothing changed');
    expect(again.stderr).toBe(first.stderr);

    await writeFile(join(own, 'zz.yaml'), asOwnState(sample.replace('id: kz-upr48', 'id: aa-upr48'), 3));
    const reused = await runBuild(['--data', own, '--out', out]);
    expect(reused.code).toBe(1);
    expect(reused.stderr).toMatch(/^\S*zz\.yaml:\d+:\d+ {2}error {2}review id "aa-upr48" is already used by \S*aa\.yaml; .* {2}duplicate-review-id$/m);
  });

  it('a build with --strict after one without, into the same out/, does not take the warnings from the cache: they are errors, and the review is not built', async () => {
    const own = join(await tempDir('upr-strict-'), 'data');
    await mkdir(own);
    const sample = await readFile(SAMPLE, 'utf8');
    await writeFile(join(own, 'aa.yaml'), asOwnState(sample.replace('id: kz-upr48', 'id: aa-upr48'), 4).replace('sources:\n', 'sources:\n  - id: s99\n    title: Cited by nothing\n    type: ngo\n'));
    const out = join(own, '..', 'out');
    const lenient = await runBuild(['--data', own, '--out', out]);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stderr).toMatch(/ {2}warning {2}.* {2}unused-source$/m);
    const strict = await runBuild(['--data', own, '--out', out, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('✗ aa-upr48  not built: 1 error, 0 warnings');
    expect(strict.stderr).toMatch(/ {2}error {2}.* {2}unused-source$/m);
    const again = await runBuild(['--data', own, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('✓ aa-upr48  unchanged, not rebuilt');
  });

  it('an output that cannot be written fails --jobs 3 as it fails --jobs 1: exit 2 and the same message, from the worker that met it', async () => {
    const runs = await Promise.all(['1', '3'].map(async (jobs) => {
      const out = join(await tempDir('upr-blocked-'), 'out');
      await mkdir(out);
      await writeFile(join(out, 'aa-upr48'), 'a file where the review folder goes\n');
      const result = await runBuild(['--data', data, '--out', out, '--jobs', jobs]);
      return { code: result.code, stderr: result.stderr.replaceAll(relative(ROOT, out), '<out>') };
    }));
    expect(runs[0]).toEqual({ code: 2, stderr: 'cannot write to <out>/aa-upr48 (EEXIST): a file stands where a folder should be; move the file or choose another --out. Earlier outputs are unchanged\n' });
    expect(runs[1]).toEqual(runs[0]);
  });

  it('--merge-manifests refuses a shard whose manifest names a review id or a path that leaves --out, with its position, and writes nothing', async () => {
    const shard = join(await tempDir('upr-evil-'), 'shard');
    await promisify(execFile)('cp', ['-r', join(dir, 'parallel'), shard]);
    const text = await readFile(join(shard, 'manifest.json'), 'utf8');
    const evil = text.replace('"id": "aa-upr48"', '"id": "../x"').replace('"path": "bb-upr48/briefing.pdf"', '"path": "bb-upr48/../../x/briefing.pdf"');
    await writeFile(join(shard, 'manifest.json'), evil);
    const at = (needle: string) => {
      const before = evil.slice(0, evil.indexOf(needle)).split('\n');
      return `${before.length}:${before.at(-1)!.length + 1}`;
    };
    const merged = join(shard, '..', 'merged');
    const result = await runBuild(['--merge-manifests', shard, '--out', merged]);
    expect(result.code).toBe(1);
    const file = relative(ROOT, join(shard, 'manifest.json'));
    expect(result.stderr).toContain(`${file}:${at('"../x"')}  error  review id "../x" is not a slug (lowercase letters, digits and hyphens), so it could name a folder outside the output; rebuild the shard with this version; nothing was merged  invalid-slug`);
    expect(result.stderr).toContain(`${file}:${at('"bb-upr48/../../x/briefing.pdf"')}  error  path "bb-upr48/../../x/briefing.pdf" does not stay inside the folder of review "bb-upr48" (bb-upr48/…); a manifest lists only files under its reviews' folders; nothing was merged  unsafe-path`);
    expect(result.stdout).toContain('✗ nothing merged: 2 errors, 0 warnings');
    await expect(stat(merged)).rejects.toThrow();
    await expect(stat(join(shard, '..', 'x'))).rejects.toThrow();
  });

  it('checks files in the workers when there are many, with the same lines and messages as checks in the main thread', async () => {
    const many = join(await tempDir('upr-many-'), 'data');
    await mkdir(many);
    const sample = await readFile(SAMPLE, 'utf8');
    for (const n of [1, 2, 3, 4, 5, 6, 7]) await writeFile(join(many, `r${n}.yaml`), asOwnState(sample.replace('id: kz-upr48', `id: r${n}-upr48`), 10 + n));
    await writeFile(join(many, 'r8.yaml'), asOwnState(sample.replace('id: kz-upr48', 'id: r8-upr48'), 18).replace('sources: [s1]', 'sources: [s9]'));
    await writeFile(join(many, 'r9.yaml'), asOwnState(sample.replace('id: kz-upr48', 'id: r2-upr48'), 19));
    const serial = await runBuild(['--data', many, '--check', '--jobs', '1']);
    const parallel = await runBuild(['--data', many, '--check', '--jobs', '2']);
    expect(serial.code).toBe(1);
    expect(serial.stderr).toContain('unknown-source');
    expect(serial.stderr).toMatch(/r9\.yaml:\d+:\d+ {2}error {2}review id "r2-upr48" is already used by \S*r2\.yaml/);
    expect({ code: parallel.code, stdout: parallel.stdout, stderr: parallel.stderr }).toEqual({ code: serial.code, stdout: serial.stdout, stderr: serial.stderr });
  });
});
