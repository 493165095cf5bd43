import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_INPUTS, badInputCases, listen, runBadInput, type Listener } from './helpers/bad-inputs.js';

/** outputs.json: substrings that an output must, or must not, hold after the build. */
type OutputChecks = Record<string, { contains?: string[]; excludes?: string[] }>;

const prototypeKeys = () => [Object, Array, Function].map((c) => Object.getOwnPropertyNames(c.prototype).sort().join());

describe('bad-input corpus: test/bad-inputs/<case>/{data/, generate.json, case.json, expected.txt, outputs.json}', async () => {
  let server: Listener;
  beforeAll(async () => {
    server = await listen();
  });
  afterAll(() => server.close());

  for (const name of await badInputCases()) {
    it(name, async () => {
      const before = prototypeKeys();
      const result = await runBadInput(name, server.port);
      expect(result.report).toBe(await readFile(join(BAD_INPUTS, name, 'expected.txt'), 'utf8'));
      expect(result.raw).not.toMatch(/^\s+at /m);
      expect(result.raw).not.toContain('internal error');
      expect(server.connections()).toBe(0);
      expect(prototypeKeys()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const json = await readFile(join(BAD_INPUTS, name, 'outputs.json'), 'utf8').catch(() => '{}');
      const checks = JSON.parse(json.replaceAll('@PORT@', String(server.port))) as OutputChecks;
      for (const [file, { contains = [], excludes = [] }] of Object.entries(checks)) {
        const text = await readFile(join(result.out, file), 'utf8');
        for (const s of contains) expect(text, `${file} holds ${JSON.stringify(s)}`).toContain(s);
        for (const s of excludes) expect(text, `${file} lacks ${JSON.stringify(s)}`).not.toContain(s);
      }
    });
  }
});
