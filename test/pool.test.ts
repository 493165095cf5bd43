/**
 * The pool of a parallel build: the main thread renders beside the worker threads (it is warm, from the
 * start-up snapshot or an earlier build), each worker is kept a job ahead, and what each lane writes is what
 * one thread writes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobHandler } from '../scripts/lib/build/pool-jobs.js';
import { startPool, type PoolJob, type PoolReply } from '../scripts/lib/build/pool.js';
import { createRenderer, type RenderResult, type RenderSettings, type RenderTask } from '../scripts/lib/build/render-job.js';
import { fontCoverage } from '../scripts/lib/pdfmake/fonts.js';
import { createPrinter } from '../scripts/lib/pdfmake/printer.js';
import { FONTS, readTemplateSources, renderContext, SAMPLE, tempDir, validReview } from './helpers/project.js';

const WORKER = new URL('../scripts/render-worker.ts', import.meta.url);

async function settingsAndTasks(out: string, count: number): Promise<{ settings: RenderSettings; tasks: RenderTask[] }> {
  const { config, logo, styles } = await renderContext();
  const settings: RenderSettings = { templates: await readTemplateSources(), styles, config, logo, excel: false };
  const sample = await validReview(SAMPLE);
  const tasks = Array.from({ length: count }, (_, index) => ({ index, review: { ...sample, id: `kz-copy-${index}` }, inputs: { restricted: `r${index}`, public: `p${index}` }, out }));
  return { settings, tasks };
}

const pdfOf = (out: string, id: string) => readFile(join(out, id, 'briefing.pdf'));

describe('the pool of a parallel build', () => {
  it('renders in the main thread and in a worker thread at once, and every review it writes has the bytes one thread writes', async () => {
    const out = await tempDir('upr-pool-');
    const { settings, tasks } = await settingsAndTasks(out, 4);
    const printer = createPrinter({ fonts: FONTS });
    const handle = jobHandler(settings, () => printer, fontCoverage(() => FONTS.faces));
    const local: PoolJob[] = [];
    const pool = startPool(2, WORKER, { settings }, (job) => {
      local.push(job);
      return handle(job);
    });
    const results: RenderResult[] = [];
    try {
      await pool.render(tasks, (result) => results.push(result));
    } finally {
      await pool.close();
    }
    expect(results.map((r) => r.index).sort()).toEqual([0, 1, 2, 3]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(pool.rendered()).toBe(4);
    const here = local.filter((j) => j.kind === 'render').map((j) => (j as Extract<PoolJob, { kind: 'render' }>).task.index);
    // the main thread takes the first job; the worker, kept a job ahead, takes the second and third
    expect(here[0]).toBe(0);
    expect(here.length).toBeGreaterThan(0);
    expect(here.length).toBeLessThan(4);

    const alone = await tempDir('upr-pool-alone-');
    const render = createRenderer(settings, printer);
    for (const task of tasks) await render({ ...task, out: alone });
    for (const task of tasks) expect(Buffer.compare(await pdfOf(out, task.review.id), await pdfOf(alone, task.review.id))).toBe(0);
  }, 120_000);

  it('reports a failure in the main thread as a worker reports it, after the worker has answered the jobs it holds', async () => {
    const out = await tempDir('upr-pool-fail-');
    const { settings, tasks } = await settingsAndTasks(out, 3);
    const failing = (job: PoolJob): Promise<PoolReply> => Promise.resolve({ kind: 'failed', index: job.index, error: { name: 'Error', message: `the main thread failed job ${job.index}` } });
    const pool = startPool(2, WORKER, { settings }, failing);
    const results: RenderResult[] = [];
    try {
      await expect(pool.render(tasks, (result) => results.push(result))).rejects.toThrow('the main thread failed job 0');
    } finally {
      await pool.close();
    }
    // the worker had jobs 1 and 2 before the failure came: both are answered and written, none is cut off
    expect(results.map((r) => r.index).sort()).toEqual([1, 2]);
    for (const index of [1, 2]) expect((await pdfOf(out, `kz-copy-${index}`)).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);
});

