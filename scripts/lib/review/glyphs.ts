import { createMessage, type Message } from '../diagnostics/message.js';
import { describeOwner } from './describe.js';
import { locate, type DataPath, type SourceFile } from './source.js';

/** Says whether the briefing's fonts can draw a code point. */
export type GlyphCoverage = (codePoint: number) => boolean;

const LAYOUT = new Set([0x09, 0x0a, 0x0d, 0x20]);

function* strings(value: unknown, path: (string | number)[] = []): Generator<[DataPath, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...path, i]);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) yield* strings(v, [...path, k]);
}

const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Every character the PDF would draw is checked against the fonts, so that none is dropped silently. */
export function glyphMessages(data: unknown, file: SourceFile, covers: GlyphCoverage): Message[] {
  const messages: Message[] = [];
  for (const [path, text] of strings(data)) {
    const missing = new Map<number, string>();
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      if (!LAYOUT.has(cp) && !covers(cp)) missing.set(cp, char);
    }
    for (const [cp, char] of missing) {
      const field = String(path.findLast((p) => typeof p === 'string'));
      const reason = `${describeOwner(data, path)}: "${field}" holds "${char}" (${codePoint(cp)}), which no bundled font can draw, so the PDF would lose it; replace the character or add a font that has it`;
      messages.push(createMessage(file.path, locate(file, path), 'missing-glyph', reason));
    }
  }
  return messages;
}
