import { createMessage, type Message } from '../diagnostics/message.js';
import { describeOwner, textValues } from './describe.js';
import { hazardOf } from './hazards.js';
import { locate, type DataPath, type SourceFile } from './positions.js';

/** The four faces of the briefing's font. */
export type Face = 'normal' | 'bold' | 'italics' | 'bolditalics';
export const FACE_NAMES: Record<Face, string> = { normal: 'regular', bold: 'bold', italics: 'italic', bolditalics: 'bold italic' };

/** The faces of the briefing's font that cannot draw a code point; none when every face can. */
export type GlyphCoverage = (codePoint: number) => readonly Face[];

const FACES = Object.keys(FACE_NAMES).length;

function lacking(faces: readonly Face[]): string {
  if (faces.length === FACES) return 'which no bundled font can draw, so the PDF would lose it';
  const names = faces.map((f) => FACE_NAMES[f]);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `which the bundled font's ${list} face${faces.length === 1 ? '' : 's'} cannot draw, so the PDF would lose it wherever it is set in ${faces.length === 1 ? 'that face' : 'them'}`;
}

const LAYOUT = new Set([0x09, 0x0a, 0x0d, 0x20]);

const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

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
    for (const [cp, [char, faces]] of missing) {
      const field = String(path.findLast((p) => typeof p === 'string'));
      const reason = `${describeOwner(data, path, root)}: "${field}" holds "${char}" (${codePoint(cp)}), ${lacking(faces)}; replace the character or add a font that has it`;
      messages.push(createMessage(file.path, locate(file, path), 'missing-glyph', reason));
    }
  }
  return messages;
}
