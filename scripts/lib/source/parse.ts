import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { DataParseError } from '../diagnostics/errors.js';
import { createMessage, START, type Message, type Position } from '../diagnostics/message.js';
import type { DocumentKind } from '../diagnostics/rules.js';
import { aliasBombMessage, circularAliasMessage, depthMessage, fileSizeMessage, flowDepthMessage, LIMITS, unresolvedAliasMessage } from './limits.js';
import { excerpt } from './excerpt.js';
import { positionAt, type SourceFile } from './positions.js';
import { explainSyntaxError } from './yaml-syntax.js';

interface ParsedData {
  source?: SourceFile;
  data?: unknown;
  messages: Message[];
}

const YAML_CODES: Partial<Record<string, 'duplicate-key' | 'yaml-syntax' | 'unsafe-yaml'>> = {
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
    return { messages: [createMessage(path, positionAt(text, text.length), 'encoding', { kind: 'utf-8', byte: bytes[valid]! })] };
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

interface ParseOptions {
  /** the file's full size, when `bytes` holds only its first part */
  size?: number;
  /** what the file holds, for the advice on an empty file */
  document?: DocumentKind;
}

/** Parses a data file's bytes (YAML, or JSON by extension) into data plus positioned messages. */
export function parseData(path: string, bytes: Uint8Array, { size = bytes.length, document = 'review' }: ParseOptions = {}): ParsedData {
  const tooLarge = fileSizeMessage(path, size);
  if (tooLarge) return { messages: [tooLarge] };
  const decoded = decodeUtf8(path, bytes);
  if (decoded.text === undefined) return { messages: decoded.messages };
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { messages: [createMessage(path, START, 'empty-file', { document })] };
  const jsonMessage = /\.json$/i.test(path) ? checkJson(path, text) : undefined;
  if (jsonMessage) return { messages: [jsonMessage] };
  const tooDeep = flowDepthMessage(path, text);
  if (tooDeep) return { messages: [tooDeep] };
  try {
    return parseYaml(path, text);
  } catch (cause) {
    if (!(cause instanceof RangeError)) throw new DataParseError(`could not parse ${path}`, { cause });
    return { messages: [tooDeepToParse(path, START)] };
  }
}

const STACK_OVERFLOW = /Maximum call stack size exceeded/;

const tooDeepToParse = (path: string, at: Position) => createMessage(path, at, 'unsafe-yaml', { kind: 'depth-unparsed', limit: LIMITS.depth });

function parseYaml(path: string, text: string): ParsedData {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const source: SourceFile = { path, text, doc, lineCounter };
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) return { source, messages: yamlMessages(path, text, problems, lineCounter) };
  const problem = depthMessage(path, doc, source) ?? unresolvedAliasMessage(path, doc, source) ?? circularAliasMessage(path, doc, source);
  if (problem) return { source, messages: [problem] };
  try {
    return { source, data: doc.toJS({ maxAliasCount: LIMITS.aliasCount }), messages: [] };
  } catch {
    return { source, messages: [aliasBombMessage(path, doc, source)] };
  }
}

const isSyntaxError = (error: YAMLError) => YAML_CODES[error.code] === undefined && !STACK_OVERFLOW.test(error.message);

/**
 * The parser's problems as messages. Syntax errors cascade (one tab can give a dozen), so only the first is
 * reported, explained in plain words and shown with its line; the others (duplicate keys, tags) are independent
 * and each reported.
 */
function yamlMessages(path: string, text: string, problems: readonly YAMLError[], lineCounter: LineCounter): Message[] {
  const syntax = problems.filter(isSyntaxError);
  if (syntax.length === 0) return problems.map((e) => yamlMessage(path, positionAt(lineCounter, e.pos[0]), e));
  const { at, params, context } = explainSyntaxError(text, syntax, lineCounter);
  return [{ ...createMessage(path, at, 'yaml-syntax', params), excerpt: excerpt(text, at.line, at.column, context) }];
}

function yamlMessage(path: string, at: Position, error: YAMLError): Message {
  if (STACK_OVERFLOW.test(error.message)) return tooDeepToParse(path, at);
  const rule = YAML_CODES[error.code]!;
  if (rule === 'duplicate-key') return createMessage(path, at, 'duplicate-key');
  const first = error.message.split('\n')[0]!;
  if (rule === 'unsafe-yaml') {
    const tag = /tag: (\S+)/.exec(first)?.[1]?.replace('tag:yaml.org,2002:', '!!') ?? 'this tag';
    return createMessage(path, at, 'unsafe-yaml', { kind: 'tag', tag });
  }
  return createMessage(path, at, 'yaml-syntax', { kind: 'second-document' });
}

function checkJson(path: string, text: string): Message | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const at = /at position (\d+)/.exec(detail);
    const position = positionAt(text, at ? Number(at[1]) : text.length);
    const message = createMessage(path, position, 'json-syntax', { detail: detail.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '') });
    return { ...message, excerpt: excerpt(text, position.line, position.column, [position.line - 1]) };
  }
}
