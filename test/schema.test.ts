import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderStakeholdersJsonSchema } from '../scripts/lib/delivery/json-schema.js';
import { renderReviewJsonSchema } from '../scripts/lib/review/json-schema.js';
import { deriveCycle } from '../scripts/lib/review/cycle.js';
import { isCalendarDate } from '../scripts/lib/review/schema.js';
import { wrapText } from '../scripts/lib/text/wrap.js';
import { ROOT, SAMPLE } from './helpers/project.js';

describe('the data format', () => {
  it('commits data/review.schema.json exactly as the zod schema generates it (run npm run schema)', async () => {
    expect(await readFile(join(ROOT, 'data/review.schema.json'), 'utf8')).toBe(renderReviewJsonSchema());
    expect(await readFile(join(ROOT, 'data/stakeholders.schema.json'), 'utf8')).toBe(renderStakeholdersJsonSchema());
  });

  it('points editors of the sample at the JSON Schema', async () => {
    expect((await readFile(SAMPLE, 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=../review.schema.json');
  });

  it('derives the UPR cycle from the session', () => {
    expect([1, 12, 13, 26, 27, 40, 41, 48, 54].map(deriveCycle)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 4]);
  });

  it('accepts only real calendar dates', () => {
    expect(['2024', '2024-11', '2024-02-29', '2025-01-31'].every(isCalendarDate)).toBe(true);
    expect(['2025-02-29', '2025-02-30', '2025-13', '2025-00', '2025-04-31'].some(isCalendarDate)).toBe(false);
  });
});

describe('wrapText', () => {
  it('wraps within the width and loses no word, splitting only words longer than a line', () => {
    const long = 'x'.repeat(200);
    const text = `Minimum membership to register a political party lowered from 40,000 to 20,000 ${long} end`;
    const lines = wrapText(text, 78, '  - ', '    ');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
    expect(lines[0]!.startsWith('  - Minimum')).toBe(true);
    expect(lines.map((l) => l.slice(4)).join(' ').replace(/x\s+x/g, 'xx').replace(/x\s+x/g, 'xx')).toBe(text);
  });
});
