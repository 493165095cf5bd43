/**
 * Figures of docs/performance.md for the watching build: `npx tsx test/bench-watch.ts [edits]` starts
 * `node scripts/run.mjs build --watch` on a temporary copy of the Kazakhstan sample, and then on a generated
 * review of 20 claims and 400 recommendations, edits the review `edits` times (default 11), and prints the
 * medians of the time from each edit (the file renamed into place, as an editor saves) to the review's output
 * folder renamed into place (its last output: both editions' files are switched in by one rename), and to the
 * watching build's line after the build (the manifest and the caches written too), with the CPU time the process
 * (workers included) spent on it. The first edit comes 5 s after the first build, as a user's would. `BENCH_NODE_ARGS` passes options to the watching node (`--cpu-prof`, say).
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, watch } from 'node:fs';
import { cp, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { syntheticReview } from '../scripts/lib/review/synthetic.js';
import { ROOT, tempDir } from './helpers/project.js';

const EDITS = Number(process.argv[2] ?? 11);
/** The wait after the first build before the first edit: longer than a watching build's rehearsals (REHEARSAL_MS). */
const FIRST_EDIT_MS = 5000;
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const figure = (xs: readonly number[]) => `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

/** CPU time of a process (all its threads) and of its children so far, in ms, from /proc (run.mjs starts the build from the snapshot in a child). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return own + children.reduce((sum, child) => sum + cpuMs(child), 0);
}

const inode = (path: string) => statSync(path, { throwIfNoEntry: false })?.ino;

async function bench(name: string, file: string, text: string, edit: (text: string, i: number) => string): Promise<void> {
  const dir = await tempDir('upr-watch-bench-');
  const data = join(dir, 'reviews');
  const out = join(dir, 'out');
  const id = file.replace(/\.yaml$/, '');
  await cp(join(ROOT, 'data', 'reviews'), data, { recursive: true, filter: (src) => !src.endsWith('.yaml') || src.endsWith(file) });
  await writeFile(join(data, file), text);
  const child = spawn(process.execPath, [...NODE_ARGS, join(ROOT, 'scripts', 'run.mjs'), 'build', '--watch', '--data', data, '--out', out], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = 0;
  let waiting: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    seen += (chunk.toString().match(/watching for changes/g) ?? []).length;
    waiting?.();
  });
  const built = (count: number) => new Promise<void>((resolve) => {
    waiting = () => seen >= count && resolve();
    waiting();
  });
  await built(1);
  // as a user opens the PDF before editing: a watching build renders what it built again meanwhile, to warm its code
  await new Promise((resolve) => setTimeout(resolve, FIRST_EDIT_MS));
  // the review's folder is switched in by a rename: a new inode at out/<id> is the moment its outputs are all in place
  let renamed: (() => void) | undefined;
  const outWatch = watch(out, () => renamed?.());
  const switched = (before: number | undefined) => new Promise<number>((resolve) => {
    renamed = () => {
      const now = inode(join(out, id));
      if (now !== undefined && now !== before) resolve(performance.now());
    };
  });
  const toRename: number[] = [];
  const toLine: number[] = [];
  const cpu: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const path = join(data, file);
    const next = edit(await readFile(path, 'utf8'), i);
    await writeFile(`${path}.tmp`, next);
    const inPlace = switched(inode(join(out, id)));
    const [startWall, startCpu] = [performance.now(), cpuMs(child.pid!)];
    await rename(`${path}.tmp`, path);
    const [at] = await Promise.all([inPlace, built(i + 1)]);
    toRename.push(at - startWall);
    toLine.push(performance.now() - startWall);
    cpu.push(cpuMs(child.pid!) - startCpu);
  }
  outWatch.close();
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('close', resolve));
  console.log(`${name}, medians of ${EDITS} edits (range): edit → outputs renamed ${figure(toRename)} wall; → build's line ${figure(toLine)} wall; ${figure(cpu)} CPU`);
}

const retitle = (text: string, i: number) => text.replace(/^title: (.*?)(?: \(edit \d+\))?("?)$/m, (_, title: string, quote: string) => `title: ${title} (edit ${i})${quote}`);
await bench('the sample (kz-upr48)', 'kz-upr48.yaml', await readFile(join(ROOT, 'data', 'reviews', 'kz-upr48.yaml'), 'utf8'), retitle);
await bench('20 claims, 400 recommendations', 'synthetic-400.yaml', syntheticReview('synthetic-400', 20, 400), retitle);
