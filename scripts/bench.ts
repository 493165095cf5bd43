#!/usr/bin/env -S npx tsx
/**
 * `npm run bench`: whole processes, as a user or a CI job runs them. Case p (the default) sets the project
 * beside its peers on the same work: pdfkit alone, Typst and headless Chromium (see bench-peers.ts), each
 * figure also a ratio. Cases a, b, c are the project's own (sample, the 63 states, generated sizes). Each runs
 * once to warm up, then `--runs` times (default 3; the 63 with the peers `--batch-runs`, default 1); the
 * tables show the medians of wall time, CPU time (user + system, every process and thread) and peak RSS (GNU
 * time's %M, which covers worker threads). Writes out/bench.json. Not a test: nothing here asserts a time.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { syntheticReview } from './lib/review/synthetic.js';
import { onPath } from './lib/io/which.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED_CSV = join(ROOT, '..', 'shared', 'upr-info', 'upr-info-sessions-6-9.csv');
const BUILD = ['node', join(ROOT, 'scripts', 'run.mjs'), 'build'];
const SIZES = [500, 1000, 2000, 5000];
/** Recommendations came with the importer (issue 4); without it the data format has none to generate. */
const WITH_RECOMMENDATIONS = existsSync(join(ROOT, 'scripts', 'import.ts'));

interface Sample {
  seconds: number;
  /** user + system CPU seconds of the process and every process it waited for (GNU time's %U + %S) */
  cpu: number;
  rssMb: number;
  /** what the process printed */
  stdout: string;
  /** 3: the process said the engine cannot run here (bench-peers.ts) */
  skipped?: boolean;
}

interface Row {
  case: string;
  command: string;
  seconds: number;
  cpu: number;
  rssMb: number;
  runs: number;
  note?: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One whole process under GNU time: wall seconds, CPU seconds and peak RSS of the process (and of any it waited for). */
function measure(command: string[], cwd: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile('/usr/bin/time', ['-f', 'TIME %U %S %M', ...command], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      const [, user, system, kb] = /TIME (\S+) (\S+) (\d+)\s*$/.exec(stderr) ?? [];
      const code = (error as { code?: unknown } | null)?.code;
      if (error && code !== 1 && code !== 3) return reject(new Error(`${command.join(' ')} failed:\n${stderr}`));
      resolve({ seconds, cpu: Number(user) + Number(system), rssMb: Number(kb) / 1024, stdout, skipped: code === 3 });
    });
  });
}

/** Several processes started together: wall time until the last one ends, and the sums of their CPU time and peak RSS. */
async function measureTogether(commands: string[][], cwd: string): Promise<Sample> {
  const started = performance.now();
  const samples = await Promise.all(commands.map((command) => measure(command, cwd)));
  const sum = (key: 'cpu' | 'rssMb') => samples.reduce((total, s) => total + s[key], 0);
  return { seconds: (performance.now() - started) / 1000, cpu: sum('cpu'), rssMb: sum('rssMb'), stdout: samples.map((s) => s.stdout).join(''), skipped: samples.some((s) => s.skipped) };
}

/** A warm-up run, then `runs` measured runs; `before` runs untimed before each (to empty an output folder, say). */
async function bench(name: string, command: string[] | string[][], runs: number, before?: () => Promise<void>, note?: string): Promise<Row> {
  const commands = (Array.isArray(command[0]) ? command : [command]) as string[][];
  const samples: Sample[] = [];
  for (let i = 0; i <= runs; i++) {
    await before?.();
    const sample = await measureTogether(commands, ROOT);
    if (i > 0) samples.push(sample);
    process.stderr.write(`  ${name}: run ${i === 0 ? 'warm-up' : i} ${sample.seconds.toFixed(2)} s, ${sample.cpu.toFixed(2)} s CPU\n`);
  }
  const shown = commands.map((c) => c.join(' ').replaceAll(ROOT, '')).join(' & ');
  return { case: name, command: shown, seconds: median(samples.map((s) => s.seconds)), cpu: median(samples.map((s) => s.cpu)), rssMb: median(samples.map((s) => s.rssMb)), runs, note };
}

