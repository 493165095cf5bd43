import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export interface Fontkit {
  create(bytes: Uint8Array, postscriptName?: string): unknown;
}

interface GlyphRun {
  positions: object[];
}

interface LayoutFont {
  layout(text: string, ...options: unknown[]): GlyphRun;
}

let shared: Fontkit | undefined;

/** The most words a font keeps laid out; beyond it, words are laid out as they come. */
const MAX_RUNS = 200_000;

const copy = <T extends object>(value: T): T => Object.assign(Object.create(Object.getPrototypeOf(value) as object) as T, value);

/**
 * Lays out each word once per process: pdfkit keeps its layouts per document and shapes every word again for
 * the next one. pdfkit scales the positions of the run it is given in place, so each call gets a copy.
 */
function memoiseLayout(font: LayoutFont): void {
  const layout = font.layout.bind(font);
  const runs = new Map<string, GlyphRun>();
  font.layout = (text, ...options) => {
    if (options.some((option) => option !== undefined)) return layout(text, ...options);
    let run = runs.get(text);
    if (run === undefined) {
      run = layout(text);
      if (runs.size < MAX_RUNS) runs.set(text, run);
    }
    return Object.assign(copy(run), { positions: run.positions.map(copy) });
  };
}

/**
 * The fontkit module pdfkit loads, with `create` answering from a cache keyed by the font's bytes. pdfkit
 * parses every font anew for every document; with the cache a process (or worker) parses each face once, and
 * its tables, glyphs, layout engine and laid-out words serve every later document. Call before pdfmake is
 * first imported: the cached module replaces fontkit's entry in require's cache, where pdfkit's `require` finds it.
 */
export function sharedFontkit(): Fontkit {
  if (shared) return shared;
  const require = createRequire(import.meta.url);
  const pdfkit = require.resolve('pdfkit', { paths: [dirname(require.resolve('pdfmake'))] });
  const path = require.resolve('fontkit', { paths: [dirname(pdfkit)] });
  const fontkit = require(path) as Fontkit;
  const fonts = new Map<string, unknown>();
  const create = (bytes: Uint8Array, postscriptName?: string): unknown => {
    const key = `${createHash('sha256').update(bytes).digest('hex')} ${postscriptName ?? ''}`;
    let font = fonts.get(key);
    if (font === undefined) {
      font = fontkit.create(bytes, postscriptName);
      if (typeof (font as LayoutFont).layout === 'function') memoiseLayout(font as LayoutFont);
      fonts.set(key, font);
    }
    return font;
  };
  shared = Object.freeze({ ...fontkit, create });
  require.cache[path]!.exports = shared;
  return shared;
}
