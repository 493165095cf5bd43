import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rename, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyText, openPdf } from './helpers/pdf.js';
import { ROOT, tempDir } from './helpers/project.js';
import { REHEARSAL_MS } from '../scripts/lib/cli/watch.js';

/** A watching build of its own (`npm run build -- --watch`, from dist/ as a user runs it). */
interface Watching {
  child: ChildProcess;
  /** what it printed on stdout and stderr, in order */
  output(): string;
  /** resolves once the watch has printed its line after its `n`th build */
  built(n: number): Promise<string>;
  /** resolves once what it printed matches `pattern` */
  until(pattern: RegExp): Promise<string>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const DONE = /watching for changes \(Ctrl-C stops\)/g;

async function project(reviews: string[]): Promise<{ root: string; data: string; out: string }> {
  const root = await tempDir('upr-watch-');
  const data = join(root, 'reviews');
  await cp(join(ROOT, 'data', 'reviews'), data, { recursive: true, filter: (src) => !src.endsWith('.yaml') || reviews.some((r) => src.endsWith(r)) });
  return { root, data, out: join(root, 'out') };
}

function startWatch(dirs: { data: string; out: string }, args: string[] = [], root = ROOT): Watching {
  const child = spawn(process.execPath, [join(root, 'scripts', 'run.mjs'), 'build', '--watch', '--data', dirs.data, '--out', dirs.out, ...args], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const until = (done: () => boolean) => new Promise<string>((resolve, reject) => {
    const check = () => {
      if (done()) return resolve(text);
      if (child.exitCode !== null) return reject(new Error(`the watch exited with ${child.exitCode}:\n${text}`));
      waiters.push(check);
    };
    child.once('exit', () => waiters.splice(0).forEach((w) => w()));
    check();
  });
  const built = (n: number) => until(() => (text.match(DONE) ?? []).length >= n);
  return { child, output: () => text, built, until: (pattern: RegExp) => until(() => pattern.test(text)) };
}

/** Saves as vim and most editors do: the new text into another file, renamed over the old one. */
async function save(path: string, text: string): Promise<void> {
  await writeFile(`${path}.swp`, text);
  await rename(`${path}.swp`, path);
}

async function stop(watching: Watching): Promise<number | null> {
  watching.child.kill('SIGINT');
  const [code] = (await once(watching.child, 'exit')) as [number | null];
  return code;
}

/** Files that a build leaves only while it writes: staged folders, temporary files, locks. */
async function leftovers(out: string): Promise<string[]> {
  const entries = await readdir(out, { recursive: true });
  return entries.filter((path) => /\.(tmp|new|old|lock)$|\.lock\b/.test(path));
}

/** Every file under `dir` with its bytes' digest and its modification time; locks, which are renewed while held, left out. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.endsWith('.lock')).map((e) => join(e.parentPath, e.name));
  return Object.fromEntries(await Promise.all(files.map(async (path) => [path, `${createHash('sha256').update(await readFile(path)).digest('hex')} ${(await stat(path)).mtimeMs}`] as const)));
}

const TITLE = 'title: Kazakhstan at the 48th session of the Universal Periodic Review';

describe('a watching build', { timeout: 240_000 }, () => {
  it('renders again while it waits without writing or printing anything, rebuilds an edited review (saved by rename) at the same path and prints its line; Ctrl-C ends it with every lock released and nothing half written left', async () => {
    const dirs = await project(['kz-upr48.yaml']);
    const watching = startWatch(dirs, ['--jobs', '1']);
    await watching.built(1);
    const pdf = join(dirs.out, 'kz-upr48', 'briefing.pdf');
    const before = await readFile(pdf);
    expect(await readdir(dirs.out)).toContain('.watch.lock');
    // while it waits it renders the review again to warm its code (REHEARSAL_MS in all), in memory only
    const [tree, printed] = [await snapshot(dirs.out), watching.output()];
    await new Promise((resolve) => setTimeout(resolve, REHEARSAL_MS + 1000));
    expect(await snapshot(dirs.out)).toEqual(tree);
    expect(watching.output()).toBe(printed);

    const review = join(dirs.data, 'kz-upr48.yaml');
    await save(review, (await readFile(review, 'utf8')).replace(TITLE, `${TITLE}, edited while watching`));
    const text = (await watching.built(2)).split(/changed, building\n/)[1]!;
    expect(text).toMatch(/^✓ kz-upr48 {2}.*kz-upr48\/briefing\.pdf/m);
    expect(text).not.toContain('cz-upr14');
    const after = await readFile(pdf);
    expect(Buffer.compare(before, after)).not.toBe(0);
    expect(await bodyText(await openPdf(new Uint8Array(after)))).toContain('edited while watching');

    expect(await stop(watching)).toBe(0);
    expect(await leftovers(dirs.out)).toEqual([]);
    expect((await readdir(dirs.data)).sort()).toEqual(['kz-upr48.yaml']);
  });

  it('shows a syntax error in the file being edited with its place, keeps the last good PDF, and builds again once the file is fixed', async () => {
    const dirs = await project(['kz-upr48.yaml']);
    const watching = startWatch(dirs, ['--jobs', '1']);
    await watching.built(1);
    const pdf = join(dirs.out, 'kz-upr48', 'briefing.pdf');
    const good = await readFile(pdf);
    const review = join(dirs.data, 'kz-upr48.yaml');
    const text = await readFile(review, 'utf8');

    await save(review, text.replace(TITLE, `${TITLE}\n  : [unclosed`));
    await watching.built(2);
    // the messages go to stderr, which may come in after stdout's line
    const broken = (await watching.until(/kz-upr48\.yaml:\d+:\d+/)).split(/changed, building\n/)[1]!;
    expect(broken).toMatch(/✗ .*kz-upr48\.yaml {2}not built: 1 error/);
    expect(broken).toContain('with errors; watching for changes');
    expect(Buffer.compare(await readFile(pdf), good)).toBe(0);

    await save(review, text.replace(TITLE, `${TITLE}, fixed`));
    const fixed = (await watching.built(3)).split(/changed, building\n/)[2]!;
    expect(fixed).toMatch(/^✓ kz-upr48 {2}.*briefing\.pdf/m);
    expect(fixed).not.toContain('error');
    expect(await bodyText(await openPdf(new Uint8Array(await readFile(pdf))))).toContain('fixed');
    expect(await stop(watching)).toBe(0);
    expect(await leftovers(dirs.out)).toEqual([]);
  });

  it('rebuilds every review in the main thread and its worker thread when a template changes, and refuses a second watch of the same folder', async () => {
    const dirs = await project(['kz-upr48.yaml', 'cz-upr14.yaml']);
    const copy = await projectCopy(join(dirs.root, 'project'));
    const watching = startWatch(dirs, [], copy);
    const first = await watching.built(1);
    expect(first).toMatch(/2 reviews rendered in 2 threads at once/);

    const second = await finishedRun(spawn(process.execPath, [join(copy, 'scripts', 'run.mjs'), 'build', '--watch', '--data', dirs.data, '--out', dirs.out], { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another watching build is building into .*out \(it holds .*\.watch\.lock\)/);

    const summary = join(copy, 'templates', 'summary.txt.hbs');
    await save(summary, `Watched template\n${await readFile(summary, 'utf8')}`);
    const rebuilt = (await watching.built(2)).split(/changed, building\n/)[1]!;
    expect(rebuilt).toMatch(/^✓ cz-upr14 {2}.*summary\.txt/m);
    expect(rebuilt).toMatch(/^✓ kz-upr48 {2}.*summary\.txt/m);
    expect(rebuilt).toMatch(/2 reviews rendered in 2 threads at once/);
    for (const id of ['cz-upr14', 'kz-upr48']) expect(await readFile(join(dirs.out, id, 'summary.txt'), 'utf8')).toMatch(/^Watched template\n/);
    expect(await stop(watching)).toBe(0);
    expect(await leftovers(dirs.out)).toEqual([]);
  });
});

/** The project's scripts, compiled bundles (with their times, so they are not compiled again), templates and package.json, with its node_modules linked: a project whose templates a test may edit. */
async function projectCopy(dir: string): Promise<string> {
  for (const part of ['scripts', 'dist', 'templates', 'package.json']) await cp(join(ROOT, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

async function finishedRun(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stderr };
}
