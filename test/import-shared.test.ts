import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasErrors } from '../scripts/lib/diagnostics/message.js';
import { formatMessages } from '../scripts/lib/diagnostics/report.js';
import { fontCoverage } from '../scripts/lib/pdfmake/fonts.js';
import { FONTS, renderContext, ROOT, runScript, tempDir } from './helpers/project.js';
import { checkReviews, renderReview, type Outputs } from '../scripts/lib/build/pipeline.js';
import { RECOMMENDATIONS_CSV_HEADER } from '../scripts/lib/render/csv.js';
import { bodyText, openPdf } from './helpers/pdf.js';
import { sharedBuild } from './helpers/shared-build.js';

/** The shared export lies beside the checkout, never inside it. */
const EXPORT = join(ROOT, '..', 'shared', 'upr-info', 'upr-info-sessions-6-9.csv');
const present = existsSync(EXPORT);
const ABSENT = `${relative(ROOT, EXPORT)} is absent: ../shared is not beside the checkout`;

interface ReviewData {
  recommendations: { id: string; response: string; text: string; from: string }[];
}

/** Counts Kazakhstan's responses straight from the raw bytes: bare-CR records, the state first, the response as a field. */
async function rawKazakhstanCounts(): Promise<{ total: number; accepted: number; noted: number }> {
  const records = (await readFile(EXPORT, 'latin1')).split('\r').filter((r) => r.startsWith('Kazakhstan,'));
  return { total: records.length, accepted: records.filter((r) => r.includes(',Accepted,')).length, noted: records.filter((r) => r.includes(',Noted,')).length };
}

async function importState(args: string[]): Promise<{ out: string; stdout: string; code: number }> {
  const out = await tempDir('upr-import-');
  const result = await runScript('import.ts', ['upr-info', EXPORT, ...args, '--out', out]);
  if (result.code !== 0) throw new Error(`import failed (${result.code}): ${result.stderr}`);
  return { out, stdout: result.stdout, code: result.code };
}

describe('importing Kazakhstan from the UPR Info export', () => {
  let out: string;
  let stdout: string;
  let text: string;
  let review: ReviewData;
  beforeAll(async () => {
    if (!present) return;
    ({ out, stdout } = await importState(['--state', 'Kazakhstan']));
    text = await readFile(join(out, 'kz-upr7.yaml'), 'utf8');
    review = parseYaml(text) as ReviewData;
  });

  it("imports 129 recommendations with the file's supported and noted counts", async (ctx) => {
    ctx.skip(!present, ABSENT);
    const raw = await rawKazakhstanCounts();
    expect(raw.total).toBe(129);
    expect(review.recommendations).toHaveLength(raw.total);
    expect(review.recommendations.filter((r) => r.response === 'supported')).toHaveLength(raw.accepted);
    expect(review.recommendations.filter((r) => r.response === 'noted')).toHaveLength(raw.noted);
    expect(stdout).toContain('read it as macintosh');
  });

  it('gives the same ids on a second import', async (ctx) => {
    ctx.skip(!present, ABSENT);
    const again = await importState(['--state', 'kazakhstan', '--session', '7']);
    const second = parseYaml(await readFile(join(again.out, 'kz-upr7.yaml'), 'utf8')) as ReviewData;
    expect(second.recommendations.map((r) => r.id)).toEqual(review.recommendations.map((r) => r.id));
    expect(new Set(second.recommendations.map((r) => r.id)).size).toBe(129);
  });

  it('keeps hand-written claims and comments byte for byte on a re-import', async (ctx) => {
    ctx.skip(!present, ABSENT);
    const edited = text
      .replace('as_of:', '# reviewed by hand\nas_of:')
      .replace(/claims: \[\]\n/, [
        'claims:',
        '  - id: c1 # from our monitoring',
        '    theme: death-penalty',
        '    kind: observed-gap',
        '    text: "Courts still hand down death sentences: see the 2011 report."',
        '    sources: [upr-info]',
        '',
      ].join('\n'))
      .replace('recommendations:\n', 'recommendations:\n  # first ones checked against the Working Group report\n');
    const path = join(out, 'kz-upr7.yaml');
    await writeFile(path, edited);
    const result = await runScript('import.ts', ['upr-info', EXPORT, '--state', 'Kazakhstan', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('updated: 0 added, 0 removed, 0 changed (129 recommendations)');
    expect(await readFile(path, 'utf8')).toBe(edited);
  });

  describe('and building it', () => {
    let outputs: Outputs;
    beforeAll(async () => {
      if (!present) return;
      const [checked] = checkReviews([{ path: 'kz-upr7.yaml', bytes: new TextEncoder().encode(text) }]);
      expect(checked!.messages).toEqual([]);
      outputs = await renderReview(checked!.review!, await renderContext());
    });

    it('writes recommendations.csv with 129 data rows', (ctx) => {
      ctx.skip(!present, ABSENT);
      const rows = parseCsv(new TextDecoder().decode(outputs['recommendations.csv'])) as string[][];
      expect(rows[0]).toEqual([...RECOMMENDATIONS_CSV_HEADER]);
      expect(rows.slice(1)).toHaveLength(129);
      expect(rows.slice(1).map((r) => r[1])).toEqual(review.recommendations.map((r) => r.id));
    });

    it('writes a PDF that shows the 129 recommendations and the supported/noted split', async (ctx) => {
      ctx.skip(!present, ABSENT);
      const pdf = await bodyText(await openPdf(outputs['briefing.pdf']));
      expect(pdf).toContain('Kazakhstan received 129 recommendations at session 7: 122 supported and 7 noted');
      expect(pdf).toContain('Responses by theme');
      for (const rec of review.recommendations.slice(0, 20)) expect(pdf).toContain(rec.text.replace(/\s+/g, ' '));
      const summary = new TextDecoder().decode(outputs['summary.txt']);
      expect(summary).toContain('Kazakhstan received 129 recommendations at session 7: 122 supported (95%), 7\nnoted.');
      expect(summary).toContain('  - International instruments: 2 noted of 24');
    });
  });
});

describe('importing and building the whole export', () => {
  it('imports 63 states and builds 63 briefings without an error', { timeout: 900_000 }, async (ctx) => {
    ctx.skip(!present, ABSENT);
    // the import and the build this run shares with the layout check (test/helpers/shared-build.ts)
    const { imports, build } = await sharedBuild();
    const imported = imports['6-9'];
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.files).toHaveLength(63);
    const files = await Promise.all(imported.files.map(async (n) => ({ path: n, bytes: new Uint8Array(await readFile(join(imported.data, n))) })));
    const checked = checkReviews(files, { coverage: fontCoverage(() => FONTS.faces) });
    const messages = checked.flatMap((c) => c.messages);
    expect(formatMessages(messages)).toBe('');
    expect(build.code, build.stderr).toBe(0);
    let recommendations = 0;
    for (const item of checked) {
      const dir = join(build.out, item.review!.id);
      expect(build.stdout).toMatch(new RegExp(`^✓ ${item.review!.id} `, 'm'));
      recommendations += (parseCsv(await readFile(join(dir, 'recommendations.csv'), 'utf8')) as string[][]).length - 1;
      expect((await readFile(join(dir, 'briefing.pdf'))).length).toBeGreaterThan(1000);
    }
    expect(hasErrors(messages)).toBe(false);
    expect(recommendations).toBe(8343);
    expect(await readFile(join(imported.data, 'bo-upr7.yaml'), 'utf8')).toContain('Guaraní indigenous peoples');
    expect(await readFile(join(imported.data, 'mg-upr7.yaml'), 'utf8')).toContain('Haute Autorité de la Transition');
  });
});
