import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import type { Face } from '../source/glyphs.js';
import { sharedFontkit } from './shared-fontkit.js';

/** The fonts the briefing uses, and the folder pdfmake may read them from. */
export interface FontSet {
  family: string;
  descriptors: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>;
  files: string[];
  allows(path: string): boolean;
}

/** DejaVu Sans from the dejavu-fonts-ttf package: Latin, Cyrillic with Kazakh letters, ₸, €, arrows and check marks. */
export function dejaVuFonts(): FontSet {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const file = (name: string) => join(dir, `DejaVuSans${name}.ttf`);
  const faces = { normal: file(''), bold: file('-Bold'), italics: file('-Oblique'), bolditalics: file('-BoldOblique') };
  const root = resolve(dir) + sep;
  return {
    family: 'DejaVuSans',
    descriptors: { DejaVuSans: faces },
    files: Object.values(faces),
    allows: (path) => resolve(path).startsWith(root),
  };
}


/**
 * Glyph coverage of every face (regular, bold, italic, bold italic), read with fontkit from the faces' bytes (read
 * at the edge, io/fonts.ts): the faces that cannot draw a code point, none when all can. The bytes are asked for on the first question, so a build whose checks all
 * come from the cache never loads them; they are the objects pdfkit draws with (see shared-fontkit.ts), so a
 * build parses each face once.
 */
export function fontCoverage(faceBytes: () => Readonly<Record<Face, Uint8Array>>): (codePoint: number) => Face[] {
  let faces: (readonly [Face, { hasGlyphForCodePoint(cp: number): boolean }])[] | undefined;
  const open = () =>
    Object.entries(faceBytes()).map(([face, bytes]) => {
      const font = sharedFontkit().create(bytes) as { hasGlyphForCodePoint(cp: number): boolean };
      return [face as Face, font] as const;
    });
  const cache = new Map<number, Face[]>();
  return (cp) => {
    let missing = cache.get(cp);
    if (missing === undefined) cache.set(cp, (missing = (faces ??= open()).filter(([, font]) => !font.hasGlyphForCodePoint(cp)).map(([face]) => face)));
    return missing;
  };
}
