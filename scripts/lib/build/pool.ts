/**
 * The lanes of a parallel build: worker threads, each with its own pdfmake instance, and the main thread
 * itself when given a `local` handler (it is warm already, from the start-up snapshot or an earlier build, and
 * would otherwise wait). They check review files, then render reviews; the same lanes serve both, so each
 * worker starts once. A worker is kept two jobs ahead, so it does not wait while the main thread renders.
 */
import { EventEmitter } from 'node:events';
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

/** What the pool drives: a worker thread, or the main thread through LocalLane. */
interface Lane {
  postMessage(job: PoolJob): void;
  on(event: 'message' | 'error' | 'exit', listener: (...args: any[]) => void): unknown;
  off(event: 'message' | 'error' | 'exit', listener: (...args: any[]) => void): unknown;
  terminate(): Promise<number>;
}

/** The main thread as a lane: each job is answered by `handle` after the current turn of the event loop. */
class LocalLane extends EventEmitter {
  constructor(private readonly handle: (job: PoolJob) => Promise<PoolReply>) {
    super();
  }

  postMessage(job: PoolJob): void {
    setImmediate(() => void this.handle(job).then((reply) => this.emit('message', reply)));
  }

  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
}

/** How many jobs a lane holds at once: a worker one ahead; the main thread one, as it cannot answer while it renders. */
const depthOf = (lane: Lane) => (lane instanceof LocalLane ? 1 : 2);

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

/**
 * `size` lanes: workers running `script` (scripts/render-worker: .mjs in dist/, .ts under tsx), one of them
 * the main thread when `local` answers jobs here (see pool-jobs.ts); the main thread gets the first job.
 */
export function startPool(size: number, script: URL, data: PoolData, local?: (job: PoolJob) => Promise<PoolReply>): Pool {
  const threads = Array.from({ length: local ? size - 1 : size }, () => startWorker(script, data));
  const workers: Lane[] = local ? [new LocalLane(local), ...threads] : threads;
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
async function run(workers: readonly Lane[], jobs: readonly PoolJob[], onReply: (reply: PoolReply) => unknown, eachOne = false): Promise<void> {
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

/** Keeps one lane busy from the queue; after a failure it takes no more, and ends once the jobs it holds are answered. */
function drain(lane: Lane, queue: PoolJob[], onReply: (reply: PoolReply) => unknown, onFailure: (job: PoolJob | undefined, error: Error) => void): Promise<void> {
  return new Promise((resolve) => {
    const held: PoolJob[] = [];
    let failed = false;
    const end = () => {
      lane.off('message', onMessage);
      lane.off('error', onError);
      lane.off('exit', onExit);
      resolve();
    };
    const fail = (job: PoolJob | undefined, error: Error) => {
      if (!failed) onFailure(job, error);
      failed = true;
    };
    const fill = () => {
      while (!failed && held.length < depthOf(lane) && queue.length > 0) {
        const job = queue.shift()!;
        held.push(job);
        lane.postMessage(job);
      }
      if (held.length === 0) end();
    };
    // a lane answers its jobs in the order it got them
    const onMessage = (reply: PoolReply) => {
      const job = held.shift();
      if (reply.kind === 'failed') fail(job, fromErrorData(reply.error));
      else onReply(reply);
      fill();
    };
    const onError = (error: Error) => {
      fail(held[0], error);
      end();
    };
    const onExit = (code: number) => {
      fail(held[0], new Error(`a build worker stopped with exit code ${code}`));
      end();
    };
    lane.on('message', onMessage);
    lane.on('error', onError);
    lane.on('exit', onExit);
    fill();
  });
}
