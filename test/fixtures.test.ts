import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureCases, runFixture } from './helpers/fixtures.js';

describe('validation fixtures: test/fixtures/<case>/{data/, expected.txt}', async () => {
  for (const name of await fixtureCases()) {
    it(name, async () => {
      const expected = await readFile(join(FIXTURES, name, 'expected.txt'), 'utf8');
      expect(await runFixture(name)).toBe(expected);
    });
  }
});
