/**
 * The font's answers to "which faces cannot draw this character", kept between builds (out/.cache/glyphs.json)
 * for the fonts they came from. A build whose checks find every character they ask about here never opens
 * the fonts: a no-op build checks the briefing config without loading fontkit.
 */
import type { Face, GlyphCoverage } from '../source/glyphs.js';

export interface GlyphMemo {
  version: 1;
  /** the fonts' digests (the build's shared `fonts` input) */
  fonts: string;
  /** by code point: the faces that lack it */
  missing: Record<string, Face[]>;
}

export const GLYPH_MEMO_FILE = '.cache/glyphs.json';

const FACES: readonly string[] = ['normal', 'bold', 'italics', 'bolditalics'];

/** The memo read back, when it is one and of these fonts; else an empty one. */
export function parseGlyphMemo(text: string | undefined, fonts: string): GlyphMemo {
  const empty: GlyphMemo = { version: 1, fonts, missing: {} };
  if (text === undefined) return empty;
  try {
    const data = JSON.parse(text) as Partial<GlyphMemo>;
    if (data.version !== 1 || data.fonts !== fonts || typeof data.missing !== 'object' || data.missing === null) return empty;
    const valid = Object.entries(data.missing).filter(([cp, faces]) => /^\d+$/.test(cp) && Array.isArray(faces) && faces.every((f) => FACES.includes(f)));
    return { version: 1, fonts, missing: Object.fromEntries(valid) };
  } catch {
    return empty;
  }
}

export function renderGlyphMemo(memo: GlyphMemo): string {
  const missing = Object.fromEntries(Object.entries(memo.missing).sort(([a], [b]) => Number(a) - Number(b)));
  return `${JSON.stringify({ version: 1, fonts: memo.fonts, missing })}\n`;
}

/** `coverage` answered from `memo` where it can, each new answer added to it; `grown` says whether any was. */
export function rememberCoverage(coverage: GlyphCoverage, memo: GlyphMemo): { coverage: GlyphCoverage; grown(): boolean } {
  let grown = false;
  return {
    coverage: (cp) => {
      const known = memo.missing[cp];
      if (known) return known;
      grown = true;
      return (memo.missing[cp] = [...coverage(cp)]);
    },
    grown: () => grown,
  };
}
