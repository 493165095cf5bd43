import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, caseNames, caseSpec, listen, runCase, type Listener } from './helpers/cases.js';

/** outputs.json: substrings that an output must, or must not, hold after the build. */
type OutputChecks = Record<string, { contains?: string[]; excludes?: string[] }>;

const prototypeKeys = () => [Object, Array, Function].map((c) => Object.getOwnPropertyNames(c.prototype).sort().join());

describe('the case corpus: test/cases/<case>/{case.json, data/, generate.json, stakeholders.yaml, expected.txt, outputs.json}', async () => {
  let server: Listener;
  beforeAll(async () => {
    server = await listen();
  });
  afterAll(() => server.close());

  for (const name of await caseNames()) {
    const spec = await caseSpec(name);
    it(`${name} (${spec.mode === 'check' ? 'checked' : 'built'}${spec.distribute ? ' and distributed' : ''})`, async () => {
      const before = prototypeKeys();
      const result = await runCase(name, server.port);
      expect(result.report).toBe(await readFile(join(CASES, name, 'expected.txt'), 'utf8'));
      expect(result.raw).not.toMatch(/^\s+at /m);
      expect(result.raw).not.toContain('internal error');
      expect(server.connections()).toBe(0);
      expect(prototypeKeys()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const json = await readFile(join(CASES, name, 'outputs.json'), 'utf8').catch(() => '{}');
      const checks = JSON.parse(json.replaceAll('@PORT@', String(server.port))) as OutputChecks;
      for (const [file, { contains = [], excludes = [] }] of Object.entries(checks)) {
        const text = await readFile(join(result.out, file), 'utf8');
        for (const s of contains) expect(text, `${file} holds ${JSON.stringify(s)}`).toContain(s);
        for (const s of excludes) expect(text, `${file} lacks ${JSON.stringify(s)}`).not.toContain(s);
      }
    });
  }
});
