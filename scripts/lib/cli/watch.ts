/**
 * A watching build (`npm run build -- --watch`, `npm run dev`): builds once, then again whenever an input
 * changes, in the same process, until Ctrl-C. Each build prints what a build prints; on a terminal the
 * screen is cleared first, so no stale message stays in sight. A change that comes while a build runs
 * starts one more build once it is done. Ctrl-C lets the build under way finish (no half-switched review,
 * every lock released), then stops; a second Ctrl-C stops at once (the next build recovers what is left).
 */
import { UsageError } from '../diagnostics/errors.js';
import { watchFolders, withWatchLock, type WatchedFolder } from '../io/watcher.js';
import { lines } from '../build/lines.js';

/** How long the inputs must be quiet before a build starts: an editor's save is a burst of events within a few milliseconds. */
export const QUIET_MS = 15;
/** How long after a file renamed into place (a whole file, as an editor saves) a build starts, unless more events come. */
export const SETTLED_MS = 1;
/** How long, in all, a watching build spends rendering again what it built while it waits for changes (see WatchPlan.rehearse). */
export const REHEARSAL_MS = 3000;

export interface WatchPlan<K extends string> {
  /** the output folder, whose watch lock is held while watching; unset under --check, which writes nothing */
  out?: string;
  folders: readonly WatchedFolder<K>[];
  ignore?: (path: string) => boolean;
  /** one build: the first with `changed` unset; returns the build's exit code */
  build(changed?: ReadonlyMap<K, ReadonlySet<string>>): Promise<number>;
  /** prints a build's failure as the command would, and returns its exit code */
  report(error: unknown): number;
  /**
   * Renders what the last build rendered again, in memory, writing and printing nothing; false when there is
   * nothing to render. Called while no change waits, until REHEARSAL_MS have been spent so, to warm the
   * process's code for the next edit; a change that comes meanwhile is built once the render under way is done.
   */
  rehearse?(): Promise<boolean>;
  /** ends what the builds kept warm (the workers) */
  close(): Promise<void>;
  /** the paths as the user sees them */
  shown(path: string): string;
}

const merge = <K>(into: Map<K, Set<string>>, paths: ReadonlyMap<K, ReadonlySet<string>>) => {
  for (const [kind, set] of paths) into.set(kind, new Set([...(into.get(kind) ?? []), ...set]));
  return into;
};

export async function watchBuilds<K extends string>(plan: WatchPlan<K>, stream: NodeJS.WriteStream = process.stdout): Promise<number> {
  const tty = stream.isTTY === true;
  let queued: Map<K, Set<string>> | undefined;
  let draining: Promise<void> | undefined;
  let rehearsing: Promise<void> | undefined;
  let rehearsed = 0;
  let stopping = false;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));

  const once = async (changed?: ReadonlyMap<K, ReadonlySet<string>>) => {
    const started = performance.now();
    if (changed) {
      if (tty) stream.write('\x1b[2J\x1b[3J\x1b[H');
      console.log(lines.rebuilding([...changed.values()].flatMap((set) => [...set]).map(plan.shown)));
    }
    let code: number;
    try {
      code = await plan.build(changed);
    } catch (error) {
      if (!changed && error instanceof UsageError) throw error;
      code = plan.report(error);
    }
    console.log(lines.watching(performance.now() - started, code !== 0));
  };
  const drain = async () => {
    await rehearsing;
    while (queued) {
      const changed = queued;
      queued = undefined;
      await once(changed);
    }
    draining = undefined;
    rehearse();
  };
  // a rehearsal is an optimisation: one that fails has nothing to tell (the build before it said what there was)
  const rehearse = () => {
    if (!plan.rehearse || rehearsing) return;
    rehearsing = (async () => {
      while (!queued && !stopping && rehearsed < REHEARSAL_MS) {
        const started = performance.now();
        if (!(await plan.rehearse!())) break;
        rehearsed += performance.now() - started;
      }
    })().catch(() => undefined).finally(() => (rehearsing = undefined));
  };

  const watching = async () => {
    // watching starts before the first build, so an edit made while it runs is built after it; so does Ctrl-C
    let first = true;
    let interrupted = false;
    const now = () => process.exit(130);
    const interrupt = () => {
      process.off('SIGINT', interrupt).off('SIGTERM', interrupt).once('SIGINT', now);
      interrupted = stopping = true;
      stop();
    };
    process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
    const watcher = await watchFolders(plan.folders, (paths) => {
      queued = merge(queued ?? new Map(), paths);
      if (!first && !interrupted) draining ??= drain();
    }, { quietMs: QUIET_MS, settledMs: SETTLED_MS, ignore: plan.ignore });
    try {
      await once();
      first = false;
      if (queued && !interrupted) draining ??= drain();
      else if (!interrupted) rehearse();
      await stopped;
    } finally {
      process.off('SIGINT', interrupt).off('SIGTERM', interrupt).off('SIGINT', now);
      stopping = true;
      watcher.close();
      queued = undefined;
      await draining;
      await rehearsing;
      await plan.close();
    }
    return 0;
  };
  return plan.out === undefined ? watching() : withWatchLock(plan.out, watching);
}
