import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createManifest, mergeManifest, parseManifest, renderSha256Sums, sha256Hex, type Manifest } from '../scripts/lib/build/manifest.js';
import { ROOT, runScript, SAMPLE, tempDir } from './helpers/project.js';

const RESTRICTED_SAMPLE = join(ROOT, 'test/samples/restricted.yaml');

const entry = (review: string, name: string, edition: 'restricted' | 'public' = 'restricted') => ({
  review, edition, path: `${review}/${name}`, bytes: name.length, sha256: sha256Hex(name), inputs: sha256Hex(review),
});

describe('manifest functions', () => {
  it('sorts entries and writes SHA256SUMS in the format sha256sum -c reads', () => {
    const manifest = createManifest([{ id: 'b', title: 'B' }, { id: 'a', title: 'A' }], [entry('b', 'x.pdf'), entry('a', 'public/x.pdf', 'public'), entry('a', 'x.pdf')]);
    expect(manifest.reviews.map((r) => r.id)).toEqual(['a', 'b']);
    expect(renderSha256Sums(manifest)).toBe(`${sha256Hex('public/x.pdf')}  a/public/x.pdf\n${sha256Hex('x.pdf')}  a/x.pdf\n${sha256Hex('x.pdf')}  b/x.pdf\n`);
  });

  it('keeps the earlier entries of reviews this build did not rebuild, and replaces the rest', () => {
    const previous = createManifest([{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }], [entry('a', 'old.pdf'), entry('b', 'x.pdf')]);
    const built = createManifest([{ id: 'a', title: 'A2' }], [entry('a', 'new.pdf')]);
    const merged = mergeManifest(previous, built);
    expect(merged.artefacts.map((a) => a.path)).toEqual(['a/new.pdf', 'b/x.pdf']);
    expect(merged.reviews).toEqual([{ id: 'a', title: 'A2' }, { id: 'b', title: 'B' }]);
  });

  it('at commit, keeps what another build committed meanwhile, and never lists a file that holds other bytes', () => {
    const onDisk = createManifest([{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }], [entry('a', 'x.pdf'), entry('b', 'x.pdf'), entry('c', 'x.pdf')]);
    const built = createManifest([{ id: 'a', title: 'A2' }, { id: 'c', title: 'C2' }], [entry('a', 'new.pdf'), entry('c', 'new.pdf')]);
    // another build switched c/ after this one: its new.pdf does not hold what this build wrote
    const holds = (e: { path: string }) => e.path !== 'c/new.pdf';
    const merged = mergeManifest(onDisk, built, holds);
    expect(merged.artefacts.map((a) => a.path)).toEqual(['a/new.pdf', 'b/x.pdf', 'c/x.pdf']);
    expect(merged.reviews).toEqual([{ id: 'a', title: 'A2' }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }]);
    expect(mergeManifest(onDisk, built, (e) => e.path !== 'b/x.pdf').reviews.map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('reads back what it writes and refuses anything else', () => {
    const manifest = createManifest([{ id: 'a', title: 'A' }], [entry('a', 'x.pdf')]);
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
    expect(parseManifest('{"version":2,"reviews":[],"artefacts":[]}')).toBeUndefined();
    expect(parseManifest(JSON.stringify({ ...manifest, artefacts: [{ ...manifest.artefacts[0], sha256: 'x' }] }))).toBeUndefined();
    expect(parseManifest('not json')).toBeUndefined();
    for (const [review, path] of [['../x', '../x/file'], ['a', 'a/../../x'], ['a', 'b/x.pdf'], ['a', 'a/'], ['a', 'a/public\\..\\x'], ['a', 'a/x\nb/y']]) {
      expect(parseManifest(JSON.stringify({ ...manifest, artefacts: [{ ...manifest.artefacts[0], review, path }] })), path).toBeUndefined();
    }
    expect(parseManifest(JSON.stringify({ ...manifest, reviews: [{ id: '../x', title: 'X' }] }))).toBeUndefined();
  });
});

describe('out/manifest.json and out/SHA256SUMS, as npm run build writes them', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await tempDir();
    out = join(dir, 'out');
    await mkdir(join(dir, 'data'));
    await Promise.all([copyFile(SAMPLE, join(dir, 'data', 'kz-upr48.yaml')), copyFile(RESTRICTED_SAMPLE, join(dir, 'data', 'tl-upr48.yaml'))]);
    const result = await runScript('build.ts', ['--data', join(dir, 'data'), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
  });

  it('lists every artefact of both editions and passes sha256sum -c', async () => {
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
    const names = ['briefing.pdf', 'claims.csv', 'recommendations.csv', 'summary.txt'];
    const expected = ['kz-upr48', 'tl-upr48'].flatMap((id) => [...names.map((n) => `${id}/${n}`), ...names.map((n) => `${id}/public/${n}`)]).sort();
    expect(manifest.artefacts.map((a) => a.path)).toEqual(expected);
    for (const a of manifest.artefacts) {
      const bytes = await readFile(join(out, a.path));
      expect([a.bytes, a.sha256, a.edition]).toEqual([bytes.byteLength, sha256Hex(bytes), a.path.includes('/public/') ? 'public' : 'restricted']);
    }
    const { stdout } = await promisify(execFile)('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(stdout.trim().split('\n')).toHaveLength(expected.length);
    expect(stdout).not.toContain('FAILED');
  });

  it('hashes the inputs: one hash per review and edition, changing when the data changes', async () => {
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
    const inputs = (path: string) => manifest.artefacts.find((a) => a.path === path)!.inputs;
    expect(inputs('tl-upr48/briefing.pdf')).toBe(inputs('tl-upr48/claims.csv'));
    expect(inputs('tl-upr48/briefing.pdf')).not.toBe(inputs('tl-upr48/public/briefing.pdf'));
    expect(inputs('tl-upr48/briefing.pdf')).not.toBe(inputs('kz-upr48/briefing.pdf'));
  });

  it('is byte-identical after a second build, and keeps the other review\'s entries under --only', async () => {
    const before = await Promise.all(['manifest.json', 'SHA256SUMS'].map((f) => readFile(join(out, f))));
    const again = await runScript('build.ts', ['--data', join(dir, 'data'), '--out', out, '--only', 'tl-upr48']);
    expect(again.code, again.stderr).toBe(0);
    const after = await Promise.all(['manifest.json', 'SHA256SUMS'].map((f) => readFile(join(out, f))));
    after.forEach((bytes, i) => expect(Buffer.compare(bytes, before[i]!)).toBe(0));
  });

  it('drops an earlier entry whose file no longer matches it', async () => {
    const copy = join(await tempDir(), 'out');
    await promisify(execFile)('cp', ['-r', out, copy]);
    await writeFile(join(copy, 'kz-upr48', 'claims.csv'), 'edited by hand\n');
    const result = await runScript('build.ts', ['--data', join(dir, 'data', 'tl-upr48.yaml'), '--out', copy]);
    expect(result.code, result.stderr).toBe(0);
    const sums = await readFile(join(copy, 'SHA256SUMS'), 'utf8');
    expect(sums).not.toContain('kz-upr48/claims.csv');
    expect(sums).toContain('kz-upr48/briefing.pdf');
  });
});
