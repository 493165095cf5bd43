import { readFileSync } from 'node:fs';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../scripts/lib/build/manifest.js';
import { parseStamps, renderStamps, SETTLED_MS, stampedHasher } from '../scripts/lib/io/stamps.js';
import { runInProcess } from './helpers/cases.js';
import { ROOT, tempDir } from './helpers/project.js';

async function settledFile(content: string): Promise<string> {
  const path = join(await tempDir(), 'file.pdf');
  await writeFile(path, content);
  await sleep(SETTLED_MS + 50);
  return path;
}

describe('file stamps', () => {
  it('vouches for a settled file whose stat is unchanged, without reading it, and survives a round trip through its JSON', async () => {
    const path = await settledFile('first');
    const first = stampedHasher({});
    expect(await first.hash(path)).toBe(sha256Hex('first'));
    const record = parseStamps(renderStamps(first.record()!));
    // a stamp that lies about the bytes is believed as long as the stat matches: proof that the file was not read
    const key = Object.keys(record)[0]!;
    const second = stampedHasher({ ...record, [key]: { ...record[key]!, sha256: 'f'.repeat(64) } });
    expect(await second.hash(path)).toBe('f'.repeat(64));
    expect(second.record()).toBeUndefined();
  });

  it('reads a file again once it was written, even with the same size', async () => {
    const path = await settledFile('first');
    const hasher = stampedHasher({});
    await hasher.hash(path);
    const record = hasher.record()!;
    await writeFile(path, 'other');
    expect(await stampedHasher(record).hash(path)).toBe(sha256Hex('other'));
  });

  it('keeps no stamp of a file touched just now (a write in the same clock tick would not show in its times), and forgets one whose file is gone', async () => {
    const dir = await tempDir();
    const path = join(dir, 'fresh.csv');
    await writeFile(path, 'fresh');
    const hasher = stampedHasher({});
    expect(await hasher.hash(path)).toBe(sha256Hex('fresh'));
    expect(hasher.record()).toBeUndefined();
    const old = await settledFile('old');
    const keeper = stampedHasher({});
    await keeper.hash(old);
    const record = keeper.record()!;
    await writeFile(old, 'x');
    await rm(old);
    const after = stampedHasher(record);
    expect(await after.hash(old)).toBeUndefined();
    expect(after.record()).toEqual({});
  });

  it('counts a record that is not one as empty', () => {
    expect(parseStamps('{"version":1,"files":{"/x":{"size":"1"}}}')).toEqual({});
    expect(parseStamps('not json')).toEqual({});
    expect(parseStamps(undefined)).toEqual({});
  });
});


describe('a build whose checks are cached', { timeout: 240_000 }, () => {
  it('renders a --force rebuild from the validated review kept beside the check, not from the file, with the same bytes as a build that parsed it', async () => {
    const dir = await tempDir();
    const data = join(dir, 'reviews');
    await cp(join(ROOT, 'data', 'reviews'), data, { recursive: true });
    const [fresh, cached] = [join(dir, 'fresh'), join(dir, 'cached')];
    expect((await runInProcess(['--data', data, '--out', fresh, '--jobs', '1'])).code).toBe(0);
    expect((await runInProcess(['--data', data, '--out', cached, '--jobs', '1'])).code).toBe(0);
    const kept = await readdir(join(cached, '.cache', 'reviews'));
    expect(kept).toHaveLength((await readdir(data)).filter((name) => name.endsWith('.yaml')).length);
    expect((await runInProcess(['--data', data, '--out', cached, '--jobs', '1', '--force'])).code).toBe(0);
    expect(await readFile(join(cached, 'SHA256SUMS'), 'utf8')).toBe(await readFile(join(fresh, 'SHA256SUMS'), 'utf8'));

    // a kept review that says something else than its file shows: the file was not parsed again
    const path = join(cached, '.cache', 'reviews', kept.find((name) => readFileSync(join(cached, '.cache', 'reviews', name), 'utf8').includes('"id":"kz-upr48"'))!);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"title":"Kazakhstan', '"title":"Kept Kazakhstan'));
    expect((await runInProcess(['--data', data, '--out', cached, '--jobs', '1', '--force', '--only', 'kz-upr48'])).code).toBe(0);
    expect(await readFile(join(cached, 'kz-upr48', 'summary.txt'), 'utf8')).toContain('Kept Kazakhstan');
  });
});
