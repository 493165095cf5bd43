import { createWriteStream } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { run as build } from '../../scripts/build.js';
import { run as distribute } from '../../scripts/distribute.js';
import { runScript, tempDir } from './project.js';
import { capture } from './capture.js';

export const CASES = new URL('../cases', import.meta.url).pathname;

/** case.json: how a case runs. `mode` is required. */
export interface CaseSpec {
  /** check: `--check`, validation only, nothing written; build: a full build into out/ */
  mode: 'check' | 'build';
  /** extra command-line options, such as ["--strict"] */
  args?: string[];
  /** run the real `tsx scripts/build.ts` process instead of the same code in-process */
  cli?: boolean;
  /** "under-file": the output folder lies under a regular file, so it cannot be created (our stand-in for read-only as root) */
  out?: 'under-file';
  /** after the build, `npm run distribute -- --dry-run` with the case's stakeholders.yaml */
  distribute?: boolean;
}

/** generate.json: files written at test time instead of committed: head, then `repeat` `count` times ({i} counts from 1), then tail. */
type Generated = Record<string, { head?: string; repeat: string; count: number; tail?: string }>;

export async function caseNames(): Promise<string[]> {
  return (await readdir(CASES, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

export async function caseSpec(name: string): Promise<CaseSpec> {
  const spec = JSON.parse(await readFile(join(CASES, name, 'case.json'), 'utf8')) as CaseSpec;
  if (spec.mode !== 'check' && spec.mode !== 'build') throw new Error(`${name}/case.json: "mode" must be "check" or "build"`);
  if (spec.distribute && spec.mode !== 'build') throw new Error(`${name}/case.json: "distribute" needs "mode": "build"`);
  return spec;
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

/** Copies a case file or folder, putting the test server's port where a file says @PORT@ (bytes kept as they are). */
async function copyData(from: string, to: string, port: number): Promise<void> {
  await cp(from, to, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  const entries = await readdir(to, { recursive: true, withFileTypes: true }).catch(() => []);
  const paths = entries.length > 0 ? entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [to];
  for (const path of paths) {
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes?.includes('@PORT@')) await writeFile(path, Buffer.from(bytes.toString('latin1').replaceAll('@PORT@', String(port)), 'latin1'));
  }
}

async function listOutputs(out: string): Promise<string> {
  const entries = await readdir(out, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => !e.isDirectory()).map((e) => relative(out, join(e.parentPath, e.name))).sort();
  return files.length > 0 ? files.join(' ') : '(nothing)';
}

/** Runs the build command in-process, capturing what it prints. */
export const runInProcess = (args: string[]) => capture(() => build(args));

export interface CaseResult {
  /** what expected.txt holds */
  report: string;
  /** the raw output, for checks that no stack trace escaped */
  raw: string;
  out: string;
}

/**
 * Runs one case as a user would: its data/ (plus generated files) in a fresh folder, checked or built with
 * `--data data --out out`, then distributed when the case says so. The report is what each command printed
 * (stdout, then stderr) with its exit code, and the files left in out/.
 */
export async function runCase(name: string, port = 0): Promise<CaseResult> {
  const dir = join(CASES, name);
  const spec = await caseSpec(name);
  const root = await tempDir('upr-case-');
  await copyData(join(dir, 'data'), join(root, 'data'), port);
  await generate(root, JSON.parse(await readFile(join(dir, 'generate.json'), 'utf8').catch(() => '{}')) as Generated);
  let out = join(root, 'out');
  if (spec.out === 'under-file') {
    await writeFile(join(root, 'blocker'), 'a file, not a folder\n');
    out = join(root, 'blocker', 'out');
  }
  const args = ['--data', join(root, 'data'), '--out', out, ...(spec.mode === 'check' ? ['--check'] : []), ...(spec.args ?? [])];
  const results = [
    spec.cli ? await runScript('build.ts', args.map((a) => (a.startsWith(root) ? relative(root, a) : a)), { cwd: root }) : await runInProcess(args),
  ];
  if (spec.distribute) {
    await copyData(join(dir, 'stakeholders.yaml'), join(root, 'stakeholders.yaml'), port);
    const options = ['--out', out, '--stakeholders', join(root, 'stakeholders.yaml'), '--ledger', join(root, 'ledger.jsonl'), '--dry-run'];
    results.push(await capture(() => distribute(options)));
  }
  const shown = relative(process.cwd(), root);
  const clean = (text: string) =>
    text.replace(/\x1b\[[0-9;]*m/g, '').replaceAll(`${shown}/`, '').replaceAll(`${root}/`, '').replaceAll(String(port || '@PORT@'), '@PORT@').trim();
  const printed = results.flatMap((r) => [clean(r.stdout), clean(r.stderr), `exit ${r.code}`]);
  const report = [...printed, `out: ${await listOutputs(join(root, 'out'))}`].filter((s) => s !== '').join('\n');
  return { report: `${report}\n`, raw: results.map((r) => `${r.stdout}\n${r.stderr}`).join('\n'), out: join(root, 'out') };
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
