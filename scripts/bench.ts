#!/usr/bin/env -S npx tsx
/**
 * `npm run bench`: whole processes, as a user or a CI job runs them. Each case runs once to warm up, then
 * `--runs` times (default 5); the table shows the medians of wall time and peak RSS (GNU time's %M, which
 * covers worker threads). Writes out/bench.json. Not a test: nothing here asserts a time.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { syntheticReview } from './lib/review/synthetic.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED_CSV = join(ROOT, '..', 'shared', 'upr-info', 'upr-info-sessions-6-9.csv');
const BUILD = ['node', join(ROOT, 'scripts', 'run.mjs'), 'build'];
const SIZES = [500, 1000, 2000, 5000];
/** Recommendations came with the importer (issue 4); without it the data format has none to generate. */
const WITH_RECOMMENDATIONS = existsSync(join(ROOT, 'scripts', 'import.ts'));

interface Sample {
  seconds: number;
  rssMb: number;
}

interface Row {
  case: string;
  command: string;
  seconds: number;
  rssMb: number;
  runs: number;
  note?: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One whole process under GNU time: wall seconds and peak RSS of the process (and of any it waited for). */
function measure(command: string[], cwd: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile('/usr/bin/time', ['-f', '%M', ...command], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      const kb = Number(/(\d+)\s*$/.exec(stderr)?.[1]);
      if (error && (error as { code?: unknown }).code !== 1) return reject(new Error(`${command.join(' ')} failed:\n${stderr}`));
      resolve({ seconds, rssMb: kb / 1024 });
    });
  });
}

/** Several processes started together: wall time until the last one ends, and the sum of their peak RSS. */
async function measureTogether(commands: string[][], cwd: string): Promise<Sample> {
  const started = performance.now();
  const samples = await Promise.all(commands.map((command) => measure(command, cwd)));
  return { seconds: (performance.now() - started) / 1000, rssMb: samples.reduce((sum, s) => sum + s.rssMb, 0) };
}

/** A warm-up run, then `runs` measured runs; `before` runs untimed before each (to empty an output folder, say). */
async function bench(name: string, command: string[] | string[][], runs: number, before?: () => Promise<void>, note?: string): Promise<Row> {
  const commands = (Array.isArray(command[0]) ? command : [command]) as string[][];
  const samples: Sample[] = [];
  for (let i = 0; i <= runs; i++) {
    await before?.();
    const sample = await measureTogether(commands, ROOT);
    if (i > 0) samples.push(sample);
    process.stderr.write(`  ${name}: run ${i === 0 ? 'warm-up' : i} ${sample.seconds.toFixed(2)} s\n`);
  }
  const shown = commands.map((c) => c.join(' ').replaceAll(ROOT, '')).join(' & ');
  return { case: name, command: shown, seconds: median(samples.map((s) => s.seconds)), rssMb: median(samples.map((s) => s.rssMb)), runs, note };
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

function table(rows: readonly Row[]): string {
  const width = Math.max(...rows.map((r) => r.case.length));
  const lines = rows.map((r) => `${r.case.padEnd(width)}  ${r.seconds.toFixed(2).padStart(7)} s  ${r.rssMb.toFixed(0).padStart(6)} MB${r.note ? `  ${r.note}` : ''}`);
  return [`${'case'.padEnd(width)}  ${'wall'.padStart(9)}  ${'peak RSS'.padStart(8)}`, ...lines].join('\n');
}

const USAGE = 'Usage: npm run bench -- [--runs <n>] [--cases a,b,c]';
let values: { runs?: string; cases?: string };
try {
  ({ values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, cases: { type: 'string', default: 'a,b,c' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const runs = Number(values.runs);
const cases = new Set(values.cases!.split(','));
const work = await mkdtemp(join(tmpdir(), 'upr-bench-'));
try {
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
  console.log(`\n${table(rows)}\n\nmedians of ${runs} runs after a warm-up; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.versions.node}`);
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.versions.node, load: await readFile('/proc/loadavg', 'utf8').catch(() => '') };
  await mkdir(join(ROOT, 'out'), { recursive: true });
  await writeFile(join(ROOT, 'out', 'bench.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, runs, results: rows }, null, 2)}\n`);
  console.log('out/bench.json');
} finally {
  await rm(work, { recursive: true, force: true });
}
