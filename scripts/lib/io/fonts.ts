import { readFileSync } from 'node:fs';
import type { FontSet } from '../pdfmake/fonts.js';
import type { Face } from '../source/glyphs.js';

/** The bytes of each face of the font set, read when first asked for (a build whose checks come from the cache never reads them). */
export function fontFaceReader(fonts: FontSet): () => Record<Face, Uint8Array> {
  let faces: Record<Face, Uint8Array> | undefined;
  return () => (faces ??= Object.fromEntries(Object.entries(fonts.descriptors[fonts.family]!).map(([face, file]) => [face, new Uint8Array(readFileSync(file))])) as Record<Face, Uint8Array>);
}