const emptied = (dir: string) => () => rm(dir, { recursive: true, force: true });

async function sampleCases(work: string, runs: number): Promise<Row[]> {
  const out = join(work, 'a');
  return [
    await bench('(a) sample briefing: npm run build', ['npm', 'run', '--silent', 'build', '--', '--out', out], runs, emptied(out)),
    await bench('(a) sample briefing: node scripts/run.mjs build', [...BUILD, '--out', out], runs, emptied(out)),
    await bench('(a) sample, nothing changed', [...BUILD, '--out', out], runs),
  ];
}

async function sharedCases(work: string, runs: number): Promise<Row[]> {
  if (!existsSync(SHARED_CSV)) {
    console.log(`(b), (d) skipped: ${SHARED_CSV} is absent (put the shared data beside the checkout to run them)`);
    return [];
  }
  if (!existsSync(join(ROOT, 'scripts', 'import.ts'))) {
    console.log('(b), (d) skipped: this checkout has no importer (scripts/import.ts)');
    return [];
  }
  const data = join(work, 'upr-info');
  const out = join(work, 'b');
  const rows = [await bench('(b) import 63 states', ['node', join(ROOT, 'scripts', 'run.mjs'), 'import', 'upr-info', SHARED_CSV, '--all', '--out', data], runs, emptied(data))];
  rows.push(await bench('(b) build 63 briefings, 1 worker', [...BUILD, '--data', data, '--out', out, '--jobs', '1'], runs, emptied(out)));
  rows.push(await bench('(b) build 63 briefings, 2 workers', [...BUILD, '--data', data, '--out', out, '--jobs', '2'], runs, emptied(out)));
  const shards = [1, 2].map((k) => [...BUILD, '--data', data, '--out', join(work, `b-shard-${k}`), '--jobs', '1', '--shard', `${k}/2`]);
  const emptyShards = async () => {
    await Promise.all([1, 2].map((k) => emptied(join(work, `b-shard-${k}`))()));
  };
  const ceiling = 'two processes at once: what this machine gives 2 workers';
  rows.push(await bench('(b) build 63 briefings, 2 processes (--shard 1/2, 2/2)', shards, runs, emptyShards, ceiling));
  rows.push(await bench('(d) rebuild of the 63, nothing changed', [...BUILD, '--data', data, '--out', out], runs));
  return rows;
}

async function scaleCases(work: string, runs: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const size of SIZES) {
    const file = join(work, `synthetic-${size}.yaml`);
    await writeFile(file, syntheticReview(`synthetic-${size}`, size, WITH_RECOMMENDATIONS ? size : 0));
    const out = join(work, `c-${size}`);
    rows.push(await bench(`(c) ${size} claims${WITH_RECOMMENDATIONS ? ` + ${size} recommendations` : ''}`, [...BUILD, '--data', file, '--out', out, '--jobs', '1'], runs, emptied(out)));
  }
  const perClaim = (row: Row, size: number) => row.seconds / size;
  const base = perClaim(rows[0]!, SIZES[0]!);
  rows.forEach((row, i) => (row.note = `${(perClaim(row, SIZES[i]!) * 1000).toFixed(2)} ms per claim, ${(perClaim(row, SIZES[i]!) / base).toFixed(2)}× that at ${SIZES[0]}`));
  return rows;
}

const PEERS = ['pdfkit', 'typst', 'chromium'] as const;
type Engine = 'project' | (typeof PEERS)[number];
const ENGINE_NAMES: Record<Engine, string> = { project: 'this project', pdfkit: 'pdfkit alone (floor)', typst: 'Typst', chromium: 'headless Chromium' };
const PEER_SCRIPT = ['node', join(ROOT, 'scripts', 'run.mjs'), 'bench-peers'];
const ONE = join(ROOT, 'data', 'reviews', 'kz-upr48.yaml');

/** One work item done by each engine: a figure per engine, or why it was not run. */
interface PeerRow {
  work: string;
  note?: string;
  figures: Partial<Record<Engine, { seconds: number; cpu: number } | string>>;
}

