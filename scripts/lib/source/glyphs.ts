import { createMessage, type Message } from '../diagnostics/message.js';
import { describeOwner, textField, textValues } from './describe.js';
import { hazardOf } from './hazards.js';
import { locate, type SourceFile } from './positions.js';

/** The four faces of the briefing's font. */
export type Face = 'normal' | 'bold' | 'italics' | 'bolditalics';
const FACE_NAMES: Record<Face, string> = { normal: 'regular', bold: 'bold', italics: 'italic', bolditalics: 'bold italic' };

/** The faces of the briefing's font that cannot draw a code point; none when every face can. */
export type GlyphCoverage = (codePoint: number) => readonly Face[];

const FACES = Object.keys(FACE_NAMES).length;

const LAYOUT = new Set([0x09, 0x0a, 0x0d, 0x20]);

const PRINTABLE_ASCII = /^[\t\n\r\x20-\x7e]*$/;
const asciiCoverage = new WeakMap<GlyphCoverage, boolean>();

/** Whether every face draws every printable ASCII character: then most strings need no character-by-character check. */
function printableAscii(covers: GlyphCoverage): boolean {
  let all = asciiCoverage.get(covers);
  if (all === undefined) {
    all = true;
    for (let cp = 0x21; cp <= 0x7e && all; cp++) all = covers(cp).length === 0;
    asciiCoverage.set(covers, all);
  }
  return all;
}

/**
 * Every character the PDF would draw is checked against every face of the font, so that none is dropped
 * silently (hazards.ts reports controls and invisibles). `root` names the file's owner in messages (`the review`, `the briefing config`).
 */
export function glyphMessages(data: unknown, file: SourceFile, covers: GlyphCoverage, root?: string): Message[] {
  const messages: Message[] = [];
  const plain = printableAscii(covers);
  for (const [path, text] of textValues(data)) {
    if (plain && PRINTABLE_ASCII.test(text)) continue;
    const missing = new Map<number, [string, readonly Face[]]>();
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      const faces = LAYOUT.has(cp) || hazardOf(cp) ? [] : covers(cp);
      if (faces.length > 0) missing.set(cp, [char, faces]);
    }
    for (const [char, faces] of missing.values()) {
      const params = { owner: describeOwner(data, path, root), field: textField(path), char, faces: faces.map((f) => FACE_NAMES[f]), allFaces: faces.length === FACES };
      messages.push(createMessage(file.path, locate(file, path), 'missing-glyph', params));
    }
  }
  return messages;
}
