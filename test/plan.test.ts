import { chalk } from 'zx/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Checked } from '../scripts/lib/build/check-cache.js';
import { createManifest, type ManifestEntry } from '../scripts/lib/build/manifest.js';
import { OUTPUT_NAMES } from '../scripts/lib/build/pipeline.js';
import { isCurrent, planBuild, withParsed, type PlanInput } from '../scripts/lib/build/plan.js';
import type { Message } from '../scripts/lib/diagnostics/message.js';
import type { EditionName } from '../scripts/lib/edition/edition.js';
import type { Review } from '../scripts/lib/review/schema.js';

const review = (id: string) => ({ id, title: id.toUpperCase() }) as unknown as Review;
const warning: Message = { file: 'data/b.yaml', line: 3, column: 5, ruleId: 'unused-source', severity: 'warning', reason: 'unused' };
const error: Message = { ...warning, ruleId: 'unknown-source', severity: 'error', reason: 'unknown' };
const inputs = (id: string): Record<EditionName, string> => ({ restricted: `${id}-r`, public: `${id}-p` });

/** Every output of both editions of `id`, as a manifest lists them, made from `made`. */
function entries(id: string, made = inputs(id)): ManifestEntry[] {
  return (['restricted', 'public'] as const).flatMap((edition) =>
    OUTPUT_NAMES.map((name) => ({ review: id, edition, path: `${id}/${edition === 'public' ? 'public/' : ''}${name}`, bytes: 1, sha256: 'a'.repeat(64), inputs: made[edition] })),
  );
}

const checked: Checked[] = [
  { path: 'data/a.yaml', id: 'a', messages: [], review: review('a') },
  { path: 'data/b.yaml', id: 'b', messages: [warning], cached: true },
  { path: 'data/c.yaml', id: 'c', messages: [error] },
  { path: 'data/d.yaml', messages: [error] },
];
const hashes = new Map([['data/a.yaml', inputs('a')], ['data/b.yaml', inputs('b')]]);
const base: PlanInput = { checked, hashes, renderable: true, check: false, force: false };

describe('the build plan (data in, data out)', () => {
  beforeAll(() => {
    chalk.level = 0;
  });

  it('renders what has no earlier build, and refuses what has errors, with a line for each in data order', () => {
    const plan = planBuild(base);
    expect(plan.render).toEqual([
      { slot: 0, path: 'data/a.yaml', inputs: inputs('a'), review: review('a') },
      { slot: 1, path: 'data/b.yaml', inputs: inputs('b'), review: undefined },
    ]);
    expect(plan.names).toEqual(['a', 'b', 'c', 'data/d.yaml']);
    expect(plan.lines).toEqual([undefined, undefined, '✗ c  not built: 1 error, 0 warnings', '✗ data/d.yaml  not built: 1 error, 0 warnings']);
    expect(plan.messages).toEqual([[], [warning], [error], [error]]);
    expect(plan.unchanged).toBe(0);
  });

  it('skips a review whose every output of both editions is listed, made from the same inputs', () => {
    const previous = createManifest([{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }], [...entries('a'), ...entries('b')]);
    const plan = planBuild({ ...base, previous });
    expect(plan.render).toEqual([]);
    expect(plan.lines.slice(0, 2)).toEqual(['✓ a  unchanged, not rebuilt', '✓ b  unchanged, not rebuilt']);
    expect(plan.messages[1]).toEqual([warning]);
    expect(plan.unchanged).toBe(2);
    expect(planBuild({ ...base, previous, force: true }).render.map((r) => r.slot)).toEqual([0, 1]);
  });

  it('rebuilds a review when one edition was made from other inputs, or one of its files is no longer listed', () => {
    expect(isCurrent('a', inputs('a'), createManifest([], entries('a')))).toBe(true);
    expect(isCurrent('a', inputs('a'), createManifest([], entries('a', { restricted: 'a-r', public: 'older' })))).toBe(false);
    expect(isCurrent('a', inputs('a'), createManifest([], entries('a').filter((e) => e.path !== 'a/public/summary.txt')))).toBe(false);
    expect(isCurrent('a', inputs('a'), createManifest([], entries('a').map((e) => ({ ...e, edition: 'restricted' as const }))))).toBe(false);
    expect(isCurrent('a', inputs('a'), createManifest([], entries('b')))).toBe(false);
    expect(isCurrent('a', inputs('a'), undefined)).toBe(false);
  });

  it('checks only with --check, and renders nothing while the briefing config has errors', () => {
    expect(planBuild({ ...base, check: true }).lines).toEqual(['✓ a  valid', '✓ b  valid', '✗ c  not built: 1 error, 0 warnings', '✗ data/d.yaml  not built: 1 error, 0 warnings']);
    const broken = planBuild({ ...base, renderable: false });
    expect(broken.render).toEqual([]);
    expect(broken.lines.slice(0, 2)).toEqual(['✗ a  not built: the briefing config has errors', '✗ b  not built: the briefing config has errors']);
  });

  it('takes the parsed review of a cached check, and refuses one that no longer checks valid', () => {
    const plan = planBuild(base);
    expect(withParsed(plan, [{ path: 'data/b.yaml', id: 'b', messages: [warning], review: review('b') }]).render[1]!.review).toEqual(review('b'));
    const failed = withParsed(plan, [{ path: 'data/b.yaml', id: 'b', messages: [error] }]);
    expect(failed.render.map((r) => r.slot)).toEqual([0]);
    expect(failed.lines[1]).toBe('✗ b  not built: 1 error, 0 warnings');
    expect(failed.messages[1]).toEqual([error]);
    expect(plan.lines[1]).toBeUndefined();
  });
});
