import { isScalar, type Node } from 'yaml';
import { createMessage, type Message, type Position } from '../diagnostics/message.js';
import type { RuleId } from '../diagnostics/rules.js';
import { describeOwner, textField, textValues } from './describe.js';
import { locate, positionAt, type DataPath, type SourceFile } from './positions.js';

type HazardRule = Extract<RuleId, 'control-character' | 'lone-surrogate' | 'bidi-control' | 'invisible-character'>;

const INVISIBLE = new Set([0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff]);
const NAMES: Record<number, string> = { 0x00: 'NUL', 0x1b: 'ESC', 0x7f: 'DEL', 0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x2060: 'WORD JOINER', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE', 0x00ad: 'SOFT HYPHEN', 0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING', 0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE', 0x0085: 'NEXT LINE (NEL)', 0x2028: 'LINE SEPARATOR', 0x2029: 'PARAGRAPH SEPARATOR', 0x061c: 'ARABIC LETTER MARK' };

/** Which hazard a code point is, if any. Tab and line breaks are layout, not hazards. */
export function hazardOf(cp: number): HazardRule | undefined {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return undefined;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'control-character';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'lone-surrogate';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi-control';
  if (INVISIBLE.has(cp)) return 'invisible-character';
  return undefined;
}

/** The Unicode name of a code point that messages name, if it has one. */
export const charName = (cp: number): string | undefined => NAMES[cp];

/** Each hazardous character of a text, with its rule and its place (counted in characters, from 1). */
export function* hazardsIn(text: string): Generator<{ cp: number; rule: HazardRule; index: number }> {
  let index = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    index++;
    const rule = hazardOf(cp);
    if (rule) yield { cp, rule, index };
  }
}

/** Where `char` first stands in the scalar at `path`, when the file holds it literally; else the value itself. */
export function positionOf(file: SourceFile, path: DataPath, char: string): Position {
  const node = file.doc.getIn(path, true) as Node | undefined;
  const range = isScalar(node) ? node.range : undefined;
  const at = range ? file.text.slice(range[0], range[1]).indexOf(char) : -1;
  return range && at !== -1 ? positionAt(file.lineCounter, range[0] + at) : locate(file, path);
}

/**
 * Characters that would vanish or mislead in the outputs: controls, lone surrogates, bidirectional overrides
 * and invisible characters. Each distinct character of a value is reported once, at its first occurrence.
 */
export function hazardMessages(data: unknown, file: SourceFile): Message[] {
  const messages: Message[] = [];
  for (const [path, text] of textValues(data)) {
    const where = () => ({ owner: describeOwner(data, path), field: textField(path) });
    if (text !== '' && text.trim() === '') messages.push(createMessage(file.path, locate(file, path), 'invalid-value', { kind: 'blank', ...where() }));
    const seen = new Set<number>();
    for (const { cp, rule, index } of hazardsIn(text)) {
      if (seen.has(cp)) continue;
      seen.add(cp);
      const params = { ...where(), codePoint: cp, name: NAMES[cp], index };
      messages.push(createMessage(file.path, positionOf(file, path, String.fromCodePoint(cp)), rule, params));
    }
  }
  return messages;
}
