/** Where a build's work runs: checks and renders in this thread, or in the worker pool when there is enough of it. */
import { checkReviews, finishChecks, type CheckedReview, type DataFile } from './pipeline.js';
import type { GlyphCoverage } from '../source/glyphs.js';
import type { Pool, PoolData } from './pool.js';
import type { Renderer, RenderResult, RenderSettings, RenderTask } from './render-job.js';
import { unpatchedWarning } from '../pdfmake/install.js';
import type { Printer } from '../pdfmake/printer.js';

/** Fewer files than this are checked in the main thread: starting workers would cost more than it saves. */
const POOL_CHECK_MIN = 8;

/** The worker pool, started on first use (a build that renders one review never starts it). */
export interface Workers {
  get(): Promise<Pool>;
  /** how many reviews the workers rendered; 0 when the pool never started */
  rendered(): number;
  /** new render settings for the workers, started or not (see Pool.configure) */
  configure(settings: RenderSettings | undefined): Promise<void>;
  close(): Promise<void>;
}

/** The main thread's share of a pool's work: it renders with the build's printer and checks with its coverage. */
export interface MainThreadLane {
  printer: Printer;
  coverage: GlyphCoverage;
}

/** `jobs` lanes, started on first use: with `local`, the main thread and `jobs - 1` worker threads. */
export function lazyPool(jobs: number, script: URL, initial: PoolData, local?: MainThreadLane): Workers {
  let data = initial;
  let started: Pool | undefined;
  const start = async () => {
    const [{ startPool }, { jobHandler }] = await Promise.all([import('./pool.js'), import('./pool-jobs.js')]);
    return startPool(jobs, script, data, local && jobHandler(data.settings, () => local.printer, local.coverage));
  };
  return {
    get: async () => (started ??= await start()),
    rendered: () => started?.rendered() ?? 0,
    configure: async (settings) => {
      data = { ...data, settings };
      await started?.configure(settings);
    },
    close: async () => started?.close(),
  };
}

/** The build's checks: in the pool's workers when there are enough files, else here; then the checks across files. */
export function checker(options: { strict: boolean; coverage: GlyphCoverage; workers?: Workers }): (files: readonly DataFile[]) => Promise<CheckedReview[]> {
  const { strict, coverage, workers } = options;
  return async (files) => {
    if (!workers || files.length < POOL_CHECK_MIN) return checkReviews(files, { strict, coverage });
    return finishChecks(await (await workers.get()).check(files), strict);
  };
}

/**
 * Renders and writes the reviews, in this thread or in the pool's workers (largest first, so the long ones
 * do not come last), calling `done` as each finishes. In this thread the first failure stops the run.
 */
export async function renderTasks(tasks: readonly RenderTask[], settings: RenderSettings, printer: Printer, done: (result: RenderResult) => void, workers?: Workers): Promise<void> {
  if (tasks.length === 0) return;
  const warning = unpatchedWarning();
  if (warning) console.warn(warning);
  const size = (t: RenderTask) => t.review.claims.length + t.review.recommendations.length;
  const largestFirst = [...tasks].sort((a, b) => size(b) - size(a) || a.index - b.index);
  if (workers && tasks.length > 1) return (await workers.get()).render(largestFirst, done);
  const render = await rendererFor(settings, printer);
  for (const task of tasks) done(await render(task));
}

/**
 * Renders a task again in this thread, in memory only: a watching build does so while it waits, so that V8 has
 * compiled the render's code by the next edit (a warm process's render takes about a third less CPU after some
 * twenty renders than after one). It writes and prints nothing.
 */
export async function rehearse(task: RenderTask, settings: RenderSettings, printer: Printer): Promise<void> {
  await (await rendererFor(settings, printer)).rehearse(task);
}

/** The renderer of each settings and printer, so a process that builds again (a watching build) compiles the templates once. */
const renderers = new WeakMap<RenderSettings, WeakMap<Printer, Renderer>>();

async function rendererFor(settings: RenderSettings, printer: Printer): Promise<Renderer> {
  const { createRenderer } = await import('./render-job.js');
  let byPrinter = renderers.get(settings);
  if (!byPrinter) renderers.set(settings, (byPrinter = new WeakMap()));
  let render = byPrinter.get(printer);
  if (!render) byPrinter.set(printer, (render = createRenderer(settings, printer)));
  return render;
}
