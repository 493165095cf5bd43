import { load, type Patch } from './dependencies.js';

interface Glyph {
  id: number;
  advanceWidth: number;
}
interface Position {
  xAdvance: number;
  advanceWidth: number;
  [key: string]: number;
}
/** A word as pdfkit lays it out: glyphs, positions scaled to 1000 units per em, and its width. */
interface Run {
  glyphs: Glyph[];
  positions: Position[];
  advanceWidth: number;
}
/** pdfkit's EmbeddedFont (0.19.1): one per face and document, over the fontkit font it was opened from. */
interface EmbeddedFont {
  font: object;
  layoutCache?: Record<string, Run>;
  /** the face's runs (runsByFace), kept on the font of each document so a word costs one lookup */
  _uprRuns?: Map<string, Run>;
  layoutRun(text: string, features?: unknown): Run;
  layoutCached(text: string): Run;
  layout(text: string, features?: unknown, onlyWidth?: boolean): { glyphs: Glyph[] | null; positions: Position[] | null; advanceWidth: number };
}
interface PdfKitDocument {
  _font?: object;
  font(...args: unknown[]): PdfKitDocument;
}

/** The most words a face keeps laid out across documents; beyond it, a document keeps its own as pdfkit does. */
const MAX_RUNS = 200_000;

/** Each fontkit face's laid-out words, scaled as pdfkit scales them, for every document that draws with it. */
const runsByFace = new WeakMap<object, Map<string, Run>>();

function runsOf(face: object): Map<string, Run> {
  let runs = runsByFace.get(face);
  if (!runs) runsByFace.set(face, (runs = new Map()));
  return runs;
}

/**
 * As pdfkit's layoutCached, but the words of a face are kept for every document drawn with that face (the
 * shared fontkit gives each document the same face object), not per document: a word is laid out and scaled
 * once per process. The same run object, which pdfkit already shares between the measuring and the drawing of
 * a document and never changes once scaled.
 */
function layoutCached(this: EmbeddedFont, text: string): Run {
  if (!this.layoutCache) return this.layoutRun(text);
  const runs = (this._uprRuns ??= runsOf(this.font));
  let run = runs.get(text);
  if (run === undefined) {
    run = this.layoutCache[text] ?? this.layoutRun(text);
    if (runs.size < MAX_RUNS) runs.set(text, run);
    else this.layoutCache[text] = run;
  }
  return run;
}

const SPACE = 32;
const TAB = 9;

/**
 * As pdfkit's layout: the text cut after every space and tab, each piece laid out (cached) on its own, the
 * widths summed in the same order. pdfkit tests every character against a new array and copies the glyphs
 * gathered so far for each piece (quadratic in a joined line); this scans with char codes and appends.
 */
function layout(this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean) {
  if (features) return this.layoutRun(text, features);
  const glyphs: Glyph[] | null = onlyWidth ? null : [];
  const positions: Position[] | null = onlyWidth ? null : [];
  let advanceWidth = 0;
  let last = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== SPACE && code !== TAB && index < text.length - 1) continue;
    const run = this.layoutCached(text.slice(last, index + 1));
    if (glyphs && positions) {
      for (const glyph of run.glyphs) glyphs.push(glyph);
      for (const position of run.positions) positions.push(position);
    }
    advanceWidth += run.advanceWidth;
    last = index + 1;
  }
  return { glyphs, positions, advanceWidth };
}

/**
 * pdfkit lays out (shapes) every word of a document anew, though the shared fontkit has kept the face and its
 * glyph runs: once when pdfmake measures the word, and again, from its cache, while drawing each line, cutting
 * the line at spaces and copying the glyphs gathered so far at every word. With this patch a word is laid out
 * once per process and face, and a line drawn from the runs pdfmake measured. pdfkit's EmbeddedFont is not
 * exported: the patch goes into its prototype when a document first opens an embedded face. Same glyphs, same
 * positions, widths summed in the same order, so the same bytes (test/pdfmake-adapter.test.ts).
 */
export const layoutOnce: Patch = {
  name: 'layout-once',
  install() {
    const { prototype: document } = load<{ prototype: PdfKitDocument }>('pdfkit');
    const font = document.font;
    let patched: { prototype: EmbeddedFont; original: Pick<EmbeddedFont, 'layoutCached' | 'layout'> } | undefined;
    document.font = function (this: PdfKitDocument, ...args: unknown[]) {
      const result = font.apply(this, args);
      const prototype = this._font && (Object.getPrototypeOf(this._font) as EmbeddedFont);
      if (prototype && Object.hasOwn(prototype, 'layoutCached') && Object.hasOwn(prototype, 'layout')) {
        patched = { prototype, original: { layoutCached: prototype.layoutCached, layout: prototype.layout } };
        Object.assign(prototype, { layoutCached, layout });
        document.font = font;
      }
      return result;
    };
    return () => {
      document.font = font;
      if (patched) Object.assign(patched.prototype, patched.original);
    };
  },
};
