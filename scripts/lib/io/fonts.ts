import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FontFaces } from '../pdfmake/fonts.js';
import { inputError } from './inputs.js';

/** DejaVu Sans from the dejavu-fonts-ttf package: Latin, Cyrillic with Kazakh letters, ₸, €, arrows and check marks. */
function dejaVuFiles(): { family: string; files: Record<keyof FontFaces['faces'], string> } {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const file = (name: string) => join(dir, `DejaVuSans${name}.ttf`);
  return { family: 'DejaVuSans', files: { normal: file(''), bold: file('-Bold'), italics: file('-Oblique'), bolditalics: file('-BoldOblique') } };
}

function readFace(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (cause) {
    throw inputError(path, cause);
  }
}

/** The briefing's font faces, as the bytes the glyph check and the printer are given. */
export function readFontFaces(): FontFaces {
  const { family, files } = dejaVuFiles();
  const faces = Object.fromEntries(Object.entries(files).map(([face, path]) => [face, readFace(path)]));
  return { family, faces: faces as FontFaces['faces'] };
}

/** The faces read when first asked for (a worker whose checks and renders need no font never reads them). */
export function fontFaceReader(): () => FontFaces {
  let fonts: FontFaces | undefined;
  return () => (fonts ??= readFontFaces());
}
