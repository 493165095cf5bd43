import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FontFaces } from '../pdfmake/fonts.js';
import { inputError } from './inputs.js';
import type { Hasher } from './stamps.js';

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

/** Each face's sha256, in the order of FontFaces' faces, vouched for by `hasher`'s stamps where it can: a build that renders nothing never reads the fonts. */
export async function fontDigests(hasher: Hasher): Promise<string[]> {
  return Promise.all(Object.values(dejaVuFiles().files).map(async (path) => {
    try {
      const digest = await hasher.hash(path);
      if (digest === undefined) throw Object.assign(new Error(`${path} is missing`), { code: 'ENOENT' });
      return digest;
    } catch (cause) {
      throw inputError(path, cause);
    }
  }));
}

/** The folders the fonts are read from, which a watching build watches. */
export const fontFolders = (): string[] => [dirname(dejaVuFiles().files.normal)];

/** The faces read when first asked for (a worker whose checks and renders need no font never reads them). */
export function fontFaceReader(): () => FontFaces {
  let fonts: FontFaces | undefined;
  return () => (fonts ??= readFontFaces());
}
