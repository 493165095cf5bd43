import { LineCounter, parseDocument } from 'yaml';
import { DataParseError } from '../diagnostics/errors.js';
import { createMessage, START, type Message, type Position } from '../diagnostics/message.js';
import type { RuleId } from '../diagnostics/rules.js';
import { aliasBombMessage, circularAliasMessage, depthMessage, fileSizeMessage, flowDepthMessage, LIMITS, TOO_DEEP_TO_PARSE } from './limits.js';
import { positionAt, type SourceFile } from './positions.js';

export interface ParsedData {
  source?: SourceFile;
  data?: unknown;
  messages: Message[];
}

const yamlCodes: Partial<Record<string, RuleId>> = {
  DUPLICATE_KEY: 'duplicate-key',
  MULTIPLE_DOCS: 'yaml-syntax',
  TAG_RESOLVE_FAILED: 'unsafe-yaml',
  BAD_ALIAS: 'unsafe-yaml',
};

/** Decodes bytes as strict UTF-8; the first bad byte gets a position. */
export function decodeUtf8(path: string, bytes: Uint8Array): { text?: string; messages: Message[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), messages: [] };
  } catch {
    const valid = validUtf8Prefix(bytes);
    const text = new TextDecoder('utf-8').decode(bytes.subarray(0, valid));
    const lineCounter = new LineCounter();
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    const reason = `byte 0x${bytes[valid]?.toString(16).padStart(2, '0')} is not valid UTF-8; save the file as UTF-8`;
    return { messages: [createMessage(path, positionAt(lineCounter, text.length), 'encoding', reason)] };
  }
}

function validUtf8Prefix(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // fatal decoding refuses a truncated sequence, so the longest valid prefix ends on a character boundary
  return lo;
}

/** Parses a review file's bytes (YAML or JSON by extension) into data plus positioned messages. `size` is the file's
 * full size when `bytes` holds only its first part. */
export function parseData(path: string, bytes: Uint8Array, size = bytes.length): ParsedData {
  const tooLarge = fileSizeMessage(path, size);
  if (tooLarge) return { messages: [tooLarge] };
  const decoded = decodeUtf8(path, bytes);
  if (decoded.text === undefined) return { messages: decoded.messages };
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    return { messages: [createMessage(path, START, 'empty-file', 'the file is empty; write a review in it or delete it')] };
  }
  const jsonMessage = /\.json$/i.test(path) ? checkJson(path, text) : undefined;
  if (jsonMessage) return { messages: [jsonMessage] };
  const tooDeep = flowDepthMessage(path, text);
  if (tooDeep) return { messages: [tooDeep] };
  try {
    return parseYaml(path, text);
  } catch (cause) {
    if (!(cause instanceof RangeError)) throw new DataParseError(`could not parse ${path}`, { cause });
    return { messages: [createMessage(path, START, 'unsafe-yaml', TOO_DEEP_TO_PARSE)] };
  }
}

const STACK_OVERFLOW = /Maximum call stack size exceeded/;

function parseYaml(path: string, text: string): ParsedData {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const source: SourceFile = { path, text, doc, lineCounter };
  const problems = [...doc.errors, ...doc.warnings].map((e) => {
    const rule = STACK_OVERFLOW.test(e.message) ? 'unsafe-yaml' : (yamlCodes[e.code] ?? 'yaml-syntax');
    return createMessage(path, positionAt(lineCounter, e.pos[0]), rule, yamlReason(rule, e.message));
  });
  if (problems.length > 0) return { source, messages: problems };
  const unsafe = depthMessage(path, doc, source) ?? circularAliasMessage(path, doc, source);
  if (unsafe) return { source, messages: [unsafe] };
  try {
    return { source, data: doc.toJS({ maxAliasCount: LIMITS.aliasCount }), messages: [] };
  } catch {
    return { source, messages: [aliasBombMessage(path, doc, source)] };
  }
}

function yamlReason(rule: RuleId, detail: string): string {
  const first = detail.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '').replace(/\.$/, '');
  if (rule === 'duplicate-key') return 'this key appears twice in the same mapping; keep one of them';
  if (/multiple documents/.test(first)) return 'a second YAML document starts here (after ---); keep one review per file';
  if (STACK_OVERFLOW.test(detail)) return TOO_DEEP_TO_PARSE;
  if (rule === 'unsafe-yaml') {
    const tag = /tag: (\S+)/.exec(first)?.[1]?.replace('tag:yaml.org,2002:', '!!') ?? 'this tag';
    return `the tag ${tag} is not allowed: review data holds plain values only; remove the tag`;
  }
  return `YAML cannot be parsed: ${first}; fix the syntax here`;
}

function checkJson(path: string, text: string): Message | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const reason = `JSON cannot be parsed: ${detail.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}; fix the syntax here (JSON allows no trailing commas or comments)`;
    return createMessage(path, jsonPosition(text, detail), 'json-syntax', reason);
  }
}

function jsonPosition(text: string, detail: string): Position {
  const at = /at position (\d+)/.exec(detail);
  const offset = at ? Number(at[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
