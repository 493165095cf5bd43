import { CST, Parser, type LineCounter, type YAMLError } from 'yaml';
import type { Position } from '../diagnostics/message.js';
import type { RuleParams } from '../diagnostics/rules.js';

/** A YAML syntax error as a person would explain it: where, in which words, and which other lines to show. */
export interface ExplainedSyntax {
  at: Position;
  params: RuleParams<'yaml-syntax'>;
  /** lines to show beside the line itself */
  context: number[];
}

/** One line of the file as the explanation reads it. */
interface Line {
  n: number;
  raw: string;
  indent: number;
  /** the text after the indentation */
  content: string;
  /** starts a list item (`- `) */
  dash: boolean;
}

const KEY = /^((?:"[^"]*"|'[^']*'|[^\s#"'[\]{},:][^#]*?)):(?=\s|$)\s*(.*)$/;
const PLAIN_KEY = /^([A-Za-z_$][\w$.-]*)(?::(\S.*))?(?:\s+(.*))?$/;

/** `text` in quotes, the kind of quotes that need no escape: `"…"` unless it holds `"` or `\`, else `'…'`. */
function quoted(text: string): string {
  if (!/["\\]/.test(text)) return `"${text}"`;
  return `'${text.replace(/'/g, "''")}'`;
}

/** The key and value of a line's mapping entry (after a list item's dash), or undefined. */
function entry(content: string): { key: string; value: string; valueAt: number } | undefined {
  const m = KEY.exec(content);
  if (!m) return undefined;
  return { key: m[1]!.trim(), value: m[2]!.replace(/\s+#.*$/, '').trimEnd(), valueAt: content.length - m[2]!.length };
}

const item = (line: Line) => (line.dash ? line.content.replace(/^-\s*/, '') : line.content);
const itemColumn = (line: Line) => line.indent + (line.dash ? line.content.length - item(line).length : 0);

function readLines(text: string): Line[] {
  return text.split('\n').map((l, i) => {
    const raw = l.replace(/\r$/, '');
    const indent = raw.search(/[^ ]/);
    const content = indent === -1 ? '' : raw.slice(indent);
    return { n: i + 1, raw, indent: indent === -1 ? raw.length : indent, content, dash: /^-(\s|$)/.test(content) };
  });
}

const significant = (line: Line) => line.content !== '' && !line.content.startsWith('#');

function previousLine(lines: readonly Line[], n: number): number[] {
  for (let i = n - 2; i >= 0; i--) if (significant(lines[i]!)) return [i + 1];
  return [];
}

/** A line indented with a tab: one message, with the other such lines named. */
function tab(lines: readonly Line[], first: number): ExplainedSyntax {
  const tabbed = lines.filter((l) => /^[ ]*\t/.test(l.raw)).map((l) => l.n);
  const line = tabbed.includes(first) ? first : (tabbed[0] ?? first);
  return {
    at: { line, column: lines[line - 1]!.raw.indexOf('\t') + 1 },
    params: { kind: 'tab', others: tabbed.filter((n) => n !== line) },
    context: previousLine(lines, line),
  };
}

interface Level {
  col: number;
  kind: 'map' | 'seq';
  /** the last line at this level */
  line: Line;
}

/** Reads the block structure line by line, up to `until`, and returns the first line that breaks it. */
function structure(lines: readonly Line[], until: number): ExplainedSyntax | undefined {
  const stack: Level[] = [];
  let prev: { keyCol: number; opens: boolean; plain: boolean } | undefined;
  let blockScalar: number | undefined;
  for (const line of lines.slice(0, until)) {
    if (!significant(line)) continue;
    if (blockScalar !== undefined && line.indent > blockScalar) continue;
    blockScalar = undefined;
    if (/^[ ]*\t/.test(line.raw) || /^(---|\.\.\.)(\s|$)/.test(line.raw)) return undefined;
    const content = item(line);
    const kv = entry(content);
    if (stack.length === 0) stack.push({ col: line.indent, kind: line.dash ? 'seq' : 'map', line });
    if (prev?.plain && line.indent > prev.keyCol && !line.dash && !kv) continue;
    if (prev?.opens && (line.indent > prev.keyCol || (line.dash && line.indent === prev.keyCol))) {
      stack.push({ col: line.indent, kind: line.dash ? 'seq' : 'map', line });
    } else {
      const odd = misplaced(stack, line);
      if (odd === LOST) return undefined;
      if (odd) return odd;
    }
    stack.at(-1)!.line = line;
    if (line.dash) {
      if (content !== '' && (kv || looksLikeKey(lines, line))) stack.push({ col: itemColumn(line), kind: 'map', line });
    }
    const wrong = missingColon(lines, line, kv);
    if (wrong) return wrong;
    const value = kv?.value ?? (line.dash ? content : '');
    if (/^["']/.test(value) && !closedOnLine(value)) return undefined;
    if (/^[[{]/.test(value) && !balanced(value)) return undefined;
    if (/^[|>][-+0-9]*$/.test(value)) blockScalar = kv ? itemColumn(line) : line.indent;
    prev = { keyCol: kv ? itemColumn(line) : line.indent, opens: kv ? value === '' : line.dash && content === '', plain: value !== '' && !/^["'[{|>&*!]/.test(value) };
  }
  return undefined;
}

/** The structure cannot be followed further (a line fits no level, and none is near). */
const LOST = Symbol('lost');

/** Checks a line against the open levels (popping those it closes); returns the explanation when it fits none. */
function misplaced(stack: Level[], line: Line): ExplainedSyntax | typeof LOST | undefined {
  const kind = line.dash ? 'seq' : 'map';
  const at = stack.findLastIndex((l) => l.col === line.indent && l.kind === kind);
  if (at !== -1 && stack.slice(at + 1).every((l) => l.col >= line.indent)) {
    stack.length = at + 1;
    return undefined;
  }
  if (!line.dash && /^-\S/.test(line.content) && stack.some((l) => l.col === line.indent && l.kind === 'seq')) {
    return { at: { line: line.n, column: line.indent + 2 }, params: { kind: 'missing-space', after: 'dash', key: '-', fixed: `- ${line.content.slice(1)}` }, context: [] };
  }
  const candidates = stack.filter((l) => l.kind === kind);
  if (candidates.length === 0) return LOST;
  const target = candidates.reduce((best, l) => {
    const d = Math.abs(l.col - line.indent);
    const bestD = Math.abs(best.col - line.indent);
    return d < bestD || (d === bestD && l.col > best.col) ? l : best;
  });
  const spaces = Math.abs(line.indent - target.col);
  return {
    at: { line: line.n, column: line.indent + 1 },
    params: { kind: 'indent', spaces, direction: line.indent > target.col ? 'more' : 'less', reference: target.line.n, text: short(target.line.content) },
    context: [target.line.n],
  };
}

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** A list item whose next line continues it as a mapping: `- id c2` followed by `  theme: t1`. */
function looksLikeKey(lines: readonly Line[], line: Line): boolean {
  const next = lines.slice(line.n).find(significant);
  return next !== undefined && !next.dash && next.indent === itemColumn(line) && entry(next.content) !== undefined;
}

/** `theme t1` or `theme:t1` where a field belongs. */
function missingColon(lines: readonly Line[], line: Line, kv: ReturnType<typeof entry>): ExplainedSyntax | undefined {
  if (kv) return undefined;
  const content = item(line);
  if (line.dash && !looksLikeKey(lines, line)) return undefined;
  if (!line.dash && content === '') return undefined;
  const m = PLAIN_KEY.exec(content);
  if (!m) return undefined;
  const [, key, glued, rest] = m;
  const dash = line.dash ? '- ' : '';
  const start = itemColumn(line) + key!.length;
  if (glued !== undefined) {
    const value = [glued, rest].filter(Boolean).join(' ');
    return { at: { line: line.n, column: start + 2 }, params: { kind: 'missing-space', after: 'colon', key: key!, fixed: `${dash}${key}: ${value}` }, context: previousLine(lines, line.n) };
  }
  return {
    at: { line: line.n, column: start + 1 },
    params: { kind: 'missing-colon', key: key!, fixed: rest ? `${dash}${key}: ${rest}` : `${dash}${key}:` },
    context: previousLine(lines, line.n),
  };
}

/** The end of a quoted text that starts a value, or -1. */
function closingQuote(value: string): number {
  const quote = value[0];
  for (let i = 1; i < value.length; i++) {
    if (quote === '"' && value[i] === '\\') i++;
    else if (value[i] === quote) {
      if (quote === "'" && value[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

const closedOnLine = (value: string) => closingQuote(value) !== -1;

function balanced(value: string): boolean {
  let depth = 0;
  for (const c of value.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '')) {
    if (c === '[' || c === '{') depth++;
    if (c === ']' || c === '}') depth--;
  }
  return depth <= 0;
}

/** A quote or bracket that is never closed (the parser stops it at the first line that is less indented). */
function unclosed(text: string, lines: readonly Line[], counter: LineCounter, before: number): ExplainedSyntax | undefined {
  let found: ExplainedSyntax | undefined;
  const consider = (token: CST.Token | null | undefined) => {
    if (found || !token || token.offset > before) return;
    const { line, col } = counter.linePos(token.offset);
    if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
      const quote = token.source[0]!;
      if (closingQuote(token.source) !== token.source.length - 1) found = { at: { line, column: col }, params: { kind: 'unclosed-quote', quote }, context: [] };
    } else if (token.type === 'flow-collection') {
      const bracket = token.start.source;
      const close = bracket === '[' ? ']' : '}';
      if (!token.end.some((t) => t.source === close)) {
        const written = lines[line - 1]!.content;
        const fixed = !written.includes('#') && balanced(written + close) ? written + close : undefined;
        found = { at: { line, column: col }, params: { kind: 'unclosed-bracket', bracket, ...(fixed ? { fixed } : {}) }, context: [] };
      }
    }
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    consider(token.value);
    CST.visit(token, (it) => {
      consider(it.key as CST.Token | null);
      consider(it.value);
    });
  }
  return found;
}

/** `text: "Reform" was announced` and `text: The minister said: no`, on the line of the parser's error. */
function valueNeedsQuotes(lines: readonly Line[], error: YAMLError, at: Position): ExplainedSyntax | undefined {
  const line = lines[at.line - 1];
  const kv = line && entry(item(line));
  if (!line || !kv || kv.value === '') return undefined;
  const valueColumn = itemColumn(line) + kv.valueAt + 1;
  const prefix = line.dash ? '- ' : '';
  const fixed = (text: string) => `${prefix}${kv.key}: ${text}`;
  if (/^["']/.test(kv.value) && error.code === 'UNEXPECTED_TOKEN') {
    const end = closingQuote(kv.value);
    if (end !== -1 && end < kv.value.length - 1) {
      return {
        at,
        params: { kind: 'quote-continues', key: kv.key, quoted: kv.value.slice(0, end + 1), fixed: fixed(quoted(kv.value)) },
        context: [],
      };
    }
  }
  const colon = kv.value.search(/:(\s|$)/);
  if (colon !== -1 && !/^["'[{]/.test(kv.value)) {
    return { at: { line: at.line, column: valueColumn + colon }, params: { kind: 'colon-in-value', key: kv.key, fixed: fixed(quoted(kv.value)) }, context: [] };
  }
  return undefined;
}

/**
 * The first of the parser's syntax errors, explained: a tab, a quote or bracket never closed, a line out of line
 * with its neighbours or missing its colon, a value that needs quotes; otherwise the parser's own words. The
 * explanation points at the line to fix, which is not always the line where the parser gave up.
 */
export function explainSyntaxError(text: string, errors: readonly YAMLError[], counter: LineCounter): ExplainedSyntax {
  const first = [...errors].sort((a, b) => a.pos[0] - b.pos[0])[0]!;
  const { line, col } = counter.linePos(first.pos[0]);
  const at = { line, column: col };
  const lines = readLines(text);
  if (first.code === 'TAB_AS_INDENT' || /^[ ]*\t/.test(lines[line - 1]?.raw ?? '')) return tab(lines, line);
  const found = unclosed(text, lines, counter, first.pos[0]);
  if (found) return found;
  // the parser may stop at the line above the odd one, or at a comment before it
  const next = lines.slice(line).find(significant)?.n ?? line;
  const odd = structure(lines, next);
  if (odd && odd.at.line >= line - 1) return odd;
  const quotes = valueNeedsQuotes(lines, first, at);
  if (quotes) return quotes;
  const stray = /Unexpected flow-(?:seq|map)-end token/.test(first.message) ? text[first.pos[0]] : undefined;
  if (stray === ']' || stray === '}') return { at, params: { kind: 'stray-bracket', bracket: stray }, context: previousLine(lines, line) };
  const detail = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '').replace(/\.$/, '');
  return { at, params: { kind: 'syntax', detail }, context: previousLine(lines, line) };
}
