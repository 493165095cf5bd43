import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { batchRows, recommendationIds } from '../scripts/lib/importers/batch.js';
import { decodeImport } from '../scripts/lib/importers/decode.js';
import { mergeReview } from '../scripts/lib/importers/merge.js';
import { slugify } from '../scripts/lib/importers/slug.js';
import { linkThemes } from '../scripts/lib/importers/themes.js';
import { parseUprInfo, uprInfo } from '../scripts/lib/importers/upr-info.js';
import { checkReviews } from '../scripts/lib/build/pipeline.js';
import { ROOT, runScript, tempDir } from './helpers/project.js';

const IMPORTS = join(ROOT, 'test/imports');
const options = { format: uprInfo, path: 'demoland-upr7.yaml', today: '2026-01-15', from: 'demo.csv' };

async function demoBatch() {
  const parsed = parseUprInfo(await readFile(join(IMPORTS, 'demo.csv'), 'utf8'), 'demo.csv');
  return batchRows(parsed.rows, { state: 'Demoland' })[0]!;
}

describe('decoding an export', () => {
  const macRoman = new Uint8Array([...Buffer.from('Guaran'), 0x92, ...Buffer.from(' vis-'), 0x88, ...Buffer.from('-vis Autorit'), 0x8e, 0x0d]);

  it('detects Mac OS Roman and writes the letters, never U+FFFD', () => {
    const decoded = decodeImport('x.csv', macRoman);
    expect(decoded).toMatchObject({ text: 'Guaraní vis-à-vis Autorité\r', encoding: 'macintosh', detected: true });
  });

  it('detects windows-1252 when its reading is the plausible one', () => {
    const cp1252 = new Uint8Array([...Buffer.from('C'), 0xf4, ...Buffer.from('te d'), 0x92, ...Buffer.from('Ivoire, S'), 0xe3, ...Buffer.from('o Tom'), 0xe9, 0x0a]);
    expect(decodeImport('x.csv', cp1252)).toMatchObject({ text: 'Côte d’Ivoire, São Tomé\n', encoding: 'windows-1252' });
  });

  it('takes UTF-8 as it is, and follows --encoding when it is given', () => {
    expect(decodeImport('x.csv', new TextEncoder().encode('\uFEFFCôte'))).toMatchObject({ text: 'Côte', encoding: 'utf-8', detected: false });
    expect(decodeImport('x.csv', new Uint8Array([0xff, 0xfe, 0x43, 0, 0xf4, 0]))).toMatchObject({ text: 'Cô', encoding: 'utf-16le' });
    expect(decodeImport('x.csv', macRoman, 'windows-1252').text).toBe('Guaran’ vis-ˆ-vis AutoritŽ\r');
  });

  it('refuses bytes the named encoding does not have, and unknown labels, with a message', () => {
    expect(decodeImport('x.csv', macRoman, 'utf-8').messages.map((m) => [m.ruleId, m.reason])).toEqual([['encoding', 'byte 0x92 is not valid UTF-8; save the file as UTF-8']]);
    expect(decodeImport('x.csv', macRoman, 'klingon').messages[0]!.reason).toContain('--encoding "klingon" is not an encoding label');
  });
});

