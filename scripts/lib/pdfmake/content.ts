import type { Content, ContentText, TableCell } from 'pdfmake/interfaces.js';
import { barChart } from './bar-chart.js';
import { CONTINUED } from './continued-header.js';
import { breakableRuns } from './breakable.js';
import { MarkupError, type MarkupElement, type MarkupNode } from '../render/markup.js';
import { isSafeLink } from './resources.js';
import type { Graphic } from '../render/graphic.js';
import { frame, tagged, type Frame, type StructType } from './tags.js';

export type { Graphic };

/** Values that inline placeholders take when a page is drawn (footer and header). */
export interface PageContext {
  page: number;
  pages: number;
}

export interface Graphics {
  logo?: Graphic;
  charts: Readonly<Record<string, Graphic>>;
}

/** What a conversion may draw on: the page being drawn (for page numbers) and the pictures. */
export interface Scope {
  page?: PageContext;
  graphics: Graphics;
}

type Inline = string | ContentText | Inline[];

const INLINE = new Set(['b', 'i', 'span', 'a', 'link', 'br', 'page-number', 'page-count']);
const BLOCK_STYLE_DEFAULT: Record<string, string> = { p: 'p', h1: 'h1', h2: 'h2', h3: 'h3', th: 'th', td: 'td', li: 'li' };

const isInline = (node: MarkupNode) => typeof node === 'string' || INLINE.has(node.name);
const isBlank = (node: MarkupNode) => typeof node === 'string' && node.trim() === '';

/** Line breaks and the indentation after them are template layout, not text: they become one space. */
function flow(text: string): string {
  return text.replace(/[ \t]*\r?\n\s*/g, ' ');
}

function inlineOf(node: MarkupNode, scope: Scope): Inline {
  if (typeof node === 'string') return flow(node);
  const text = node.children.map((c) => inlineOf(c, scope)) as ContentText['text'];
  switch (node.name) {
    case 'b':
      return { text, bold: true };
    case 'i':
      return { text, italics: true };
    case 'span':
      return { text, style: node.attrs.style ?? [] };
    case 'a':
      if (!isSafeLink(node.attrs.href ?? '')) throw new MarkupError(`<a href="${node.attrs.href ?? ''}"> may point only at an http(s) or mailto address`, node.offset);
      return { text, link: node.attrs.href, style: node.attrs.style ?? 'link' };
    case 'link':
      return { text, linkToDestination: node.attrs.to, style: node.attrs.style ?? 'internal-link' };
    case 'br':
      return '\n';
    case 'page-number':
      return String(scope.page?.page ?? '');
    case 'page-count':
      return String(scope.page?.pages ?? '');
    default:
      throw new MarkupError(`<${node.name}> cannot stand inside text`, node.offset);
  }
}

/** Trims the white space that template layout leaves at the two ends of a text block. */
function trimEnds(items: Inline[]): Inline[] {
  const out = [...items];
  if (typeof out[0] === 'string') out[0] = out[0].trimStart();
  const last = out.length - 1;
  if (typeof out[last] === 'string') out[last] = (out[last] as string).trimEnd();
  return out.filter((item) => item !== '');
}

type Props = Omit<ContentText, 'text'>;

function mergeProps(outer: Props, inner: Props): Props {
  const style = [outer.style ?? [], inner.style ?? []].flat() as string[];
  return { ...outer, ...inner, ...(style.length > 0 ? { style } : {}) };
}

/**
 * Flattens nested inlines into leaves that carry every property of their ancestors. pdfmake flattens nested
 * text itself but drops the outer properties (bold, italics, style, link), so we must not hand it nesting.
 * Over-long words become runs pdfmake can break between (see breakable.ts).
 */
function leaves(items: readonly Inline[], props: Props = {}): Inline[] {
  const plain = Object.keys(props).length === 0;
  return items.flatMap((item): Inline[] => {
    if (typeof item === 'string') return breakableRuns(item).map((run) => (plain ? run : { ...props, text: run }));
    if (Array.isArray(item)) return leaves(item, props);
    const { text, ...own } = item;
    return leaves(Array.isArray(text) ? (text as Inline[]) : [text as Inline], mergeProps(props, own));
  });
}

export function inlines(children: readonly MarkupNode[], scope: Scope): Inline[] {
  return leaves(trimEnds(children.map((c) => inlineOf(c, scope))));
}

/** The plain text of some markup, for bookmarks. */
export function plainText(children: readonly MarkupNode[]): string {
  return children.map((c) => (typeof c === 'string' ? flow(c) : plainText(c.children))).join('').replace(/\s+/g, ' ').trim();
}

