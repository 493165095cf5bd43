import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { chmod, mkdir, open, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFiles } from '../scripts/lib/io/files.js';
import { LIMITS } from '../scripts/lib/source/limits.js';
import { runInProcess } from './helpers/cases.js';
import { SAMPLE, finished, nobodyUser, spawnBuild, tempDir } from './helpers/project.js';

const shown = (path: string) => relative(process.cwd(), path);

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

  it('follows links to files and folders (a folder reached twice is read once), and refuses a dangling link, a named pipe and a socket with a message, never opening them', async () => {
    const dir = await tempDir();
    const elsewhere = join(dir, 'elsewhere');
    const data = join(dir, 'data');
    await mkdir(join(elsewhere, 'more'), { recursive: true });
    await mkdir(data);
    await writeFile(join(elsewhere, 'linked.yaml'), 'id: linked\n');
    await writeFile(join(elsewhere, 'more', 'deep.yaml'), 'id: deep\n');
    await writeFile(join(data, 'plain.yaml'), 'id: plain\n');
    await symlink(join(elsewhere, 'linked.yaml'), join(data, 'link.yaml'));
    await symlink(join(elsewhere, 'more'), join(data, 'more'));
    await symlink(data, join(data, 'loop'));
    await symlink(join(dir, 'nothing.yaml'), join(data, 'dangling.yaml'));
    execFileSync('mkfifo', [join(data, 'pipe.yaml')]);
    const server = createServer().listen(join(data, 'socket.json'));
    await once(server, 'listening');
    try {
      const files = await readDataFiles(data);
      const text = (f: (typeof files)[number]) => new TextDecoder().decode(f.bytes);
      expect(files.map((f) => [f.path, f.refused ? f.refused.reason : text(f)])).toEqual([
        [shown(join(data, 'dangling.yaml')), `this is a link to ${join(dir, 'nothing.yaml')}, which does not exist; fix the link or remove it`],
        [shown(join(data, 'link.yaml')), 'id: linked\n'],
        [shown(join(data, 'more', 'deep.yaml')), 'id: deep\n'],
        [shown(join(data, 'pipe.yaml')), 'this is a named pipe (FIFO), not a file; a review must be a regular file, so nothing was read from it'],
        [shown(join(data, 'plain.yaml')), 'id: plain\n'],
        [shown(join(data, 'socket.json')), 'this is a socket, not a file; a review must be a regular file, so nothing was read from it'],
      ]);
      expect(files.flatMap((f) => (f.refused ? [[f.refused.ruleId, f.refused.line, f.refused.column]] : []))).toEqual(Array(3).fill(['read-error', 1, 1]));
    } finally {
      server.close();
    }
  });

  it('a named pipe given as --data is refused at once with a read-error and exit 1; the build does not wait on it', async () => {
    const dir = await tempDir();
    const pipe = join(dir, 'review.yaml');
    execFileSync('mkfifo', [pipe]);
    const result = await runInProcess(['--data', pipe, '--out', join(dir, 'out')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ ${shown(pipe)}  not built: 1 error, 0 warnings`);
    expect(result.stderr).toContain(`${shown(pipe)}:1:1  error  this is a named pipe (FIFO), not a file; a review must be a regular file, so nothing was read from it  read-error`);
  });

  const root = process.getuid?.() === 0;
  const nobody = nobodyUser();
  it.skipIf(root && !nobody)('a data file that cannot be read is a read-error with its path and exit 1, and the other reviews build (as root, the build runs as nobody)', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o755);
    const data = join(dir, 'data');
    await mkdir(data);
    await writeFile(join(data, 'kz-upr48.yaml'), await readFile(SAMPLE));
    await writeFile(join(data, 'secret.yaml'), 'id: secret\n');
    await chmod(join(data, 'secret.yaml'), 0o000);
    await chmod(data, 0o755);
    const out = join(dir, 'out');
    await mkdir(out);
    await chmod(out, 0o777);
    const result = await finished(spawnBuild(['--data', data, '--out', out], { ...(root ? nobody : {}), env: { HOME: dir } }));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^✓ kz-upr48 {2}/m);
    expect(result.stdout).toMatch(/^✗ \S*data\/secret\.yaml {2}not built: 1 error, 0 warnings$/m);
    expect(result.stderr).toMatch(/^\S*data\/secret\.yaml:1:1 {2}error {2}the file cannot be read \(EACCES\); check that you may read it {2}read-error$/m);
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  });
});
