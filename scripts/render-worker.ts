/** A worker thread of a parallel build (see scripts/lib/build/pool.ts): checks review files and renders reviews, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData } from './lib/diagnostics/errors.js';
import { checkFile } from './lib/build/pipeline.js';
import { fontCoverage } from './lib/pdfmake/fonts.js';
import { createPrinter } from './lib/pdfmake/printer.js';
import { fontFaceReader } from './lib/io/fonts.js';
import type { PoolData, PoolJob, PoolReply } from './lib/build/pool.js';
import { createRenderer, type RenderResult, type RenderTask } from './lib/build/render-job.js';

let { settings } = workerData as PoolData;
const fonts = fontFaceReader();
const coverage = fontCoverage(() => fonts().faces);
let render: ((task: RenderTask) => Promise<RenderResult>) | undefined;

async function reply(job: PoolJob): Promise<PoolReply> {
  if (job.kind === 'check') {
    return { kind: 'checked', index: job.index, checked: checkFile(job.file, coverage) };
  }
  if (job.kind === 'settings') {
    settings = job.settings;
    render = undefined;
    return { kind: 'configured', index: job.index };
  }
  if (!settings) throw new Error('a render job reached a worker started without render settings');
  render ??= createRenderer(settings, createPrinter({ fonts: fonts() }));
  return { kind: 'rendered', index: job.index, result: await render(job.task) };
}

parentPort!.on('message', (job: PoolJob) => {
  reply(job).then(
    (answer) => parentPort!.postMessage(answer),
    (error: unknown) => parentPort!.postMessage({ kind: 'failed', index: job.index, error: toErrorData(error) } satisfies PoolReply),
  );
});
