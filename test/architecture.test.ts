import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of docs/architecture.md: each folder of scripts/lib/ has a rank, and a module may import
 * only from its own folder or from a folder of lower rank. Folders of the same rank are independent of each other.
 */
const RANKS: Record<string, number> = {
  text: 0, diagnostics: 0,
  changes: 1,
  source: 1,
  review: 2, config: 2,
  edition: 3, followup: 3,
  model: 4,
  render: 5,
  pdfmake: 6,
  io: 7,
  build: 8,
  delivery: 9, importers: 9,
  cli: 10,
};
/** Packages whose internals only the adapter may touch. */
const ADAPTER_ONLY = /^(pdfmake|pdfkit|fontkit)(\/|$)/;
/** Modules that touch the file system, other processes or threads: only the edge may import them. */
const EDGE_ONLY = /^node:(fs|fs\/promises|child_process|worker_threads|net|dgram|http|https)$/;
/** The edge inside scripts/lib/: the file system, the command runner, and the build's worker pool. */
const EDGE = ['io', 'cli/command.ts', 'build/pool.ts'];

const LIB = fileURLToPath(new URL('../scripts/lib/', import.meta.url));

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const folderOf = (path: string) => relative(LIB, path).split(sep)[0]!;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2]!);
}

describe('architecture', () => {
  const files = modules(LIB);

  it('puts every module of scripts/lib/ in a stage or shared folder that has a rank', () => {
    expect(files.map(folderOf).filter((f) => RANKS[f] === undefined)).toEqual([]);
  });

  it('never imports upward or across: a folder imports only itself and folders of lower rank', () => {
    const violations = files.flatMap((file) =>
      imports(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => ({ from: folderOf(file), to: folderOf(resolve(dirname(file), spec)), spec }))
        .filter(({ from, to }) => from !== to && !(RANKS[to]! < RANKS[from]!))
        .map(({ from, spec }) => `${relative(LIB, file)} (${from}) imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('keeps review/ and delivery/ independent of each other', () => {
    const crossing = files.filter((f) => {
      const other = { review: 'delivery', delivery: 'review' }[folderOf(f)];
      return other !== undefined && imports(f).some((s) => s.startsWith('.') && folderOf(resolve(dirname(f), s)) === other);
    });
    expect(crossing.map((f) => relative(LIB, f))).toEqual([]);
  });

  it('lets only the pdfmake adapter import pdfmake, pdfkit or fontkit', () => {
    const violations = files.filter((f) => folderOf(f) !== 'pdfmake' && imports(f).some((s) => ADAPTER_ONLY.test(s))).map((f) => relative(LIB, f));
    expect(violations).toEqual([]);
  });

  it('lets only the edge touch the file system, processes and threads', () => {
    const isEdge = (f: string) => EDGE.some((e) => relative(LIB, f).split(sep).join('/').startsWith(e));
    const violations = files.filter((f) => !isEdge(f) && imports(f).some((s) => EDGE_ONLY.test(s))).map((f) => relative(LIB, f));
    expect(violations).toEqual([]);
  });
});
