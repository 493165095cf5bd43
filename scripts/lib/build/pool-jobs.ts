/** What a lane of the pool does with a job (a worker thread's, and the main thread's when it renders beside them). */
import { toErrorData } from '../diagnostics/errors.js';
import type { GlyphCoverage } from '../source/glyphs.js';
import type { Printer } from '../pdfmake/printer.js';
import { checkFile } from './pipeline.js';
import type { PoolJob, PoolReply } from './pool.js';
import { createRenderer, type RenderResult, type RenderSettings, type RenderTask } from './render-job.js';

/** Answers the jobs one at a time, in the order they came, and turns a failure into a `failed` reply. */
export function jobHandler(initial: RenderSettings | undefined, printer: () => Printer, coverage: GlyphCoverage): (job: PoolJob) => Promise<PoolReply> {
  let settings = initial;
  let render: ((task: RenderTask) => Promise<RenderResult>) | undefined;
  const reply = async (job: PoolJob): Promise<PoolReply> => {
    if (job.kind === 'check') return { kind: 'checked', index: job.index, checked: checkFile(job.file, coverage) };
    if (job.kind === 'settings') {
      settings = job.settings;
      render = undefined;
      return { kind: 'configured', index: job.index };
    }
    if (!settings) throw new Error('a render job reached a worker started without render settings');
    render ??= createRenderer(settings, printer());
    return { kind: 'rendered', index: job.index, result: await render(job.task) };
  };
  let queue: Promise<unknown> = Promise.resolve();
  return (job) => {
    const answer = queue.then(() => reply(job)).catch((error: unknown): PoolReply => ({ kind: 'failed', index: job.index, error: toErrorData(error) }));
    queue = answer;
    return answer;
  };
}