function common(el: MarkupElement): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const style = el.attrs.style ?? BLOCK_STYLE_DEFAULT[el.name];
  if (style) props.style = style.split(/\s+/);
  if (el.attrs.id) props.id = el.attrs.id;
  if (el.attrs['page-break'] === 'before') props.pageBreak = 'before';
  if (el.attrs.unbreakable === 'yes') props.unbreakable = true;
  if (el.attrs.at) {
    const [x, y] = el.attrs.at.split(',').map(Number);
    props.absolutePosition = { x, y };
  }
  return props;
}

/** The structure frame of a block, with the language its `lang` names. */
const role = (el: MarkupElement, type: StructType, extra: Omit<Frame, 'type' | 'lang'> = {}): Frame => frame(type, { ...extra, lang: el.attrs.lang });

/**
 * A cell, list item or container: text when all its children are inline, a stack of blocks otherwise. Its
 * frames (a cell's, a list item's) go on the node; a container of text alone that has none is a paragraph.
 */
function flexible(el: MarkupElement, scope: Scope, frames: readonly Frame[] = []): Content {
  const children = el.children;
  if (children.every(isInline)) return tagged({ text: inlines(children, scope), ...common(el) }, ...(frames.length > 0 ? frames : [role(el, 'P')])) as Content;
  return tagged({ stack: blocks(children, scope), ...common(el) }, ...frames) as Content;
}

/** Text with nothing visible in it; pdfmake lays out no line for it, and a bookmark on it crashes. */
const isEmpty = (items: readonly Inline[]): boolean =>
  items.every((item) => (typeof item === 'string' ? item.trim() === '' : isEmpty(Array.isArray(item) ? item : ([] as Inline[]).concat(item.text as Inline))));

function heading(el: MarkupElement, scope: Scope): Content {
  const level = Number(el.name.slice(1));
  const text = inlines(el.children, scope);
  const node = tagged<Record<string, unknown>>({ text: isEmpty(text) ? '\u00a0' : text, headlineLevel: level, ...common(el) }, role(el, `H${level}` as StructType));
  if (el.attrs.toc !== 'no') Object.assign(node, { tocItem: true, tocStyle: `toc-${level}`, tocNumberStyle: `toc-${level}` });
  if (el.attrs.outline !== 'no') Object.assign(node, { outline: true, outlineText: plainText(el.children), outlineParentId: el.attrs.parent });
  return node as unknown as Content;
}

function widths(spec: string | undefined, columns: number): (string | number)[] {
  if (!spec) return Array.from({ length: columns }, () => '*');
  return spec.split(',').map((w) => (/^\d+(\.\d+)?$/.test(w.trim()) ? Number(w) : w.trim()));
}

const cellsOf = (row: MarkupElement) => row.children.filter((c): c is MarkupElement => typeof c !== 'string');

/**
 * The frames of each cell: its row group, its row and itself, a `<th>` heading its column in the header rows and
 * its row below them. A table without `<th>` lays out (the cover's facts, a header band): its cells are paragraphs.
 */
function cellFrames(rows: readonly MarkupElement[], headerRows: number): ((cell: MarkupElement, row: number) => Frame[]) | undefined {
  if (!rows.some((row) => cellsOf(row).some((cell) => cell.name === 'th'))) return undefined;
  const groups = { head: frame('THead'), body: frame('TBody') };
  const trs = rows.map(() => frame('TR'));
  return (cell, row) => {
    const header = row < headerRows;
    const own = cell.name === 'th' ? role(cell, 'TH', { scope: header ? 'Column' : 'Row' }) : role(cell, 'TD');
    return [header ? groups.head : groups.body, trs[row]!, own];
  };
}

/** A cell of text whose every word carries what its repeats on later pages add (continued-header.ts): `continued="(continued)"`. */
function continued(cell: Content, suffix: string | undefined): object {
  const text = (cell as { text?: unknown }).text;
  if (!suffix || !Array.isArray(text)) return cell as object;
  return { ...(cell as object), text: (text as Inline[]).map((leaf) => ({ ...(typeof leaf === 'string' ? { text: leaf } : (leaf as object)), [CONTINUED]: suffix })) };
}

/** Rows may split across pages unless `break-rows="no"`: a row taller than a page would otherwise be lost. */
function table(el: MarkupElement, scope: Scope): Content {
  const rows = el.children.filter((c): c is MarkupElement => typeof c !== 'string' && c.name === 'tr');
  const headerRows = Number(el.attrs['header-rows'] ?? 0);
  const frames = cellFrames(rows, headerRows);
  const body = rows.map((row, r) =>
    cellsOf(row).flatMap((cell) => {
      const span = Number(cell.attrs.colspan ?? 1);
      const content = { ...continued(flexible(cell, scope, frames?.(cell, r)), cell.attrs.continued), ...(span > 1 ? { colSpan: span } : {}) } as TableCell;
      return [content, ...Array.from({ length: span - 1 }, () => ({}) as TableCell)];
    }),
  );
  const columns = body[0]?.length ?? 1;
  const node = {
    table: { headerRows, widths: widths(el.attrs.widths, columns), body, dontBreakRows: el.attrs['break-rows'] === 'no' },
    layout: el.attrs.layout ?? 'briefing',
    ...common(el),
  };
  return (frames ? tagged(node, role(el, 'Table')) : node) as Content;
}

