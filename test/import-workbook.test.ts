import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runArgs } from '../scripts/import.js';
import { decodeImport } from '../scripts/lib/importers/decode.js';
import { readCsv } from '../scripts/lib/importers/csv.js';
import { findState } from '../scripts/lib/review/states.js';
import { capture } from './helpers/capture.js';
import { ROOT, tempDir } from './helpers/project.js';

const SHARED = join(ROOT, '..', 'shared', 'upr-info');
const XLS = join(SHARED, 'upr-info-sessions-1-5.xls');
const CSV = join(SHARED, 'upr-info-sessions-1-5.csv');
const present = existsSync(XLS);
const ABSENT = '../shared/upr-info is absent beside the checkout';

async function reviews(dir: string): Promise<Map<string, unknown>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, parseYaml(await readFile(join(dir, n), 'utf8'))] as const)));
}

describe('the UPR Info workbook and the CSV of the same sessions', () => {
  it('give the same 80 reviews: ids, texts, counts, every field', { timeout: 300_000 }, async (ctx) => {
    if (!present) ctx.skip(ABSENT);
    const out = await tempDir('upr-xls-');
    const xls = await capture(() => runArgs(['upr-info', XLS, '--all', '--out', join(out, 'xls')]));
    expect(xls.code).toBe(0);
    const csv = await capture(() => runArgs(['upr-info', CSV, '--all', '--out', join(out, 'csv'), '--as-of', '2015-08-14']));
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('is not UTF-8; read it as macintosh');
    const [a, b] = [await reviews(join(out, 'xls')), await reviews(join(out, 'csv'))];
    expect(a.size).toBe(80);
    expect([...a.keys()]).toEqual([...b.keys()]);
    expect([...a.values()]).toEqual([...b.values()]);
    const total = [...a.values()].reduce((n: number, r) => n + (r as { recommendations: unknown[] }).recommendations.length, 0);
    expect(total).toBe(6094);
    expect(a.get('kz-upr7.yaml')).toBeUndefined();
    expect(a.get('ar-upr1.yaml')).toMatchObject({ state: 'Argentina', iso: 'AR', session: 1, review_date: '2008-04-07', as_of: '2015-08-14' });
  });
});

describe('states in the shared exports', () => {
  it('resolves every state under review and every recommending state of the three exports to the table', async (ctx) => {
    if (!present) ctx.skip(ABSENT);
    const unresolved = new Set<string>();
    let names = 0;
    for (const name of ['1-5', '6-9', '14-17']) {
      const bytes = new Uint8Array(await readFile(join(SHARED, `upr-info-sessions-${name}.csv`)));
      const { records } = readCsv(decodeImport('x', bytes).text!, 'x');
      for (const r of records) {
        for (const state of [r.fields[0]!, r.fields[4]!]) {
          names++;
          if (state !== '&#40;Unknown&#41;' && !findState(state)) unresolved.add(state);
        }
      }
    }
    expect(names).toBeGreaterThan(40_000);
    expect([...unresolved]).toEqual([]);
  });

  it("finds Côte d'Ivoire, written \"Cote d'Ivoire\" in the export, at session 6", async (ctx) => {
    if (!present) ctx.skip(ABSENT);
    const out = await tempDir('upr-ci-');
    const result = await capture(() => runArgs(['upr-info', join(SHARED, 'upr-info-sessions-6-9.csv'), '--state', "Côte d'Ivoire", '--out', out]));
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').at(-1)).toMatch(/^✓ ci-upr6 {2}\S+\/ci-upr6\.yaml {2}created: 147 recommendations, 40 themes$/);
    const review = parseYaml(await readFile(join(out, 'ci-upr6.yaml'), 'utf8')) as Record<string, unknown>;
    expect(review).toMatchObject({ state: "Côte d'Ivoire", iso: 'CI', session: 6, review_date: '2009-11-30', venue: 'Geneva' });
  });
});
