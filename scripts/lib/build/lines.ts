/** The lines a build prints: one per review, then what it wrote, what the workers did and what it skipped. */
import { chalk } from 'zx/core';
import type { Message } from '../diagnostics/message.js';
import { summarizeMessages } from '../diagnostics/report.js';

const ok = (name: string, rest: string) => `${chalk.green('✓')} ${name}  ${rest}`;
const failed = (name: string, rest: string) => `${chalk.red('✗')} ${name}  not built: ${rest}`;

export const lines = {
  refused: (name: string, messages: readonly Message[]) => failed(name, summarizeMessages(messages)),
  configErrors: (name: string) => failed(name, 'the briefing config has errors'),
  templateError: (name: string) => failed(name, 'template error'),
  untagged: (name: string) => failed(name, 'its structure tree fails a check (--strict)'),
  valid: (name: string, follows?: string) => ok(name, follows ? `valid, ${follows}` : 'valid'),
  unchanged: (name: string) => ok(name, 'unchanged, not rebuilt'),
  /** `written`: the paths as the user sees them */
  built: (name: string, written: readonly string[], follows?: string) => ok(name, [...(follows ? [`${follows}:`] : []), ...written].join('  ')),
  written: (paths: readonly string[]) => `  ${paths.join('  ')}`,
  noFiles: (data: string) => `no review files in ${data}`,
  /** How many reviews the pool rendered (the main thread and worker threads): what shows that `--jobs` was used. */
  workers: (rendered: number, jobs: number) => `${rendered} ${rendered === 1 ? 'review' : 'reviews'} rendered in ${jobs} threads at once (--jobs ${jobs})`,
  /** A watching build's line before each build after the first: what changed. */
  rebuilding: (changed: readonly string[]) => `${chalk.dim(new Date().toTimeString().slice(0, 8))} ${changed.length === 1 ? changed[0] : `${changed.length} files`} changed, building`,
  /** A watching build's line after each build. */
  watching: (ms: number, failed: boolean) => `${chalk.dim(`built in ${Math.round(ms)} ms${failed ? ', with errors' : ''}; watching for changes (Ctrl-C stops)`)}`,
  merged: (shards: number, reviews: number, files: number, written: readonly string[]) => `${chalk.green('✓')} merged ${shards} manifests: ${reviews} reviews, ${files} files  ${written.join('  ')}`,
};

export function countLine(built: number, skipped: number): string | undefined {
  if (skipped === 0) return undefined;
  if (built === 0) return `nothing changed: ${skipped} ${skipped === 1 ? 'review is' : 'reviews are'} up to date, none rebuilt (--force rebuilds them)`;
  return `${built} rebuilt, ${skipped} unchanged`;
}

/** Prints each slot's line once it and every line before it are known, so lines come in data order. */
export function inOrder(initial: readonly (string | undefined)[], print: (line: string) => void): (slot: number, line: string) => void {
  const known = [...initial];
  let printed = 0;
  const flush = () => {
    for (; printed < known.length && known[printed] !== undefined; printed++) print(known[printed]!);
  };
  flush();
  return (slot, line) => {
    known[slot] = line;
    flush();
  };
}