describe('reading a UPR Info export', () => {
  it('reports each malformed row with its line, skips it and keeps the good rows', async () => {
    const parsed = parseUprInfo(await readFile(join(IMPORTS, 'malformed.csv'), 'utf8'), 'malformed.csv');
    expect(parsed.rows.map((r) => [r.line, r.text, r.response, r.issues])).toEqual([
      [2, 'Ratify the Convention against Torture', 'supported', ['International instruments']],
      [6, 'Adopt a law on domestic violence, and train the police', 'noted', ['Rights of the Child', "Women's rights"]],
    ]);
    expect(parsed.skipped).toBe(4);
    expect(parsed.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason.split(';')[0]}`)).toEqual([
      '3:1 malformed-row the row has 10 fields but the header has 11, so its columns cannot be told apart (check its quotes and commas)',
      '4:1 malformed-row Response is "Maybe" (use Accepted, Supported, Noted or Pending)',
      '5:1 malformed-row Text is empty',
      '7:1 malformed-row Action is "9" (use 1 to 5, or leave it empty)',
    ]);
  });

  it('refuses a file without the columns it needs, and CSV that cannot be parsed', () => {
    expect(parseUprInfo('Country,Text\rX,Y\r', 'x.csv').messages.map((m) => m.ruleId)).toEqual(['missing-column']);
    const broken = parseUprInfo('To,Text,From,Response,Issue,Session\rX,"open,A,Accepted,I,7\r', 'x.csv');
    expect(broken.messages.map((m) => [m.ruleId, m.line])).toEqual([['csv-syntax', 2]]);
  });

  it('derives slugs, and files issues under themes a person linked', () => {
    expect(['Bosnia & Herzegovina', "Cote d'Ivoire", 'Asylum-seekers - refugees', 'São Tomé'].map((s) => slugify(s))).toEqual([
      'bosnia-and-herzegovina', 'cote-divoire', 'asylum-seekers-refugees', 'sao-tome',
    ]);
    const links = linkThemes([{ id: 'gender', title: 'Gender equality', issues: ["Women's rights"] }, { id: 'justice', title: 'Rule of law' }], ["Women's rights", 'Justice', 'Trafficking']);
    expect(["Women's rights", 'Justice', 'Trafficking'].map(links.themeOf)).toEqual(['gender', 'justice', 'trafficking']);
    expect(links.created).toEqual([{ id: 'trafficking', title: 'Trafficking' }]);
  });
});

describe('recommendation ids', () => {
  it('come from the content, survive reordering, and tell exact duplicates apart', async () => {
    const batch = await demoBatch();
    const ids = recommendationIds(batch.rows);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^rec-[0-9a-f]{10}(-\d+)?$/.test(id))).toBe(true);
    expect(ids[3]).toBe(`${ids[1]}-2`);
    const again = recommendationIds([...batch.rows].reverse()).reverse();
    expect([again[0], again[2]]).toEqual([ids[0], ids[2]]);
    expect(new Set(again)).toEqual(new Set(ids));
    expect(recommendationIds([{ ...batch.rows[0]!, text: `  ${batch.rows[0]!.text.toUpperCase()} ` }])[0]).toBe(ids[0]);
  });
});

const HAND_WRITTEN = `# yaml-language-server: $schema=../review.schema.json
id: demoland-upr7 # my id
title: My own title
state: Demoland
session: 7
as_of: 2025-03-01
summary: |
  Written by hand,
  over two lines.

themes:
    # four-space indentation, kept
    - id: gender
      title: Gender equality
      issues: ["Women's rights"]
sources:
    - id: hrw
      title: "A report: on things"
      type: ngo   # an NGO
claims:
    - id: c1
      theme: gender
      kind: observed-gap
      text: >-
        Shelters remain
        underfunded.
      sources: [hrw]
`;

describe('merging into a review file', () => {
  it('creates a review that validates without a message', async () => {
    const result = mergeReview(undefined, await demoBatch(), options);
    const [checked] = checkReviews([{ path: 'demoland-upr7.yaml', bytes: new TextEncoder().encode(result.text) }]);
    expect(checked!.messages).toEqual([]);
    expect(checked!.review).toMatchObject({ id: 'demoland-upr7', state: 'Demoland', session: 7, cycle: 1, as_of: '2026-01-15' });
    expect(checked!.review!.recommendations.map((r) => r.response)).toEqual(['supported', 'noted', 'supported', 'noted']);
    expect(result.stats).toMatchObject({ created: true, added: 4 });
  });

  it('keeps every byte a person wrote and links their theme', async () => {
    const batch = await demoBatch();
    const first = mergeReview(new TextEncoder().encode(HAND_WRITTEN), batch, options);
    expect(first.text!.startsWith(HAND_WRITTEN.replace(/\nsources:[\s\S]*$/, '\n'))).toBe(true);
    expect(first.text).toContain(HAND_WRITTEN.slice(HAND_WRITTEN.indexOf('sources:'), HAND_WRITTEN.indexOf('claims:')));
    expect(first.text).toContain(HAND_WRITTEN.slice(HAND_WRITTEN.indexOf('claims:')));
    const data = parseYaml(first.text!) as { themes: { id: string }[]; recommendations: { themes: string[] }[] };
    expect(data.themes.map((t) => t.id)).toEqual(['gender', 'death-penalty', 'international-instruments', 'rights-of-the-child']);
    expect(data.recommendations[2]!.themes).toEqual(['rights-of-the-child', 'gender']);
    expect(first.stats).toMatchObject({ created: false, added: 4, removed: 0, changed: 0 });

    const withNote = first.text!.replace(/(\n {2}- id: rec-)/, '\n  # checked against the WG report$1');
    const second = mergeReview(new TextEncoder().encode(withNote), { ...batch, rows: batch.rows.slice(0, 3).map((r, i) => (i === 0 ? { ...r, response: 'noted' as const } : r)) }, options);
    expect(second.stats).toMatchObject({ added: 0, removed: 1, changed: 1 });
    expect(second.text).toContain('# checked against the WG report');
    expect(second.text!.slice(0, second.text!.indexOf('recommendations:'))).toBe(withNote.slice(0, withNote.indexOf('recommendations:')));
  });

  it('leaves a file it cannot parse alone', async () => {
    const result = mergeReview(new TextEncoder().encode('id: [unclosed\n'), await demoBatch(), options);
    expect(result.text).toBeUndefined();
    expect(result.messages[0]!.ruleId).toBe('yaml-syntax');
  });
});

describe('npm run import', () => {
  it('imports the good rows, names every malformed row it leaves out, and exits 1', async () => {
    const out = await tempDir();
    const result = await runScript('import.ts', ['upr-info', join(IMPORTS, 'malformed.csv'), '--state', 'Demoland', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('test/imports/malformed.csv:4:1  error  Response is "Maybe"');
    expect(result.stderr).toContain('4 rows were skipped');
    const review = parseYaml(await readFile(join(out, 'demoland-upr7.yaml'), 'utf8')) as { recommendations: unknown[] };
    expect(review.recommendations).toHaveLength(2);
  });

  it('answers wrong usage with exit 2', async () => {
    const file = join(IMPORTS, 'demo.csv');
    for (const args of [['upr-info', file], ['uhri', file, '--all'], ['upr-info', file, '--state', 'Nowhere']]) {
      const result = await runScript('import.ts', args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Usage: npm run import');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('writes as_of once, then re-imports without changing the file', async () => {
    const out = await tempDir();
    const args = ['upr-info', join(IMPORTS, 'demo.csv'), '--all', '--out', out];
    const first = await runScript('import.ts', args, { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(first.code).toBe(0);
    const path = join(out, 'demoland-upr7.yaml');
    const before = await readFile(path, 'utf8');
    expect(before).toContain('as_of: 2023-11-14');
    const second = await runScript('import.ts', args, { env: { SOURCE_DATE_EPOCH: '1800000000' } });
    expect(second.stdout).toContain('updated: 0 added, 0 removed, 0 changed (4 recommendations)');
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readFile(join(out, 'otherland-upr8.yaml'), 'utf8')).toContain("from: Côte d'Ivoire");
    await writeFile(path, before);
  });
});
