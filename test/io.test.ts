import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFiles } from '../scripts/lib/io/files.js';
import { LIMITS } from '../scripts/lib/source/limits.js';
import { tempDir } from './helpers/project.js';

describe('reading data files', () => {
  it('reads no more than the size limit of a huge file, and knows its full size', async () => {
    const dir = await tempDir();
    const path = join(dir, 'huge.yaml');
    const handle = await open(path, 'w');
    await handle.truncate(512 * 1024 * 1024);
    await handle.close();
    await writeFile(join(dir, 'small.yaml'), 'id: x\n');
    const [huge, small] = await readDataFiles(dir);
    expect(huge!.bytes.length).toBe(LIMITS.fileBytes + 1);
    expect(huge!.size).toBe(512 * 1024 * 1024);
    expect(small!.bytes.length).toBe(6);
  });
});
