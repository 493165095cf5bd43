import { LineCounter, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { START, type Position } from '../diagnostics/message.js';

export type DataPath = readonly (string | number)[];

/** A parsed data file: its text, its YAML node tree and a way to turn a data path into a position. */
export interface SourceFile {
  path: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

interface Found {
  node: Node | null;
  pair?: Pair;
  complete: boolean;
}

function descend(root: Node | null, path: DataPath): Found {
  let node: Node | null = root;
  let pair: Pair | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const hit = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!hit) return { node, pair, complete: false };
      pair = hit;
      node = (hit.value as Node | null) ?? null;
      if (node === null) return { node: null, pair, complete: true };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) return { node, pair, complete: false };
      pair = undefined;
      node = item as Node;
    } else {
      return { node, pair, complete: false };
    }
  }
  return { node, pair, complete: true };
}

function offsetOf(found: Found, at: 'key' | 'value'): number | undefined {
  const key = found.pair && isScalar(found.pair.key) ? found.pair.key : undefined;
  if (at === 'key' && key?.range) return key.range[0];
  if (found.node?.range) return found.node.range[0];
  return key?.range?.[0];
}

/** The position of the value at `path`, or of its key; falls back to the nearest ancestor that exists. */
export function locate(file: SourceFile, path: DataPath, at: 'key' | 'value' = 'value'): Position {
  const found = descend(file.doc.contents as Node | null, path);
  const offset = offsetOf(found, found.complete ? at : 'value');
  return offset === undefined ? START : positionAt(file.lineCounter, offset);
}

/** The position of `key` inside the mapping at `path`. */
export function locateKey(file: SourceFile, path: DataPath, key: string): Position {
  return locate(file, [...path, key], 'key');
}

/** The line and column of an offset: from the parser's line counter, or counted in a text the parser never saw. */
export function positionAt(lines: LineCounter | string, offset: number): Position {
  if (typeof lines === 'string') {
    const before = lines.slice(0, offset);
    return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

