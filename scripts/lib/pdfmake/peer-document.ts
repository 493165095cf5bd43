/**
 * The briefing as other engines would be given it, for the benchmark's peers (scripts/bench-peers.ts): its
 * sections, paragraphs, lists and tables with their text and type sizes, read from the very pdfmake definition
 * the project renders, so every peer sets the same words in the same font at the same sizes.
 */
import type { DocumentDefinition } from './printer.js';

export interface Run {
  text: string;
  size: number;
  bold?: boolean;
  italics?: boolean;
}

export interface Cell {
  runs: Run[];
  colSpan?: number;
}

export type Block =
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'list'; ordered: boolean; items: Run[][] }
  | { kind: 'table'; widths: number[]; headerRows: number; rows: Cell[][] }
  | { kind: 'pagebreak' };

export interface PeerDocument {
  id: string;
  title: string;
  pageSize: string;
  margins: [number, number, number, number];
  lineHeight: number;
  blocks: Block[];
  /** what the peers do not draw: the charts, the logo, the rules, the table of contents, headers and footers */
  omitted: number;
}

type Node = Record<string, unknown>;
/** The briefing's page (templates/pdf-styles.json sets A4), in points */
export const A4_WIDTH = 595.28;
export const A4_HEIGHT = 841.89;
interface Style {
  size: number;
  bold: boolean;
  italics: boolean;
}

const names = (style: unknown): string[] => (style === undefined ? [] : ([] as unknown[]).concat(style).filter((s): s is string => typeof s === 'string'));

/** A node's type size and weight: its own, else its named styles' (last wins, as in pdfmake), else its parent's. */
function styleOf(node: Node, parent: Style, styles: Record<string, Node>): Style {
  const pick = <T>(key: string, inherited: T): T => {
    if (node[key] !== undefined) return node[key] as T;
    let value = inherited;
    for (const name of names(node.style)) if (styles[name]?.[key] !== undefined) value = styles[name]![key] as T;
    return value;
  };
  return { size: pick('fontSize', parent.size), bold: pick('bold', parent.bold), italics: pick('italics', parent.italics) };
}

function runs(text: unknown, style: Style, styles: Record<string, Node>): Run[] {
  if (typeof text === 'string' || typeof text === 'number') return String(text) === '' ? [] : [{ text: String(text), size: style.size, ...(style.bold ? { bold: true } : {}), ...(style.italics ? { italics: true } : {}) }];
  if (Array.isArray(text)) return text.flatMap((item) => runs(item, style, styles));
  if (typeof text === 'object' && text !== null) return runs((text as Node).text, styleOf(text as Node, style, styles), styles);
  return [];
}

/** The text of a cell or list item, its blocks one after another on lines of their own. */
function cellRuns(node: unknown, style: Style, styles: Record<string, Node>): Run[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return runs(node, style, styles);
  const own = styleOf(node as Node, style, styles);
  const { stack, text } = node as Node;
  if (!Array.isArray(stack)) return runs(text, own, styles);
  return stack.flatMap((child, i) => [...(i > 0 ? [{ text: '\n', size: own.size }] : []), ...cellRuns(child, own, styles)]);
}

/** Column widths as fractions of the text width: fixed widths in points, the rest shared out equally. */
function relativeWidths(widths: unknown, columns: number, textWidth: number): number[] {
  const given = Array.from({ length: columns }, (_, i) => (Array.isArray(widths) && typeof widths[i] === 'number' ? (widths[i] as number) / textWidth : undefined));
  const fixed = given.reduce<number>((sum, w) => sum + (w ?? 0), 0);
  const shared = given.filter((w) => w === undefined).length;
  return given.map((w) => w ?? Math.max(0, 1 - fixed) / shared);
}

class Flattener {
  readonly blocks: Block[] = [];
  omitted = 0;
  constructor(
    private readonly styles: Record<string, Node>,
    private readonly textWidth: number,
  ) {}

  add(node: unknown, style: Style): void {
    if (Array.isArray(node)) return node.forEach((child) => this.add(child, style));
    if (typeof node === 'string') return void this.blocks.push({ kind: 'paragraph', runs: runs(node, style, this.styles) });
    if (typeof node !== 'object' || node === null) return;
    const n = node as Node;
    const own = styleOf(n, style, this.styles);
    if (n.pageBreak === 'before') this.blocks.push({ kind: 'pagebreak' });
    this.content(n, own);
    if (n.pageBreak === 'after') this.blocks.push({ kind: 'pagebreak' });
  }

  private content(n: Node, style: Style): void {
    if (Array.isArray(n.stack)) return this.add(n.stack, style);
    if (Array.isArray(n.ul) || Array.isArray(n.ol)) {
      const items = (n.ul ?? n.ol) as unknown[];
      return void this.blocks.push({ kind: 'list', ordered: Array.isArray(n.ol), items: items.map((item) => cellRuns(item, style, this.styles)) });
    }
    if (typeof n.table === 'object' && n.table !== null) return this.table(n.table as Node, style);
    if (n.text !== undefined) {
      const text = runs(n.text, style, this.styles);
      if (text.length === 0) return;
      return void this.blocks.push(typeof n.headlineLevel === 'number' ? { kind: 'heading', level: n.headlineLevel, runs: text } : { kind: 'paragraph', runs: text });
    }
    this.omitted++;
  }

  private table(table: Node, style: Style): void {
    const body = (table.body ?? []) as unknown[][];
    const columns = body[0]?.length ?? 1;
    const rows = body.map((row) => {
      const cells: Cell[] = [];
      for (let i = 0; i < row.length; i++) {
        const cell = row[i] as Node;
        const span = typeof cell?.colSpan === 'number' ? cell.colSpan : 1;
        cells.push({ runs: cellRuns(cell, style, this.styles), ...(span > 1 ? { colSpan: span } : {}) });
        i += span - 1;
      }
      return cells;
    });
    this.blocks.push({ kind: 'table', widths: relativeWidths(table.widths, columns, this.textWidth), headerRows: Number(table.headerRows ?? 0), rows });
  }
}

/** The peers' version of a briefing's definition (its content; headers, footers and pictures are counted in `omitted`). */
export function peerDocument(id: string, definition: DocumentDefinition): PeerDocument {
  const defaults = (definition.defaultStyle ?? {}) as Node;
  const margins = definition.pageMargins as PeerDocument['margins'];
  const flattener = new Flattener((definition.styles ?? {}) as Record<string, Node>, A4_WIDTH - margins[0] - margins[2]);
  flattener.add(definition.content, { size: Number(defaults.fontSize ?? 10), bold: false, italics: false });
  const bands = [definition.header, definition.footer].filter(Boolean).length;
  return {
    id,
    title: String(definition.info?.title ?? id),
    pageSize: String(definition.pageSize ?? 'A4'),
    margins,
    lineHeight: Number(defaults.lineHeight ?? 1),
    blocks: flattener.blocks,
    omitted: flattener.omitted + bands,
  };
}
