import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runArgs } from '../scripts/import.js';
import { mergeReview } from '../scripts/lib/importers/merge.js';
import { batchRows } from '../scripts/lib/importers/batch.js';
import { parseUprInfo, uprInfo } from '../scripts/lib/importers/upr-info.js';
import { checkReviewFile } from '../scripts/lib/review/validate.js';
import { capture } from './helpers/capture.js';
import { ROOT, tempDir } from './helpers/project.js';

const HEADER = 'To,Text,From,Response,Issue,Session';
const row = (text: string, n = 0) => `Demoland,${text},Norway ${n},Supported,Justice,7`;

async function importFile(dir: string, name: string, text: string, extra: string[] = []) {
  await writeFile(join(dir, name), text);
  const result = await capture(() => runArgs(['upr-info', join(dir, name), '--all', '--out', join(dir, 'out'), ...extra]));
  const shown = relative(ROOT, dir);
  return { ...result, stdout: result.stdout.split(shown).join('<dir>'), stderr: result.stderr.split(shown).join('<dir>') };
}

describe('limits on import, as on build', () => {
  it('skips a row whose text is over the build limit, or holds a control character, with its line', async () => {
    const dir = await tempDir('upr-lim-');
    const text = [HEADER, row('Ratify the Convention'), row('x'.repeat(10 * 1024 * 1024)), row('Stop\u0000it'), ''].join('\r\n');
    const result = await importFile(dir, 'big.csv', text);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe([
      '',
      '<dir>/big.csv:2:1  warning  "Demoland" is not in the table of UN member and observer states (scripts/lib/review/states.ts), so its review has no iso and its id comes from the name; if it is a state under another name, add the name to the table  unknown-state',
      '<dir>/big.csv:3:1  error  Text has 10,485,760 characters, more than the limit of 20,000 for one text; the row is skipped: correct it in the export and import again  malformed-row',
      '<dir>/big.csv:4:1  error  Text holds U+0000 (a control character) at character 5, which a review may not hold; the row is skipped: correct it in the export and import again  malformed-row',
      '',
      '2 errors, 1 warning',
      '2 rows were skipped; see the messages above, correct the export and import again',
    ].join('\n'));
    const written = await readFile(join(dir, 'out/demoland-upr7.yaml'), 'utf8');
    expect(checkReviewFile('x.yaml', new TextEncoder().encode(written)).messages).toEqual([]);
  });

  it('refuses an export of 1,000,000 one-byte rows at the row limit, reading no further', async () => {
    const dir = await tempDir('upr-lim-');
    const started = process.hrtime.bigint();
    const result = await importFile(dir, 'million.csv', `${HEADER}\n${'x\n'.repeat(1_000_000)}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('<dir>/million.csv:300002:1  error  the export has more than 300,000 rows, the limit of one import; nothing was imported: export one state, session or cycle at a time  too-large\n\n1 error, 0 warnings');
    expect(await readdir(dir)).toEqual(['million.csv']);
    console.info(`1,000,000 one-byte rows refused in ${seconds.toFixed(2)} s`);
  });

  it('shows the first 100 messages of a rule and counts the rest', async () => {
    const dir = await tempDir('upr-lim-');
    const rows = Array.from({ length: 250 }, (_, i) => `Demoland,Text ${i},Norway,Maybe,Justice,7`);
    const result = await importFile(dir, 'bad.csv', [HEADER, row('A good one'), ...rows, ''].join('\n'));
    const lines = result.stderr.split('\n');
    expect(lines.filter((l) => l.endsWith('malformed-row'))).toHaveLength(100);
    expect(lines.slice(-4)).toEqual(['… and 150 more malformed-row messages (250 in all; the first 100 are shown)', '', '100 errors, 1 warning shown of 251 messages', '250 rows were skipped; see the messages above, correct the export and import again']);
  });

  it('writes a review only when the build accepts it: 5,001 recommendations are refused and the earlier file is untouched', async () => {
    const dir = await tempDir('upr-lim-');
    await importFile(dir, 'small.csv', [HEADER, row('One'), ''].join('\n'));
    const before = await readFile(join(dir, 'out/demoland-upr7.yaml'), 'utf8');
    const many = Array.from({ length: 5001 }, (_, i) => row(`Recommendation ${i}`, i));
    const result = await importFile(dir, 'many.csv', [HEADER, ...many, ''].join('\n'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('✗ demoland-upr7  not written: the build would refuse <dir>/out/demoland-upr7.yaml as imported (see the messages); nothing was changed');
    expect(result.stderr).toContain('<dir>/out/demoland-upr7.yaml:');
    expect(result.stderr).toContain('error  "recommendations" has 5,001 items, more than the limit of 5,000; split the review into several files  too-large');
    expect(await readFile(join(dir, 'out/demoland-upr7.yaml'), 'utf8')).toBe(before);
  });
});

describe('re-importing into a file that uses YAML aliases', () => {
  const batch = () => batchRows(parseUprInfo([HEADER, row('Abolish the death penalty'), ''].join('\n'), 'x.csv').rows, {})[0]!;
  const base = (recs: string, themes = '  - id: justice\n    title: Justice\n') =>
    `id: demoland-upr7\ntitle: T\nstate: Demoland\nsession: 7\nas_of: 2025-01-01\nthemes:\n${themes}sources:\n  - id: upr-info\n    title: U\n    type: ngo\nclaims:\n  - id: c1\n    theme: justice\n    kind: context\n    text: &said Something said\n    sources: [upr-info]\nrecommendations:\n${recs}`;
  const options = { format: uprInfo, path: 'r.yaml', today: '2026-01-01' };

  it('resolves an alias inside recommendations and writes a file that parses back', () => {
    const text = base('  - id: rec-old\n    text: *said\n    from: Norway\n    response: supported\n    themes: [justice]\n');
    const result = mergeReview(new TextEncoder().encode(text), batch(), options);
    expect(result.messages).toEqual([]);
    expect(checkReviewFile('r.yaml', new TextEncoder().encode(result.text!)).messages).toEqual([]);
  });

  it('refuses, with its position, an anchor inside recommendations that the summary uses', () => {
    const text = `${base('  - id: rec-old\n    text: &rec Keep this\n    from: Norway\n    response: supported\n    themes: [justice]\n')}summary: *rec\n`;
    const result = mergeReview(new TextEncoder().encode(text), batch(), options);
    expect(result.text).toBeUndefined();
    expect(result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)).toEqual([
      '25:10 import-conflict the alias *rec refers to an anchor inside recommendations (line 21), which an import replaces; write the value out here instead of the alias, and import again',
    ]);
  });

  it('refuses an alias in a flow-style themes list, which an import rewrites whole', () => {
    const text = base('  []\n', '  [{id: justice, title: &t Justice}, {id: other, title: *t}]\n');
    const result = mergeReview(new TextEncoder().encode(text), batch(), options);
    expect(result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['7:28 import-conflict']);
  });
});
