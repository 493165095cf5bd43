import { createWriteStream } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { run } from '../../scripts/build.js';
import { runScript, tempDir } from './project.js';
import { capture } from './capture.js';

export const BAD_INPUTS = new URL('../bad-inputs', import.meta.url).pathname;

/** case.json: how a case runs. Every field is optional. */
export interface CaseSpec {
  /** extra command-line options, such as ["--strict"] */
  args?: string[];
  /** run the real `tsx scripts/build.ts` process instead of the same code in-process */
  cli?: boolean;
  /** "under-file": the output folder lies under a regular file, so it cannot be created (our stand-in for read-only as root) */
  out?: 'under-file';
}

/** generate.json: files written at test time instead of committed: head, then `repeat` `count` times ({i} counts from 1), then tail. */
type Generated = Record<string, { head?: string; repeat: string; count: number; tail?: string }>;

export async function badInputCases(): Promise<string[]> {
  return (await readdir(BAD_INPUTS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function readJsonIfAny<T>(path: string, fallback: T): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8').catch(() => JSON.stringify(fallback))) as T;
}

async function generate(root: string, spec: Generated): Promise<void> {
  for (const [path, { head = '', repeat, count, tail = '' }] of Object.entries(spec)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    const out = createWriteStream(join(root, path));
    out.write(head);
    for (let i = 1; i <= count; i++) if (!out.write(repeat.replaceAll('{i}', String(i)))) await once(out, 'drain');
    out.end(tail);
    await once(out, 'finish');
  }
}

/** Copies the case's data, putting the test server's port where a file says @PORT@ (bytes kept as they are). */
async function copyData(from: string, to: string, port: number): Promise<void> {
  await cp(from, to, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  for (const entry of await readdir(to, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path);
    if (bytes.includes('@PORT@')) await writeFile(path, Buffer.from(bytes.toString('latin1').replaceAll('@PORT@', String(port)), 'latin1'));
  }
}

async function listOutputs(out: string): Promise<string> {
  const entries = await readdir(out, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => !e.isDirectory()).map((e) => relative(out, join(e.parentPath, e.name))).sort();
  return files.length > 0 ? files.join(' ') : '(nothing)';
}

/** Runs the build command in-process, capturing what it prints. */
export const runInProcess = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => capture(() => run(args));

export interface CaseResult {
  /** what expected.txt holds */
  report: string;
  /** the raw output, for checks that no stack trace escaped */
  raw: string;
  out: string;
}

/**
 * Runs one case as a user would: its data/ (plus generated files) in a fresh folder, built with
 * `--data data --out out`. The report is stdout, stderr, the exit code and the files left in out/.
 */
export async function runBadInput(name: string, port = 0): Promise<CaseResult> {
  const dir = join(BAD_INPUTS, name);
  const spec = await readJsonIfAny<CaseSpec>(join(dir, 'case.json'), {});
  const root = await tempDir('upr-bad-');
  await copyData(join(dir, 'data'), join(root, 'data'), port);
  await generate(root, await readJsonIfAny<Generated>(join(dir, 'generate.json'), {}));
  let out = join(root, 'out');
  if (spec.out === 'under-file') {
    await writeFile(join(root, 'blocker'), 'a file, not a folder\n');
    out = join(root, 'blocker', 'out');
  }
  const args = ['--data', join(root, 'data'), '--out', out, ...(spec.args ?? [])];
  const result = spec.cli
    ? await runScript('build.ts', args.map((a) => (a.startsWith(root) ? relative(root, a) : a)), { cwd: root })
    : await runInProcess(args);
  const raw = `${result.stdout}\n${result.stderr}`;
  const shown = relative(process.cwd(), root);
  const clean = (text: string) =>
    text.replace(/\x1b\[[0-9;]*m/g, '').replaceAll(`${shown}/`, '').replaceAll(`${root}/`, '').replaceAll(String(port || '@PORT@'), '@PORT@').trim();
  const report = [clean(result.stdout), clean(result.stderr), `exit ${result.code}`, `out: ${await listOutputs(join(root, 'out'))}`].filter((s) => s !== '').join('\n');
  return { report: `${report}\n`, raw, out: join(root, 'out') };
}

export interface Listener {
  port: number;
  /** connections accepted so far */
  connections(): number;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that counts the connections it gets: a build must never make one. */
export async function listen(): Promise<Listener> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
