import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runArgs as runNew } from '../scripts/new.js';
import { run as runBuild } from '../scripts/build.js';
import { describeDates, LAST_SESSION, SESSIONS, sessionFacts } from '../scripts/lib/review/sessions.js';
import { findState, foldName, nearestNames, allStateNames, STATES } from '../scripts/lib/review/states.js';
import { checkReviewFile } from '../scripts/lib/review/validate.js';
import { capture } from './helpers/capture.js';
import { ROOT, tempDir } from './helpers/project.js';

describe('the table of states', () => {
  it('holds the 193 UN member states and the 2 observer states, each code once, no name for two states', () => {
    expect(STATES).toHaveLength(195);
    expect(STATES.filter((s) => s.observer).map((s) => s.iso)).toEqual(['VA', 'PS']);
    expect(new Set(STATES.map((s) => s.iso)).size).toBe(195);
    expect(STATES.every((s) => /^[A-Z]{2}$/.test(s.iso))).toBe(true);
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const s of STATES) for (const name of [s.name, ...s.aliases]) {
      const key = foldName(name);
      if (owner.has(key) && owner.get(key) !== s.iso) clashes.push(`${name}: ${owner.get(key)} and ${s.iso}`);
      owner.set(key, s.iso);
    }
    expect(clashes).toEqual([]);
  });

  it('finds a state by name in any case, with or without accents, by alias or by code', () => {
    expect(["Côte d'Ivoire", "cote d'ivoire", 'COTE D’IVOIRE', 'Ivory Coast', 'CI', 'ci', 'cote-divoire'].map((n) => findState(n)?.iso)).toEqual(Array(7).fill('CI'));
    expect(['DPR Korea', 'Democratic Republic of Congo', 'Republic of Congo', 'Bosnia & Herzegovina', 'Trinidad & Tobago', 'Macedonia FYR', 'Turkey', 'Swaziland'].map((n) => findState(n)?.iso)).toEqual(['KP', 'CD', 'CG', 'BA', 'TT', 'MK', 'TR', 'SZ']);
    expect(findState('Atlantis')).toBeUndefined();
    expect(nearestNames('Kazahstan', allStateNames())).toEqual(['Kazakhstan', 'Pakistan', 'Kyrgyzstan']);
  });
});

describe('the table of sessions', () => {
  it('numbers sessions 1 to 54 with their cycles, dated only where checked, in order', () => {
    expect(SESSIONS).toHaveLength(LAST_SESSION);
    expect([1, 12, 13, 26, 27, 40, 41, 54].map((n) => sessionFacts(n)!.cycle)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    const dated = SESSIONS.filter((s) => s.start);
    expect(dated.every((s) => s.checked !== undefined && (!s.end || s.end > s.start!))).toBe(true);
    expect(dated.map((s) => s.start)).toEqual([...dated.map((s) => s.start)].sort());
    expect(describeDates(sessionFacts(19)!)).toBe('28 April 2014 – 9 May 2014');
    expect(sessionFacts(7)!.start).toBeUndefined();
  });
});

describe('npm run new', () => {
  it('writes a correctly named skeleton that builds without a message, says which file, and never overwrites', async () => {
    const dir = await tempDir('upr-new-');
    const shown = relative(ROOT, dir);
    const first = await capture(() => runNew(['--state', "Côte d'Ivoire", '--session', '19', '--out', dir]));
    expect(first.code).toBe(0);
    expect(first.stdout.split(shown).join('<dir>')).toBe("✓ wrote <dir>/ci-upr19.yaml: a review of Côte d'Ivoire (CI) at session 19; fill it in, then npm run build");
    const text = await readFile(join(dir, 'ci-upr19.yaml'), 'utf8');
    expect(text.split('\n').slice(0, 12)).toEqual([
      `# yaml-language-server: $schema=${relative(dir, join(ROOT, 'data/review.schema.json'))}`,
      "# A review of Côte d'Ivoire at the 19th session of the Universal Periodic Review, written by",
      '# npm run new. Fill it in, then run npm run build; npm run import adds the recommendations the state received.',
      'id: ci-upr19',
      `title: "Côte d'Ivoire at the 19th session of the Universal Periodic Review"`,
      `state: "Côte d'Ivoire"`,
      'iso: CI',
      'mechanism: UPR',
      'session: 19',
      'cycle: 2',
      "# The first day of session 19 (28 April 2014 – 9 May 2014); put the day of Côte d'Ivoire's review here.",
      'review_date: 2014-04-28',
    ]);
    expect(text).toContain('  # - id: freedom-of-expression');
    expect(text).toContain('  # - id: hrw-2024');
    expect(text).toContain('  # - id: c2');
    expect(checkReviewFile('ci-upr19.yaml', new TextEncoder().encode(text)).messages).toEqual([]);
    const built = await capture(() => runBuild(['--data', dir, '--out', join(dir, 'out'), '--jobs', '1', '--strict']));
    expect(built.code).toBe(0);
    const again = await capture(() => runNew(['--state', 'CI', '--session', '19', '--out', dir]));
    expect(again.code).toBe(2);
    expect(again.stderr.split('\n')[0]!.split(shown).join('<dir>')).toBe('<dir>/ci-upr19.yaml already exists; edit it, or choose another folder with --out');
    const miss = await capture(() => runNew(['--state', 'Ivory Cost', '--session', '19', '--out', dir]));
    expect(miss.stderr.split('\n')[0]).toBe('no state is called "Ivory Cost" in the table of UN member and observer states; did you mean "Ivory Coast"?');
  });
});
