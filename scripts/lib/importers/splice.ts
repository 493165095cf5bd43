import { isMap, isSeq, stringify, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/** Replace text[start, end) with `text`; edits never overlap. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Applies edits to the original text from the end backwards, so that every offset still holds. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

export function topPair(doc: Document, key: string): Pair<Node, Node | null> | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  return (root as YAMLMap<Node, Node | null>).items.find((p) => (p.key as { value?: unknown }).value === key);
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;

/** The end of the value of a top-level pair, taken to the end of its line. */
export function pairEnd(text: string, pair: Pair<Node, Node | null>): number {
  const end = pair.value?.range?.[2] ?? pair.key.range?.[2] ?? text.length;
  if (end === 0 || text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

/** Block sequence items, each a mapping, indented as `dash` + "- " with `inner` before the lines that follow. */
function renderItems(items: readonly object[], dash: string, inner: string): string {
  return items
    .map((item) => {
      const lines = stringify(item, YAML_OUTPUT).trimEnd().split('\n');
      return `${lines.map((l, i) => (i === 0 ? `${dash}- ${l}` : `${inner}${l}`)).join('\n')}\n`;
    })
    .join('');
}

/** Text to end the document with: a line break first when the file does not end with one. */
const atEnd = (text: string, block: string) => ({ start: text.length, end: text.length, text: `${text === '' || text.endsWith('\n') ? '' : '\n'}${block}` });

/**
 * Appends mappings to the block sequence under a top-level key, matching its indentation and touching no
 * other byte. A flow or empty sequence is rewritten as a block one; a missing key is added at the end.
 */
export function appendItems(text: string, doc: Document, key: string, items: readonly object[]): Edit | undefined {
  if (items.length === 0) return undefined;
  const pair = topPair(doc, key);
  const seq = pair?.value;
  if (!pair) return atEnd(text, `${key}:\n${renderItems(items, '  ', '    ')}`);
  const first = isSeq(seq) && !seq.flow ? (seq.items[0] as Node | undefined) : undefined;
  const prefix = first?.range ? /^(\s*)-\s+$/.exec(text.slice(lineStart(text, first.range[0]), first.range[0])) : null;
  if (!first || !prefix || !isSeq(seq)) {
    const existing = isSeq(seq) ? (seq.toJSON() as object[]) : [];
    return { start: pair.key.range![0], end: pairEnd(text, pair), text: `${key}:\n${renderItems([...existing, ...items], '  ', '    ')}` };
  }
  const end = (seq.items.at(-1) as Node).range![2];
  const lead = text[end - 1] === '\n' ? '' : '\n';
  return { start: end, end, text: lead + renderItems(items, prefix[1]!, ' '.repeat(prefix[0].length)) };
}

/** Removes the items of a block sequence whose index is listed, from the start of their line to their end. */
export function removeItems(text: string, doc: Document, key: string, indexes: ReadonlySet<number>): Edit[] {
  const seq = topPair(doc, key)?.value;
  if (!isSeq(seq) || seq.flow) return [];
  return seq.items.flatMap((item, i) => {
    const range = (item as Node).range;
    if (!indexes.has(i) || !range) return [];
    return [{ start: lineStart(text, range[0]), end: range[2], text: '' }];
  });
}

export { atEnd };
