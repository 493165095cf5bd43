import { createMessage, START, type Message } from '../diagnostics/message.js';
import { decodeUtf8 } from '../source/parse.js';

/** Encodings tried, in this order, when an import file is not UTF-8. */
const FALLBACK_ENCODINGS = ['windows-1252', 'macintosh'] as const;

interface DecodedText {
  text?: string;
  /** the WHATWG name of the encoding used */
  encoding?: string;
  /** true when the encoding was guessed rather than valid UTF-8 or named by --encoding */
  detected: boolean;
  /** whether the file started with a byte order mark */
  bom?: boolean;
  messages: Message[];
}

const LOWER_LATIN = /[a-zß-öø-ÿœšž]/u;
const UPPER_LATIN = /[A-ZÀ-ÖØ-ÞŒŠŽ]/u;

/** How much a decoded text looks like Western European prose: accented letters inside words score, stray symbols cost. */
function plausibility(text: string): number {
  let score = 0;
  const chars = Array.from(text);
  chars.forEach((char, i) => {
    if (char.charCodeAt(0) < 0x80) return;
    const before = chars[i - 1] ?? ' ';
    const after = chars[i + 1] ?? ' ';
    const inWord = LOWER_LATIN.test(before) || LOWER_LATIN.test(after);
    if (LOWER_LATIN.test(char)) score += inWord ? 2 : 1;
    else if (UPPER_LATIN.test(char)) score += LOWER_LATIN.test(after) || UPPER_LATIN.test(after) ? 1 : 0;
    else if ('’‘“”–—…«»'.includes(char)) score += 0;
    else score -= 2;
  });
  return score;
}

/**
 * Decodes an import file. A UTF-16 byte order mark names its encoding. With a label (--encoding, WHATWG names such as macintosh or windows-1252) the bytes
 * must be valid in that encoding. Without one, valid UTF-8 is taken as UTF-8; anything else is decoded as
 * each fallback encoding and the most plausible wins, with bare-CR line ends (classic Mac) breaking ties.
 * No byte ever becomes U+FFFD: undecodable input is refused with a message.
 */
export function decodeImport(path: string, bytes: Uint8Array, label?: string): DecodedText {
  if (label !== undefined) return decodeAs(path, bytes, label);
  const bom16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (bom16) return { ...decodeAs(path, bytes, bom16), detected: true, bom: true };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { ...decodeAs(path, bytes, utf16), detected: true, bom: false };
  const utf8 = decodeUtf8(path, bytes);
  if (utf8.text !== undefined) return { text: stripBom(utf8.text), encoding: 'utf-8', detected: false, bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, messages: [] };
  const bareCr = bytes.includes(0x0d) && !bytes.includes(0x0a);
  let best: { text: string; encoding: string; score: number } | undefined;
  for (const encoding of FALLBACK_ENCODINGS) {
    const text = textDecoder(encoding).decode(bytes);
    const score = plausibility(text) + (bareCr && encoding === 'macintosh' ? 1 : 0);
    if (!best || score > best.score) best = { text, encoding, score };
  }
  return { text: best!.text, encoding: best!.encoding, detected: true, messages: [] };
}

/**
 * UTF-16 without a byte order mark, as Excel's "Unicode text" may be saved: text whose every other byte is zero.
 * Judged on the first 4 KiB; Latin text in UTF-16 has a zero in nearly every high byte, other text never has NUL.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.6 && even < pairs * 0.1) return 'utf-16le';
  if (even > pairs * 0.6 && odd < pairs * 0.1) return 'utf-16be';
  return undefined;
}

function decodeAs(path: string, bytes: Uint8Array, label: string): DecodedText {
  let decoder: ReturnType<typeof textDecoder>;
  try {
    decoder = textDecoder(label);
  } catch {
    return { detected: false, messages: [createMessage(path, START, 'encoding', { kind: 'unknown-label', label })] };
  }
  if (decoder.encoding === 'utf-8') {
    const utf8 = decodeUtf8(path, bytes);
    return { text: utf8.text === undefined ? undefined : stripBom(utf8.text), encoding: 'utf-8', detected: false, messages: utf8.messages };
  }
  try {
    return { text: stripBom(decoder.decode(bytes)), encoding: decoder.encoding, detected: false, messages: [] };
  } catch {
    return { detected: false, messages: [createMessage(path, START, 'encoding', { kind: 'invalid', encoding: decoder.encoding })] };
  }
}

const stripBom = (text: string) => text.replace(/^\uFEFF/, '');

/** windows-1252's 0x80–0x9F, as the WHATWG Encoding Standard maps them (the five unassigned bytes stay C1 controls). */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ';

/**
 * Node 20's TextDecoder reads windows-1252 as ISO-8859-1, which turns ’ into the control U+0092; this decodes
 * it by the standard's table instead. Other labels go to TextDecoder, fatal, so no byte becomes U+FFFD.
 */
function textDecoder(label: string): { encoding: string; decode(bytes: Uint8Array): string } {
  const decoder = new TextDecoder(label, { fatal: true });
  if (decoder.encoding !== 'windows-1252') return decoder;
  return {
    encoding: 'windows-1252',
    decode: (bytes) => {
      let text = '';
      for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
      return text;
    },
  };
}
