/** Renders reviews in worker threads, each with its own pdfmake instance, handing out one review at a time. */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RenderResult, RenderSettings, RenderTask } from './render-job.js';

type WorkerReply = RenderResult | { index: number; failed: { message: string; stack?: string } };

/** The worker script beside this module: render-worker.mjs in dist/, or render-worker.ts under tsx. */
const EXTENSION = extname(fileURLToPath(import.meta.url));
const WORKER = new URL(`./render-worker${EXTENSION}`, import.meta.url);

/** Under tsx a worker does not inherit its loader, so a small bootstrap registers it before loading the worker. */
function startWorker(settings: RenderSettings): Worker {
  if (EXTENSION !== '.ts') return new Worker(WORKER, { workerData: settings });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}); });`;
  return new Worker(boot, { eval: true, workerData: settings });
}

/**
 * Runs the tasks on `jobs` workers and calls `done` with each result as it arrives (in any order).
 * A worker that fails stops the build: the other workers are terminated and the error is thrown.
 */
export async function renderInWorkers(tasks: readonly RenderTask[], jobs: number, settings: RenderSettings, done: (result: RenderResult) => void): Promise<void> {
  const queue = [...tasks];
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => startWorker(settings));
  try {
    await Promise.all(workers.map((worker) => drain(worker, queue, done)));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function drain(worker: Worker, queue: RenderTask[], done: (result: RenderResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = () => {
      const task = queue.shift();
      if (task) worker.postMessage(task);
      else resolve();
    };
    worker.on('message', (reply: WorkerReply) => {
      if ('failed' in reply) {
        queue.length = 0;
        return reject(Object.assign(new Error(reply.failed.message), { stack: reply.failed.stack }));
      }
      done(reply);
      next();
    });
    worker.on('error', (error) => {
      queue.length = 0;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`a render worker stopped with exit code ${code}`));
    });
    next();
  });
}
