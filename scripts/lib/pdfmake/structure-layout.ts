import { pdfmakeModule } from './dependencies.js';
import { onRepeatedRows } from './repeated-rows.js';
import { frame, TAGS, type Frame } from './tags.js';

/**
 * The layout half of the tagging (structure-render.ts is the other): while pdfmake lays the document out, every
 * line, vector, image and SVG it places is given the frames of the nodes it came from (content.ts puts them on
 * the nodes), or the kind of artifact it is: the running header and footer are pagination, a table's header
 * rows repeated on a later page are a layout artifact.
 */
export type ArtifactKind = 'Pagination' | 'Layout';

export interface Placed {
  /** the frames open when it was placed, outermost first */
  frames: readonly Frame[];
  artifact?: ArtifactKind;
  /** a list item's marker: it belongs to the item's label */
  marker?: boolean;
}

/** The property of a placed item that says what it belongs to. */
export const PLACED = '_uprPlaced';

type Node = Record<string, unknown> & { [TAGS]?: Frame[] };
type Item = Record<string, unknown> & { [PLACED]?: Placed };
type Method = (this: never, ...args: never[]) => unknown;

/** What is being laid out now: the open frames (and their snapshot, shared by all it places), or an artifact. */
let open: Frame[] = [];
let snapshot: Placed = { frames: [] };
let artifact: ArtifactKind | undefined;

function setOpen(frames: Frame[]): void {
  open = frames;
  snapshot = artifact ? { frames: [], artifact } : { frames };
}

function place(item: Item | undefined, marker = false): void {
  if (!item || typeof item !== 'object') return;
  item[PLACED] = marker ? { frames: labelPath(open), marker: true, ...(artifact ? { frames: [], artifact } : {}) } : snapshot;
}

/** A list marker's frames: those up to its item, then the item's label. */
function labelPath(frames: readonly Frame[]): Frame[] {
  const item = frames.findLastIndex((f) => f.label !== undefined);
  return item < 0 ? [...frames] : [...frames.slice(0, item + 1), frames[item]!.label!];
}

/** Runs `work` with the node's frames open. */
function within<T>(frames: readonly Frame[] | undefined, work: () => T): T {
  if (!frames || frames.length === 0) return work();
  const outer = open;
  setOpen([...outer, ...frames]);
  try {
    return work();
  } finally {
    setOpen(outer);
  }
}

function asArtifact<T>(kind: ArtifactKind, work: () => T): T {
  const [outerArtifact, outerOpen] = [artifact, open];
  artifact = kind;
  setOpen([]);
  try {
    return work();
  } finally {
    artifact = outerArtifact;
    setOpen(outerOpen);
  }
}

/** Replaces `names` on `target` by wrappers; returns what puts them back. */
function wrap(target: Record<string, unknown>, wrappers: Record<string, (original: Method) => Method>): () => void {
  const originals = Object.fromEntries(Object.keys(wrappers).map((name) => [name, target[name] as Method]));
  for (const [name, wrapper] of Object.entries(wrappers)) target[name] = wrapper(originals[name]!);
  return () => Object.assign(target, originals);
}

/** The TOC: its title as the heading content.ts made it, then its entries, each row an entry whose text is a reference. */
function processToc(this: { processNode(node: unknown): void }, node: { toc: { title?: unknown; _table?: { table: { body: Node[][] } }; hideEmpty?: boolean } }): void {
  const { toc } = node;
  if (!toc._table && toc.hideEmpty === true) return;
  if (toc.title) this.processNode(toc.title);
  if (!toc._table) return;
  for (const row of toc._table.table.body) {
    const [entry, reference] = [frame('TOCI'), frame('Reference')];
    for (const cell of row) cell[TAGS] = [entry, reference];
  }
  within([frame('TOC')], () => this.processNode(toc._table));
}

export function installLayoutTags(): () => void {
  const LayoutBuilder = pdfmakeModule<{ prototype: Record<string, unknown> }>('LayoutBuilder.js');
  const ElementWriter = pdfmakeModule<{ prototype: Record<string, unknown> }>('ElementWriter.js');
  const restoreLayout = wrap(LayoutBuilder.prototype, {
    processNode: (original) =>
      function (this: unknown, node: Node, ...rest: unknown[]) {
        return within(node?.[TAGS], () => (original as (...a: unknown[]) => unknown).call(this, node, ...rest));
      } as Method,
    processList: (original) =>
      function (this: unknown, ordered: boolean, node: Node) {
        for (const item of (node[ordered ? 'ol' : 'ul'] as Node[] | undefined) ?? []) {
          const marker = item.listMarker as { canvas?: Item[]; _inlines?: Item[] } | undefined;
          const first = marker?.canvas?.[0] ?? marker?._inlines?.[0];
          if (first) first._uprMarker = true;
        }
        return (original as (...a: unknown[]) => unknown).call(this, ordered, node);
      } as Method,
    processToc: () => processToc as unknown as Method,
    addHeadersAndFooters: (original) =>
      function (this: unknown, ...args: unknown[]) {
        return asArtifact('Pagination', () => (original as (...a: unknown[]) => unknown).apply(this, args));
      } as Method,
    addBackground: (original) =>
      function (this: unknown, ...args: unknown[]) {
        return asArtifact('Pagination', () => (original as (...a: unknown[]) => unknown).apply(this, args));
      } as Method,
    tryLayoutDocument: (original) =>
      function (this: unknown, ...args: unknown[]) {
        [artifact, open, snapshot] = [undefined, [], { frames: [] }];
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as Method,
  });
  const placing = (original: Method) =>
    function (this: unknown, item: Item, ...rest: unknown[]) {
      const marker = item?._uprMarker === true || (item?.inlines as Item[] | undefined)?.[0]?._uprMarker === true;
      place(item, marker);
      return (original as (...a: unknown[]) => unknown).call(this, item, ...rest);
    } as Method;
  const restoreWriter = wrap(ElementWriter.prototype, {
    addLine: placing,
    addVector: placing,
    addImage: placing,
    addSVG: placing,
  });
  // a table's header rows, repeated at the top of a later page: the copies are artifacts
  const stopRepeats = onRepeatedRows((items) => {
    for (const { item } of items) (item as Item)[PLACED] = { frames: [], artifact: 'Layout' };
  });
  return () => {
    stopRepeats();
    restoreWriter();
    restoreLayout();
  };
}
