import { createHash } from 'node:crypto';
import { fontkitEntry, load, pdfkitHoldsFontkit, type Patch } from './dependencies.js';

export interface Fontkit {
  create(bytes: Uint8Array, postscriptName?: string): unknown;
}

interface GlyphRun {
  positions: object[];
}

interface LayoutFont {
  layout(text: string, ...options: unknown[]): GlyphRun;
}

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

/** fontkit's `create`, answering from a cache keyed by the font's bytes; each font it makes remembers its laid-out words. */
function cachedCreate(fontkit: Fontkit): Fontkit['create'] {
  const fonts = new Map<string, unknown>();
  // pdfkit opens a face once per text element of an SVG chart, always with the printer's same bytes: each is hashed once
  const digests = new WeakMap<Uint8Array, string>();
  const digestOf = (bytes: Uint8Array) => {
    let digest = digests.get(bytes);
    if (digest === undefined) digests.set(bytes, (digest = createHash('sha256').update(bytes).digest('hex')));
    return digest;
  };
  return (bytes, postscriptName) => {
    const key = `${digestOf(bytes)} ${postscriptName ?? ''}`;
    let font = fonts.get(key);
    if (font === undefined) {
      font = fontkit.create(bytes, postscriptName);
      if (typeof (font as LayoutFont).layout === 'function') memoiseLayout(font as LayoutFont);
      fonts.set(key, font);
    }
    return font;
  };
}

/** The fontkit module pdfkit holds, once this patch has been installed; its `create` is switched, never the object. */
let shared: (Fontkit & Record<string, unknown>) | undefined;

/**
 * pdfkit parses every font anew for every document. With this patch the fontkit module pdfkit loads answers
 * `create` from a cache by the font's bytes, so a process (or worker) parses each face once, and its tables,
 * glyphs, layout engine and laid-out words serve every later document. It replaces fontkit's entry in the
 * module cache, where pdfkit's `require` finds it, so it must be installed before pdfkit is first loaded:
 * later, pdfkit holds fontkit's own module and the patch is not made.
 */
export const sharedFontkit: Patch = {
  name: 'shared-fontkit',
  install() {
    if (!shared && pdfkitHoldsFontkit()) return undefined;
    const entry = fontkitEntry();
    const fontkit = load<Fontkit>('fontkit');
    shared ??= { ...fontkit };
    shared.create = cachedCreate(fontkit);
    entry.exports = shared;
    return () => {
      shared!.create = fontkit.create;
      entry.exports = fontkit;
    };
  },
};

/** The fontkit module pdfkit draws with: faces opened here are the very objects pdfkit uses while the patch is installed. */
export function openFont(bytes: Uint8Array): unknown {
  return load<Fontkit>('fontkit').create(bytes);
}
