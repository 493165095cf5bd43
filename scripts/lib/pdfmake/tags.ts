/**
 * The structure roles that the briefing markup gives its pdfmake nodes (content.ts), for the structure tree the
 * tagging patch (structure-layout.ts, structure-render.ts) writes. A node carries, under TAGS, the frames it
 * opens, outermost first: a table cell opens its row group, its row and itself. Frames that several nodes
 * share (the row of two cells) are the same object, so they become one structure element.
 */
export type StructType =
  | 'H1' | 'H2' | 'H3' | 'P' | 'Div' | 'L' | 'LI' | 'Lbl' | 'LBody'
  | 'Table' | 'THead' | 'TBody' | 'TR' | 'TH' | 'TD' | 'TOC' | 'TOCI' | 'Reference' | 'Figure';

export interface Frame {
  type: StructType;
  /** alternative text (figures) */
  alt?: string;
  /** a language other than the document's */
  lang?: string;
  /** header cells: the cells they head */
  scope?: 'Column' | 'Row';
  /** a list item's label, made before its body so that it reads first */
  label?: Frame;
}

/** The property of a pdfmake node that holds the frames it opens. */
export const TAGS = '_uprTags';

/** Sets the frames a node opens, after any it has already. */
export function tagged<T extends object>(node: T, ...frames: Frame[]): T {
  const own = (node as Record<string, unknown>)[TAGS] as Frame[] | undefined;
  (node as Record<string, unknown>)[TAGS] = [...(own ?? []), ...frames];
  return node;
}

export const frame = (type: StructType, extra: Omit<Frame, 'type'> = {}): Frame => ({ type, ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) });

export const isHeading = (type: StructType) => /^H\d$/.test(type);
