import type { Face } from '../source/glyphs.js';
import { install } from './install.js';
import { openFont, sharedFontkit } from './shared-fontkit.js';

/** A font family's four faces as bytes, read at the edge (io/fonts.ts): the briefing is set in them, and nothing else is read. */
export interface FontFaces {
  family: string;
  faces: Readonly<Record<Face, Uint8Array>>;
}

/**
 * Glyph coverage of every face (regular, bold, italic, bold italic), read with fontkit from the faces' bytes: the
 * faces that cannot draw a code point, none when all can. The bytes are asked for on the first question, so a
 * build whose checks all come from the cache never opens them. The faces are opened through the shared fontkit
 * (shared-fontkit.ts), so they are the objects pdfkit later draws with: a process parses each face once.
 */
export function fontCoverage(faceBytes: () => Readonly<Record<Face, Uint8Array>>): (codePoint: number) => Face[] {
  let faces: (readonly [Face, { hasGlyphForCodePoint(cp: number): boolean }])[] | undefined;
  const open = () => {
    install({ only: [sharedFontkit.name] });
    return Object.entries(faceBytes()).map(([face, bytes]) => [face as Face, openFont(bytes) as { hasGlyphForCodePoint(cp: number): boolean }] as const);
  };
  const cache = new Map<number, Face[]>();
  return (cp) => {
    let missing = cache.get(cp);
    if (missing === undefined) cache.set(cp, (missing = (faces ??= open()).filter(([, font]) => !font.hasGlyphForCodePoint(cp)).map(([face]) => face)));
    return missing;
  };
}
