import { describe, expect, it } from 'vitest';
import { parseBuildOptions } from '../scripts/lib/cli/options.js';
import { UsageError } from '../scripts/lib/diagnostics/errors.js';
import { createManifest, joinManifests, type ManifestEntry } from '../scripts/lib/build/manifest.js';
import { inShard, parseShard, shardOf } from '../scripts/lib/build/shard.js';

const entry = (review: string, edition: 'restricted' | 'public', name: string, sha = 'a'.repeat(64), inputs = `in-${edition}`): ManifestEntry => ({
  review, edition, path: `${review}/${edition === 'public' ? 'public/' : ''}${name}`, bytes: 1, sha256: sha, inputs,
});

describe('shards', () => {
  const ids = Array.from({ length: 300 }, (_, i) => `state-${i}-upr${i % 60}`);

  it('puts every review in exactly one of n shards, the same one every time', () => {
    for (const n of [1, 2, 3, 7]) {
      const owners = ids.map((id) => [1, 2, 3, 4, 5, 6, 7].slice(0, n).filter((k) => inShard(id, { index: k, count: n })));
      expect(owners.every((o) => o.length === 1)).toBe(true);
      expect(ids.map((id) => shardOf(id, n))).toEqual(ids.map((id) => shardOf(id, n)));
    }
  });

  it('spreads reviews over the shards', () => {
    const counts = [1, 2, 3].map((k) => ids.filter((id) => shardOf(id, 3) === k).length);
    expect(Math.min(...counts)).toBeGreaterThan(60);
  });

  it('reads k/n and refuses anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '3', '1/0', 'a/b', '-1/2']) expect(() => parseShard(bad)).toThrow(UsageError);
  });
});

describe('build options for batches', () => {
  it('--jobs defaults to the CPU cores and takes a positive whole number', () => {
    expect(parseBuildOptions([]).jobs).toBeGreaterThanOrEqual(1);
    expect(parseBuildOptions(['--jobs', '3']).jobs).toBe(3);
    for (const bad of ['0', '-2', '1.5', 'many']) expect(() => parseBuildOptions(['--jobs', bad])).toThrow(/--jobs/);
  });

  it('--merge-manifests takes folders; other commands take none', () => {
    expect(parseBuildOptions(['--merge-manifests', 'a', 'b']).mergeManifests).toEqual(['a', 'b']);
    expect(() => parseBuildOptions(['--merge-manifests'])).toThrow(/needs the folders/);
    expect(() => parseBuildOptions(['stray'])).toThrow(/unexpected argument "stray"/);
    expect(parseBuildOptions(['--force', '--shard', '1/2'])).toMatchObject({ force: true, shard: { index: 1, count: 2 } });
  });
});

describe('merged manifests', () => {
  const both = [entry('kz', 'restricted', 'briefing.pdf'), entry('kz', 'public', 'briefing.pdf')];

  it('joins shard manifests into the sorted whole, and reports a path listed with different bytes', () => {
    const one = createManifest([{ id: 'kz', title: 'K' }], both);
    const two = createManifest([{ id: 'am', title: 'A' }], [entry('am', 'restricted', 'claims.csv')]);
    expect(joinManifests([one, two])).toEqual({ manifest: createManifest([...one.reviews, ...two.reviews], [...both, ...two.artefacts]), conflicts: [] });
    const clash = createManifest([{ id: 'kz', title: 'K' }], [entry('kz', 'restricted', 'briefing.pdf', 'b'.repeat(64))]);
    expect(joinManifests([one, clash]).conflicts).toEqual(['kz/briefing.pdf']);
  });
});
