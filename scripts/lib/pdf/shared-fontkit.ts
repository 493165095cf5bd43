import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export interface Fontkit {
  create(bytes: Uint8Array, postscriptName?: string): unknown;
}

let shared: Fontkit | undefined;

/**
 * The fontkit module pdfkit loads, with `create` answering from a cache keyed by the font's bytes. pdfkit
 * parses every font anew for every document; with the cache a process (or worker) parses each face once, and
 * its tables, glyphs and layout engine serve every later document. Call before pdfmake is first imported:
 * the cached module replaces fontkit's entry in require's cache, which is where pdfkit's `require` finds it.
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
    if (font === undefined) fonts.set(key, (font = fontkit.create(bytes, postscriptName)));
    return font;
  };
  shared = Object.freeze({ ...fontkit, create });
  require.cache[path]!.exports = shared;
  return shared;
}
