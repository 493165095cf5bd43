import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, runScript, SAMPLE, tempDir, type RunResult } from './helpers/project.js';

const OUTPUTS = ['briefing.pdf', 'claims.csv', 'recommendations.csv', 'summary.txt'];
/** out/<id>/ holds the restricted (complete) edition and public/, the public one: nothing else */
const REVIEW_DIR = [...OUTPUTS, 'public'].sort();

/** The sample with another id and one dangling citation; returns the file text and where the bad id stands. */
async function danglingReview(): Promise<{ text: string; line: number; column: number }> {
  const lines = (await readFile(SAMPLE, 'utf8')).replace('id: kz-upr48', 'id: kz-bad').split('\n');
  const line = lines.findIndex((l) => l.trim() === 'sources: [s1]');
  lines[line] = lines[line]!.replace('[s1]', '[s1, s9]');
  return { text: lines.join('\n'), line: line + 1, column: lines[line]!.indexOf('s9') + 1 };
}

describe('npm run build', () => {
  let data: string;
  let out: string;
  let first: RunResult;
  let dangling: Awaited<ReturnType<typeof danglingReview>>;

  beforeAll(async () => {
    const dir = await tempDir();
    data = join(dir, 'data');
    out = join(dir, 'out');
    dangling = await danglingReview();
    await mkdir(data);
    await mkdir(join(out, 'kz-bad'), { recursive: true });
    await copyFile(SAMPLE, join(data, 'kz-upr48.yaml'));
    await writeFile(join(data, 'kz-bad.yaml'), dangling.text);
    await writeFile(join(out, 'kz-bad', 'summary.txt'), 'earlier output\n');
    first = await runScript('build.ts', ['--data', data, '--out', out], { cwd: dir });
  });

  it('builds the good review, refuses the bad one with a positioned message, and exits 1', async () => {
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('kz-upr48');
    expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(REVIEW_DIR);
    expect((await readdir(join(out, 'kz-upr48', 'public'))).sort()).toEqual(OUTPUTS);
    const message = `data/kz-bad.yaml:${dangling.line}:${dangling.column}  error  claim "c2" cites unknown source "s9"; declare it under sources or correct the id  unknown-source`;
    expect(first.stderr.split('\n')).toContain(message);
    expect(first.stderr).not.toMatch(/^\s+at /m);
  });

  it('leaves the refused review\'s earlier outputs untouched and writes nothing new for it', async () => {
    expect(await readdir(join(out, 'kz-bad'))).toEqual(['summary.txt']);
    expect(await readFile(join(out, 'kz-bad', 'summary.txt'), 'utf8')).toBe('earlier output\n');
  });

  it('gives identical bytes on a second build and leaves no temporary files', async () => {
    const before = await Promise.all(OUTPUTS.map((f) => readFile(join(out, 'kz-upr48', f))));
    const again = await runScript('build.ts', ['--data', join(data, 'kz-upr48.yaml'), '--out', out, '--force']);
    expect(again.code).toBe(0);
    const after = await Promise.all(OUTPUTS.map((f) => readFile(join(out, 'kz-upr48', f))));
    after.forEach((bytes, i) => expect(Buffer.compare(bytes, before[i]!)).toBe(0));
    expect((await readdir(join(out, 'kz-upr48'))).sort()).toEqual(REVIEW_DIR);
  });

  const qpdf = hasCommand('qpdf');
  it('writes a PDF that passes qpdf --check', (ctx) => {
    ctx.skip(!qpdf, 'qpdf is not installed (apt-get install qpdf)');
    const report = execFileSync('qpdf', ['--check', join(out, 'kz-upr48', 'briefing.pdf')], { encoding: 'utf8' });
    expect(report).toContain('No syntax or stream encoding errors found');
  });

  it('--check validates and writes nothing', async () => {
    const fresh = join(await tempDir(), 'out');
    const result = await runScript('build.ts', ['--data', data, '--out', fresh, '--check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('kz-upr48  valid');
    await expect(stat(fresh)).rejects.toThrow();
  });

  it('--only builds the named review, and --excel starts the CSV with a BOM', async () => {
    const fresh = join(await tempDir(), 'out');
    const result = await runScript('build.ts', ['--data', data, '--out', fresh, '--only', 'kz-upr48', '--excel']);
    expect(result.code).toBe(0);
    expect((await readdir(fresh)).sort()).toEqual(['.cache', 'SHA256SUMS', 'kz-upr48', 'manifest.json']);
    const csv = await readFile(join(fresh, 'kz-upr48', 'claims.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('answers wrong usage with exit 2 and the usage text, without a stack trace', async () => {
    const result = await runScript('build.ts', ['--colour']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--colour'");
    expect(result.stderr).toContain('Usage: npm run build');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