/** The medians of `runs` runs after a warm-up; the line saying why when the engine cannot run here. */
async function peerFigure(name: string, commands: string[][], runs: number, before?: () => Promise<void>, warmUp = true): Promise<{ seconds: number; cpu: number } | string> {
  const samples: Sample[] = [];
  for (let i = warmUp ? 0 : 1; i <= runs; i++) {
    await before?.();
    const sample = await measureTogether(commands, ROOT);
    if (sample.skipped) return sample.stdout.trim().split('\n')[0]!;
    if (i > 0) samples.push(sample);
    process.stderr.write(`  ${name}: run ${i === 0 ? 'warm-up' : i} ${sample.seconds.toFixed(2)} s, ${sample.cpu.toFixed(2)} s CPU\n`);
  }
  return { seconds: median(samples.map((s) => s.seconds)), cpu: median(samples.map((s) => s.cpu)) };
}

/** A warm process's own medians (bench-peers.ts prints them as JSON), taken once: the process repeats the work itself. */
async function warmFigure(command: string[]): Promise<{ seconds: number; cpu: number } | string> {
  const sample = await measure(command, ROOT);
  if (sample.skipped) return sample.stdout.trim().split('\n')[0]!;
  const { wallMs, cpuMs } = JSON.parse(sample.stdout.trim().split('\n').at(-1)!) as { wallMs: number; cpuMs: number };
  process.stderr.write(`  warm ${command.slice(3, 5).join(' ')}: ${wallMs.toFixed(0)} ms, ${cpuMs.toFixed(0)} ms CPU\n`);
  return { seconds: wallMs / 1000, cpu: cpuMs / 1000 };
}

/**
 * The peers, on the same work in the same run: one briefing (the Kazakhstan sample) cold and warm, the 63
 * states of sessions 6–9 with 1 and 2 workers, and the rebuild with nothing changed. Every peer is given each
 * briefing as the project lays it out (bench-peers.ts prepare), so each sets the same text in the same faces.
 */
async function peerCases(work: string, runs: number, batchRuns: number): Promise<PeerRow[]> {
  const docs = join(work, 'peers-one.json');
  await measure([...PEER_SCRIPT, 'prepare', ONE, docs], ROOT);
  const out = (engine: string) => join(work, `peer-${engine}`);
  const rows: PeerRow[] = [];
  const cold: PeerRow = { work: 'one briefing, cold (whole process)', figures: {} };
  cold.figures.project = await peerFigure('cold: this project', [[...BUILD, '--data', ONE, '--out', out('project')]], runs, emptied(out('project')));
  for (const peer of PEERS) cold.figures[peer] = await peerFigure(`cold: ${peer}`, [[...PEER_SCRIPT, 'run', peer, docs, out(peer)]], runs, emptied(out(peer)));
  rows.push(cold);
  const warm: PeerRow = { work: 'one briefing, warm process', figures: {} };
  warm.figures.project = await warmFigure([...PEER_SCRIPT, 'project', ONE, '--warm', String(Math.max(runs, 5))]);
  warm.figures.pdfkit = await warmFigure([...PEER_SCRIPT, 'run', 'pdfkit', docs, out('pdfkit'), '--warm', String(Math.max(runs, 5))]);
  warm.figures.typst = await warmFigure([...PEER_SCRIPT, 'run', 'typst', docs, out('typst'), '--warm', String(Math.max(runs, 5))]);
  if (typeof warm.figures.typst === 'object') warm.note = 'Typst keeps what it laid out of an unchanged source (comemo), so its warm figure is a recompile of the same text';
  warm.figures.chromium = onPath('chromium')
    ? 'not measured: a persistent browser needs a DevTools driver, which is no dependency of ours (each page below is a cold browser)'
    : 'Chromium skipped: no chromium binary on the PATH (the bench never downloads a browser)';
  rows.push(warm);
  rows.push(...(await batchCases(work, batchRuns)));
  return rows;
}

