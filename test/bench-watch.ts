/**
 * Figures of README "Performance" for the watching build: `npx tsx test/bench-watch.ts [edits]` starts
 * `node scripts/run.mjs build --watch` on a temporary copy of the Kazakhstan sample, and then on a generated
 * review of 20 claims and 400 recommendations, edits the review `edits` times (default 11), and prints the
 * median time from each edit (the file renamed into place, as an editor saves) to the watching build's line
 * after its build (every output renamed, the manifest committed), with the CPU time the process (workers
 * included) spent on it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { syntheticReview } from '../scripts/lib/review/synthetic.js';
import { ROOT, tempDir } from './helpers/project.js';

const EDITS = Number(process.argv[2] ?? 11);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU time of a process (all its threads) so far, in ms, from /proc. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function bench(name: string, file: string, text: string, edit: (text: string, i: number) => string): Promise<void> {
  const dir = await tempDir('upr-watch-bench-');
  const data = join(dir, 'reviews');
  await cp(join(ROOT, 'data', 'reviews'), data, { recursive: true, filter: (src) => !src.endsWith('.yaml') || src.endsWith(file) });
  await writeFile(join(data, file), text);
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run.mjs'), 'build', '--watch', '--data', data, '--out', join(dir, 'out')], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
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
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const path = join(data, file);
    const next = edit(await readFile(path, 'utf8'), i);
    await writeFile(`${path}.tmp`, next);
    const [startWall, startCpu] = [performance.now(), cpuMs(child.pid!)];
    await rename(`${path}.tmp`, path);
    await built(i + 1);
    wall.push(performance.now() - startWall);
    cpu.push(cpuMs(child.pid!) - startCpu);
  }
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('close', resolve));
  console.log(`${name}: edit → outputs renamed ${median(wall).toFixed(0)} ms wall (median of ${EDITS}; range ${Math.min(...wall).toFixed(0)}–${Math.max(...wall).toFixed(0)}), ${median(cpu).toFixed(0)} ms CPU`);
}

const retitle = (text: string, i: number) => text.replace(/^title: (.*?)(?: \(edit \d+\))?("?)$/m, (_, title: string, quote: string) => `title: ${title} (edit ${i})${quote}`);
await bench('the sample (kz-upr48)', 'kz-upr48.yaml', await readFile(join(ROOT, 'data', 'reviews', 'kz-upr48.yaml'), 'utf8'), retitle);
await bench('20 claims, 400 recommendations', 'synthetic-400.yaml', syntheticReview('synthetic-400', 20, 400), retitle);
