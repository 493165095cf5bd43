import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';

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
 * Glyph coverage of the regular face, read with fontkit. fontkit is required as CommonJS, the same module
 * instance pdfkit uses, so a build loads it (and its Unicode tables) once, not once per module system.
 */
export async function loadCoverage(fonts: FontSet): Promise<(codePoint: number) => boolean> {
  const fontkit = createRequire(import.meta.url)('fontkit') as typeof import('fontkit');
  const font = fontkit.openSync(fonts.descriptors[fonts.family]!.normal) as { hasGlyphForCodePoint(cp: number): boolean };
  const cache = new Map<number, boolean>();
  return (cp) => {
    let known = cache.get(cp);
    if (known === undefined) cache.set(cp, (known = font.hasGlyphForCodePoint(cp)));
    return known;
  };
}