/** The 63 briefings: `runs` runs each, without a warm-up (preparing the peers' documents has read every file once). */
async function batchCases(work: string, runs: number): Promise<PeerRow[]> {
  if (!existsSync(SHARED_CSV)) {
    console.log(`the 63 briefings skipped: ${SHARED_CSV} is absent (put the shared data beside the checkout to run them)`);
    return [];
  }
  const data = join(work, 'peers-63');
  await rm(data, { recursive: true, force: true });
  await measure(['node', join(ROOT, 'scripts', 'run.mjs'), 'import', 'upr-info', SHARED_CSV, '--all', '--out', data], ROOT);
  const docs = join(work, 'peers-63.json');
  await measure([...PEER_SCRIPT, 'prepare', data, docs], ROOT);
  const out = (engine: string) => join(work, `peers-63-${engine}`);
  const rows: PeerRow[] = [];
  for (const jobs of [1, 2]) {
    const row: PeerRow = { work: `63 briefings, ${jobs} worker${jobs > 1 ? 's' : ''}${jobs > 1 ? ' (peers: 2 processes, half each)' : ''}`, figures: {} };
    row.figures.project = await peerFigure(`63 × ${jobs}: this project`, [[...BUILD, '--data', data, '--out', out('project'), '--jobs', String(jobs)]], runs, emptied(out('project')), false);
    for (const peer of PEERS) {
      const commands = Array.from({ length: jobs }, (_, k) => [...PEER_SCRIPT, 'run', peer, docs, out(peer), ...(jobs > 1 ? ['--part', `${k + 1}/${jobs}`] : [])]);
      row.figures[peer] = await peerFigure(`63 × ${jobs}: ${peer}`, commands, runs, emptied(out(peer)), false);
    }
    rows.push(row);
  }
  const noop: PeerRow = { work: 'rebuild of the 63, nothing changed', figures: {} };
  noop.figures.project = await peerFigure('no-op: this project', [[...BUILD, '--data', data, '--out', out('project')]], runs);
  const node = await peerFigure('no-op: node -e 0', [['node', '-e', '0']], runs);
  for (const peer of PEERS) noop.figures[peer] = typeof node === 'object' ? `— (node's own start: ${node.seconds.toFixed(2)} s, ${node.cpu.toFixed(2)} s CPU)` : '—';
  rows.push(noop);
  return rows;
}

/** Each work item's figures, and every peer's as a ratio: the project's time over the peer's (above 1: the peer is faster). */
function peerTable(rows: readonly PeerRow[]): string {
  const show = (figure: PeerRow['figures'][Engine], project: PeerRow['figures'][Engine]): string => {
    if (figure === undefined) return '—';
    if (typeof figure === 'string') return figure;
    const own = `${figure.seconds.toFixed(2)} s wall, ${figure.cpu.toFixed(2)} s CPU`;
    if (typeof project !== 'object' || project === figure) return own;
    return `${own}; project ÷ peer: ${(project.seconds / figure.seconds).toFixed(2)}× wall, ${(project.cpu / figure.cpu).toFixed(2)}× CPU`;
  };
  return rows
    .map((row) => [row.work, ...(['project', ...PEERS] as const).map((engine) => `  ${ENGINE_NAMES[engine].padEnd(22)} ${show(row.figures[engine], row.figures.project)}`), ...(row.note ? [`  (${row.note})`] : [])].join('\n'))
    .join('\n\n');
}

const figure = (rows: readonly PeerRow[], work: string, engine: Engine) => {
  const found = rows.find((r) => r.work.startsWith(work))?.figures[engine];
  return typeof found === 'object' ? found : undefined;
};

