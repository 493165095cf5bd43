/** A worker thread of a parallel build: its own pdfmake instance, fed one review at a time by scripts/pool.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { createRenderer, type RenderSettings, type RenderTask } from './render-job.js';

const render = createRenderer(workerData as RenderSettings);
parentPort!.on('message', (task: RenderTask) => {
  render(task).then(
    (result) => parentPort!.postMessage(result),
    (error: unknown) => parentPort!.postMessage({ index: task.index, failed: { message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack } }),
  );
});
