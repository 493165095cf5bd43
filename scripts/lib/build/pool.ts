/**
 * Worker threads for a parallel build, each with its own pdfmake instance. They check review files, then
 * render reviews, handed out one at a time; the same workers serve both, so each starts once.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DataFile } from '../source/data-file.js';
import type { CheckedReview } from '../review/validate.js';
import { fromErrorData, type ErrorData } from '../diagnostics/errors.js';
import type { RenderResult, RenderSettings, RenderTask } from './render-job.js';

export type PoolJob = { kind: 'check'; index: number; file: DataFile } | { kind: 'render'; index: number; task: RenderTask } | { kind: 'settings'; index: number; settings?: RenderSettings };
export type PoolReply =
  | { kind: 'checked'; index: number; checked: CheckedReview }
  | { kind: 'rendered'; index: number; result: RenderResult }
  | { kind: 'configured'; index: number }
  | { kind: 'failed'; index: number; error: ErrorData };

/** What a worker is started with: the render settings, none when the briefing config has errors. */
export interface PoolData {
  settings?: RenderSettings;
}

/** Under tsx a worker does not inherit its loader, so a small bootstrap registers it before loading the worker script. */
function startWorker(script: URL, data: PoolData): Worker {
  if (extname(fileURLToPath(script)) !== '.ts') return new Worker(script, { workerData: data });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

export interface Pool {
  /** Each file's check on its own (see checkFile), in the order of `files`. */
  check(files: readonly DataFile[]): Promise<CheckedReview[]>;
  /** Renders the tasks in the order given, calling `done` with each result as it arrives. */
  render(tasks: readonly RenderTask[], done: (result: RenderResult) => void): Promise<void>;
  /** how many reviews the workers have rendered */
  rendered(): number;
  /** Gives every worker new render settings (a watching build's templates or config changed); they keep their fonts, printer and loaded code. */
  configure(settings: RenderSettings | undefined): Promise<void>;
  close(): Promise<void>;
}

/** Starts `size` workers running `script` (scripts/render-worker: .mjs in dist/, .ts under tsx). */
export function startPool(size: number, script: URL, data: PoolData): Pool {
  const workers = Array.from({ length: size }, () => startWorker(script, data));
  let rendered = 0;
  return {
    async check(files) {
      const checked: CheckedReview[] = [];
      await run(
        workers,
        files.map((file, index) => ({ kind: 'check', index, file })),
        (reply) => reply.kind === 'checked' && (checked[reply.index] = reply.checked),
      );
      return checked;
    },
    render: (tasks, done) =>
      run(workers, tasks.map((task, index) => ({ kind: 'render', index, task })), (reply) => {
        if (reply.kind !== 'rendered') return;
        rendered++;
        done(reply.result);
      }),
    rendered: () => rendered,
    configure: (settings) => run(workers, workers.map(() => ({ kind: 'settings', index: 0, settings })), () => undefined, true),
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** Where a job stands among the build's reviews: its failure is reported before those of later reviews. */
const orderOf = (job: PoolJob | undefined) => (job === undefined ? Infinity : job.kind === 'render' ? job.task.index : job.index);

/**
 * Hands the jobs out to idle workers until none is left. After a failure no job is handed out, the jobs under
 * way finish (so no worker stops halfway through writing a review), and the failure of the earliest review
 * in data order is thrown, with the class it had in the worker: the same one a build in one thread reports.
 */
async function run(workers: readonly Worker[], jobs: readonly PoolJob[], onReply: (reply: PoolReply) => unknown, eachOne = false): Promise<void> {
  const queue = [...jobs];
  const failures: { job?: PoolJob; error: Error }[] = [];
  // eachOne: job i goes to worker i (a message every worker must get)
  await Promise.all(workers.map((worker, i) => drain(worker, eachOne ? [jobs[i]!] : queue, onReply, (job, error) => {
    failures.push({ job, error });
    queue.length = 0;
  })));
  const first = failures.sort((a, b) => orderOf(a.job) - orderOf(b.job))[0];
  if (first) throw first.error;
}

function drain(worker: Worker, queue: PoolJob[], onReply: (reply: PoolReply) => unknown, onFailure: (job: PoolJob | undefined, error: Error) => void): Promise<void> {
  return new Promise((resolve) => {
    let current: PoolJob | undefined;
    const stop = (error?: Error) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error) onFailure(current, error);
      resolve();
    };
    const next = () => {
      current = queue.shift();
      if (current) worker.postMessage(current);
      else stop();
    };
    const onMessage = (reply: PoolReply) => {
      if (reply.kind === 'failed') return stop(fromErrorData(reply.error));
      onReply(reply);
      next();
    };
    const onError = (error: Error) => stop(error);
    const onExit = (code: number) => stop(new Error(`a build worker stopped with exit code ${code}`));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    next();
  });
}
