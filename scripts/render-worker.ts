/** A worker thread of a parallel build (see scripts/lib/build/pool.ts): checks review files and renders reviews, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { fontCoverage } from './lib/pdfmake/fonts.js';
import { createPrinter } from './lib/pdfmake/printer.js';
import { fontFaceReader } from './lib/io/fonts.js';
import type { PoolData, PoolJob } from './lib/build/pool.js';
import { jobHandler } from './lib/build/pool-jobs.js';

const fonts = fontFaceReader();
const handle = jobHandler((workerData as PoolData).settings, () => createPrinter({ fonts: fonts() }), fontCoverage(() => fonts().faces));

parentPort!.on('message', (job: PoolJob) => {
  void handle(job).then((answer) => parentPort!.postMessage(answer));
});