/** Issue 18's targets, each with the figure that decides it; none when its figures were not measured. */
function targets(rows: readonly PeerRow[]): string[] {
  const cold = figure(rows, 'one briefing, cold', 'project');
  const one = figure(rows, '63 briefings, 1', 'project');
  const two = figure(rows, '63 briefings, 2', 'project');
  const floor = figure(rows, '63 briefings, 1', 'pdfkit');
  const noop = figure(rows, 'rebuild', 'project');
  const verdict = (met: boolean) => (met ? 'met' : 'missed');
  const lines: string[] = [];
  if (cold) lines.push(`one briefing cold ≤ 0.35 s wall and ≤ 0.5 s CPU: ${cold.seconds.toFixed(2)} s wall, ${cold.cpu.toFixed(2)} s CPU: ${verdict(cold.seconds <= 0.35 && cold.cpu <= 0.5)}`);
  if (one && floor) lines.push(`63 briefings ≤ 2× pdfkit alone: ${(one.seconds / floor.seconds).toFixed(2)}× wall, ${(one.cpu / floor.cpu).toFixed(2)}× CPU: ${verdict(one.seconds / floor.seconds <= 2)}`);
  if (one && two) lines.push(`2 workers ≥ 1.5× faster than 1: ${(one.seconds / two.seconds).toFixed(2)}×: ${verdict(one.seconds / two.seconds >= 1.5)}`);
  if (noop) lines.push(`no-op rebuild of the 63 ≤ 0.2 s: ${noop.seconds.toFixed(2)} s wall, ${noop.cpu.toFixed(2)} s CPU: ${verdict(noop.seconds <= 0.2)}`);
  return lines;
}

function table(rows: readonly Row[]): string {
  const width = Math.max(...rows.map((r) => r.case.length));
  const lines = rows.map((r) => `${r.case.padEnd(width)}  ${r.seconds.toFixed(2).padStart(7)} s  ${r.cpu.toFixed(2).padStart(7)} s  ${r.rssMb.toFixed(0).padStart(6)} MB${r.note ? `  ${r.note}` : ''}`);
  return [`${'case'.padEnd(width)}  ${'wall'.padStart(9)}  ${'CPU'.padStart(9)}  ${'peak RSS'.padStart(8)}`, ...lines].join('\n');
}

const USAGE = 'Usage: npm run bench -- [--runs <n>] [--batch-runs <n>] [--cases p,a,b,c]';
let values: { runs?: string; 'batch-runs'?: string; cases?: string };
try {
  ({ values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'batch-runs': { type: 'string', default: '1' }, cases: { type: 'string', default: 'p' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const runs = Number(values.runs);
const cases = new Set(values.cases!.split(','));
const work = await mkdtemp(join(tmpdir(), 'upr-bench-'));
try {
  const peers = cases.has('p') ? await peerCases(work, runs, Number(values['batch-runs'])) : [];
  const rows = [
    ...(cases.has('a') ? await sampleCases(work, runs) : []),
    ...(cases.has('b') ? await sharedCases(work, runs) : []),
    ...(cases.has('c') ? await scaleCases(work, runs) : []),
  ];
  const one = rows.find((r) => r.case.includes('1 worker'));
  const two = rows.find((r) => r.case.includes('2 workers'));
  const shards = rows.find((r) => r.case.includes('2 processes'));
  if (one && two) two.note = `${(one.seconds / two.seconds).toFixed(2)}× faster than 1 worker`;
  if (one && shards) shards.note = `${(one.seconds / shards.seconds).toFixed(2)}× faster than 1 worker: ${shards.note}`;
  const load = await readFile('/proc/loadavg', 'utf8').catch(() => '');
  if (peers.length > 0) console.log(`\n${peerTable(peers)}\n\ntargets (issue 18):\n${targets(peers).map((line) => `  ${line}`).join('\n')}`);
  if (rows.length > 0) console.log(`\n${table(rows)}`);
  console.log(`\nmedians of ${runs} runs after a warm-up (warm: of the process's own repeats; the 63: of ${values['batch-runs']}, no warm-up); CPU is user + system of every process and thread; ${new Date().toISOString()}; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.versions.node}, load average ${load.split(' ').slice(0, 3).join(' ')}`);
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.versions.node, load };
  await mkdir(join(ROOT, 'out'), { recursive: true });
  await writeFile(join(ROOT, 'out', 'bench.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, runs, peers, results: rows }, null, 2)}\n`);
  console.log('out/bench.json');
} finally {
  await rm(work, { recursive: true, force: true });
}
