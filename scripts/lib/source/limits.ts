import { isCollection, isPair, visit, type Alias, type Document, type Node } from 'yaml';
import { createMessage, START, type Message, type Position } from '../diagnostics/message.js';
import { describeOwner, textField, textValues } from './describe.js';
import { locate, positionAt, type SourceFile } from './positions.js';

/**
 * The documented maximum sizes of a review file (README "Limits"). Each is checked before the stage it
 * protects, so a hostile file is refused with a message that names the limit instead of exhausting memory.
 */
export const LIMITS = {
  /** bytes of one data file; the YAML parser needs about 100 times this in memory */
  fileBytes: 4 * 1024 * 1024,
  /** themes, sources and claims, each */
  listItems: 5_000,
  /** characters of one text value (a claim, a title, the summary) */
  textLength: 20_000,
  /** items of a list inside one item: a claim's tags and sources, a theme's issues, a recommendation's themes */
  itemRefs: 100,
  /** levels of nested lists and mappings; a review needs 4 */
  depth: 32,
  /** nodes that aliases may expand to, against "billion laughs" */
  aliasCount: 100,
} as const;

const LISTS = ['themes', 'sources', 'claims', 'recommendations'] as const;

export function fileSizeMessage(path: string, size: number): Message | undefined {
  if (size <= LIMITS.fileBytes) return undefined;
  return createMessage(path, START, 'too-large', { kind: 'file', size, limit: LIMITS.fileBytes });
}

const tooDeep = (path: string, at: Position) => createMessage(path, at, 'unsafe-yaml', { kind: 'depth', limit: LIMITS.depth });

/** The first node nested deeper than the limit, found without recursion so that depth itself cannot overflow the stack. */
export function depthMessage(path: string, doc: Document.Parsed, source: Pick<SourceFile, 'lineCounter'>): Message | undefined {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > LIMITS.depth) {
      return tooDeep(path, positionAt(source.lineCounter, (node as Node).range?.[0] ?? 0));
    }
    for (const item of node.items) stack.push([isPair(item) ? item.value : item, depth + 1]);
  }
  return undefined;
}

/** Lists with more items, and texts with more characters, than the limits allow. */
export function sizeMessages(data: unknown, file: SourceFile): Message[] {
  const messages: Message[] = [];
  const record = data as Record<string, unknown>;
  for (const list of LISTS) {
    const items = Object.hasOwn(record, list) ? record[list] : undefined;
    if (Array.isArray(items) && items.length > LIMITS.listItems) {
      messages.push(createMessage(file.path, locate(file, [list], 'key'), 'too-large', { kind: 'list', list, items: items.length, limit: LIMITS.listItems }));
    }
  }
  if (messages.length > 0) return messages;
  messages.push(...itemRefMessages(record, file));
  for (const [path, text] of textValues(data)) {
    if (text.length <= LIMITS.textLength) continue;
    const params = { kind: 'text', owner: describeOwner(data, path), field: textField(path), length: text.length, limit: LIMITS.textLength } as const;
    messages.push(createMessage(file.path, locate(file, path), 'too-large', params));
  }
  return messages;
}

/** The lists inside one item that the item limit bounds, by the top-level list the item is in. */
const ITEM_LISTS: Record<string, readonly string[]> = { themes: ['issues'], claims: ['tags', 'sources'], recommendations: ['themes', 'affected_persons', 'sdgs'] };

function itemRefMessages(record: Record<string, unknown>, file: SourceFile): Message[] {
  const messages: Message[] = [];
  for (const [list, keys] of Object.entries(ITEM_LISTS)) {
    const items = Object.hasOwn(record, list) ? record[list] : undefined;
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      if (typeof item !== 'object' || item === null) return;
      for (const key of keys) {
        const value = Object.hasOwn(item, key) ? (item as Record<string, unknown>)[key] : undefined;
        if (!Array.isArray(value) || value.length <= LIMITS.itemRefs) continue;
        const params = { kind: 'item-list', owner: describeOwner(record, [list, i]), field: `"${key}"`, items: value.length, limit: LIMITS.itemRefs } as const;
        messages.push(createMessage(file.path, locate(file, [list, i, key], 'key'), 'too-large', params));
      }
    });
  }
  return messages;
}

function firstAlias(doc: Document.Parsed, test: (alias: Alias, ancestors: readonly unknown[]) => boolean): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, alias, ancestors) {
      if (!test(alias, ancestors)) return undefined;
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
}

/** An alias that names no anchor before it cannot be resolved. Run after depthMessage: the visit recurses. */
export function unresolvedAliasMessage(path: string, doc: Document.Parsed, source: Pick<SourceFile, 'lineCounter'>): Message | undefined {
  const alias = firstAlias(doc, (a) => a.resolve(doc) === undefined);
  if (!alias) return undefined;
  return createMessage(path, positionAt(source.lineCounter, alias.range?.[0] ?? 0), 'yaml-syntax', { kind: 'unresolved-alias', alias: alias.source });
}

/** An alias inside the node it names would expand for ever. Run after depthMessage: the visit recurses. */
export function circularAliasMessage(path: string, doc: Document.Parsed, source: Pick<SourceFile, 'lineCounter'>): Message | undefined {
  const alias = firstAlias(doc, (a, ancestors) => ancestors.includes(a.resolve(doc)));
  if (!alias) return undefined;
  return createMessage(path, positionAt(source.lineCounter, alias.range?.[0] ?? 0), 'unsafe-yaml', { kind: 'circular-alias', alias: alias.source });
}

export function aliasBombMessage(path: string, doc: Document.Parsed, source: Pick<SourceFile, 'lineCounter'>): Message {
  const alias = firstAlias(doc, () => true);
  return createMessage(path, positionAt(source.lineCounter, alias?.range?.[0] ?? 0), 'unsafe-yaml', { kind: 'alias-bomb', limit: LIMITS.aliasCount });
}

/**
 * The first `[` or `{` that opens a flow collection deeper than the limit, or that holds more items than any
 * list of a review may, found by scanning the text before parsing: the parser recurses into flow collections and
 * would run out of stack at a point that varies, and two million one-letter items would take gigabytes to parse.
 */
export function flowDepthMessage(path: string, text: string): Message | undefined {
  let depth = 0;
  let quote: string | undefined;
  /** commas seen at each open flow collection: a list of two million one-letter tags is refused before it is parsed */
  const commas: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '[' || c === '{') {
      if (++depth > LIMITS.depth) return tooDeep(path, positionAt(text, i));
      commas.push(i);
      commas.push(0);
    } else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
      commas.splice(-2, 2);
    } else if (c === ',' && commas.length > 0 && ++commas[commas.length - 1]! >= LIMITS.listItems) {
      return createMessage(path, positionAt(text, commas[commas.length - 2]!), 'too-large', { kind: 'flow-list', limit: LIMITS.listItems, itemLimit: LIMITS.itemRefs });
    }
  }
  return undefined;
}