/** The name under which a chart drawn as PNG bytes is among the definition's images (the logo's is `logo`). */
export const chartImage = (kind: string) => `chart-${kind}`;

/** A picture: its SVG, or the name of its PNG bytes among the definition's images (document.ts); a figure with the alternative text `alt` (markup) or the graphic's. */
function picture(el: MarkupElement, graphic: Graphic | undefined, name: string): Content {
  if (!graphic) return { text: '' };
  const width = Number(el.attrs.width ?? graphic.width);
  const size = el.attrs.height ? { fit: [width, Number(el.attrs.height)] } : { width };
  const body = graphic.svg !== undefined ? { svg: graphic.svg, font: 'DejaVuSans' } : { image: name };
  const node = { ...body, ...size, ...common(el), ...(el.attrs.align ? { alignment: el.attrs.align } : {}) };
  return tagged(node, role(el, 'Figure', { alt: el.attrs.alt ?? graphic.alt })) as Content;
}

function chart(el: MarkupElement, scope: Scope): Content {
  const kind = el.attrs.kind ?? '';
  const graphic = scope.graphics.charts[kind];
  if (!graphic) throw new MarkupError(`<chart kind="${kind}"> names no chart; use one of ${Object.keys(scope.graphics.charts).join(', ')}`, el.offset);
  return picture(el, graphic, chartImage(kind));
}

function rule(el: MarkupElement): Content {
  const w = Number(el.attrs.width ?? 483);
  const h = Number(el.attrs.height ?? 2);
  return { canvas: [{ type: 'rect', x: 0, y: 0, w, h, color: el.attrs.color ?? '#000000' }], ...common(el) } as Content;
}

function block(node: MarkupElement, scope: Scope): Content {
  switch (node.name) {
    case 'h1':
    case 'h2':
    case 'h3':
      return heading(node, scope);
    case 'p':
      return tagged({ text: inlines(node.children, scope), ...common(node) }, role(node, 'P')) as Content;
    case 'ul':
    case 'ol':
      return tagged({ [node.name]: listItems(node, scope), ...common(node) }, role(node, 'L')) as unknown as Content;
    case 'table':
      return table(node, scope);
    case 'div':
      return node.children.every(isInline) ? flexible(node, scope) : flexible(node, scope, [role(node, 'Div')]);
    case 'chart':
      return chart(node, scope);
    case 'bar-chart':
      return barChart(node);
    case 'logo':
      return picture(node, scope.graphics.logo, 'logo');
    case 'rule':
      return rule(node);
    case 'toc':
      return { toc: { title: tagged({ text: node.attrs.title ?? '', style: 'h1' }, frame('H1')), numberStyle: 'toc-number' }, ...common(node) } as Content;
    case 'pagebreak':
      return { text: '', pageBreak: 'after' };
    default:
      throw new MarkupError(`<${node.name}> is not a block element of the briefing markup`, node.offset);
  }
}

function listItems(list: MarkupElement, scope: Scope): Content[] {
  return list.children.filter((c) => !isBlank(c)).map((c) => {
    if (typeof c === 'string' || c.name !== 'li') throw new MarkupError(`<${list.name}> may hold only <li>`, typeof c === 'string' ? list.offset : c.offset);
    return flexible(c, scope, [role(c, 'LI', { label: frame('Lbl') }), frame('LBody')]);
  });
}

/** Block children; a run of inline children between blocks becomes one paragraph. */
export function blocks(children: readonly MarkupNode[], scope: Scope): Content[] {
  const out: Content[] = [];
  let run: MarkupNode[] = [];
  const flush = () => {
    if (run.some((c) => !isBlank(c))) out.push(tagged({ text: inlines(run, scope), style: 'p' }, frame('P')) as Content);
    run = [];
  };
  for (const child of children) {
    if (typeof child === 'string' || isInline(child)) run.push(child);
    else {
      flush();
      out.push(block(child, scope));
    }
  }
  flush();
  return out;
}

/** Header or footer content: a line of text, or blocks (a table with a left and a right part, say). */
export function band(children: readonly MarkupNode[], scope: Scope): Content {
  return children.every(isInline) ? ({ text: inlines(children, scope) } as Content) : { stack: blocks(children, scope) };
}
