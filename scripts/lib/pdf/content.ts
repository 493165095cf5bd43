import type { Content, ContentText, TableCell } from 'pdfmake/interfaces.js';
import { barChart } from './bar-chart.js';
import { MarkupError, type MarkupElement, type MarkupNode } from './markup.js';

/** Values that inline placeholders take when a page is drawn (footer and header). */
export interface PageContext {
  page: number;
  pages: number;
}

type Inline = string | ContentText;

const INLINE = new Set(['b', 'i', 'span', 'a', 'link', 'br', 'page-number', 'page-count']);
const BLOCK_STYLE_DEFAULT: Record<string, string> = { p: 'p', h1: 'h1', h2: 'h2', h3: 'h3', th: 'th', td: 'td', li: 'li' };

const isInline = (node: MarkupNode) => typeof node === 'string' || INLINE.has(node.name);
const isBlank = (node: MarkupNode) => typeof node === 'string' && node.trim() === '';

/** Line breaks and the indentation after them are template layout, not text: they become one space. */
function flow(text: string): string {
  return text.replace(/[ \t]*\r?\n\s*/g, ' ');
}

type Props = Omit<ContentText, 'text'>;

const asStyles = (style: unknown): string[] => (style === undefined ? [] : Array.isArray(style) ? style : [String(style)]);

function propsOf(node: MarkupElement): Props {
  switch (node.name) {
    case 'b':
      return { bold: true };
    case 'i':
      return { italics: true };
    case 'span':
      return { style: node.attrs.style ?? [] };
    case 'a':
      return { link: node.attrs.href, style: node.attrs.style ?? 'link' };
    case 'link':
      return { linkToDestination: node.attrs.to, style: node.attrs.style ?? 'internal-link' };
    default:
      throw new MarkupError(`<${node.name}> cannot stand inside text`, node.offset);
  }
}

/**
 * Inline text as a flat list of runs. pdfmake drops the properties of an inline whose text is itself a list
 * (bpampuch/pdfmake#1174), so each element's properties are pushed down onto its runs; inner styles win.
 */
function inlineOf(node: MarkupNode, page?: PageContext): Inline[] {
  if (typeof node === 'string') return [flow(node)];
  if (node.name === 'br') return ['\n'];
  if (node.name === 'page-number') return [String(page?.page ?? '')];
  if (node.name === 'page-count') return [String(page?.pages ?? '')];
  const props = propsOf(node);
  return node.children.flatMap((c) => inlineOf(c, page)).map((run) => {
    if (typeof run === 'string') return { text: run, ...props } as ContentText;
    return { ...props, ...run, style: [...asStyles(props.style), ...asStyles(run.style)] } as ContentText;
  });
}

const textOf = (item: Inline) => (typeof item === 'string' ? item : typeof item.text === 'string' ? item.text : undefined);
const withText = (item: Inline, text: string): Inline => (typeof item === 'string' ? text : { ...item, text });

/** Trims the white space that template layout leaves at the two ends of a text block. */
function trimEnds(items: Inline[]): Inline[] {
  const out = [...items];
  const first = out[0] === undefined ? undefined : textOf(out[0]);
  if (first !== undefined) out[0] = withText(out[0]!, first.trimStart());
  const last = out.length - 1;
  const lastText = last < 0 ? undefined : textOf(out[last]!);
  if (lastText !== undefined) out[last] = withText(out[last]!, lastText.trimEnd());
  return out.filter((item) => textOf(item) !== '');
}

export function inlines(children: readonly MarkupNode[], page?: PageContext): Inline[] {
  return trimEnds(children.flatMap((c) => inlineOf(c, page)));
}

function common(el: MarkupElement): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const style = el.attrs.style ?? BLOCK_STYLE_DEFAULT[el.name];
  if (style) props.style = style.split(/\s+/);
  if (el.attrs.id) props.id = el.attrs.id;
  if (el.attrs['page-break'] === 'before') props.pageBreak = 'before';
  if (el.attrs.unbreakable === 'yes') props.unbreakable = true;
  return props;
}

/** A cell, list item or container: text when all its children are inline, a stack of blocks otherwise. */
function flexible(el: MarkupElement): Content {
  const children = el.children;
  if (children.every(isInline)) return { text: inlines(children), ...common(el) } as Content;
  return { stack: blocks(children), ...common(el) } as Content;
}

function heading(el: MarkupElement): Content {
  const level = Number(el.name.slice(1));
  const node: Record<string, unknown> = { text: inlines(el.children), ...common(el) };
  if (el.attrs.toc !== 'no') Object.assign(node, { tocItem: true, tocStyle: `toc-${level}`, tocNumberStyle: `toc-${level}` });
  if (el.attrs.outline !== 'no') Object.assign(node, { outline: true, outlineParentId: el.attrs.parent });
  return node as unknown as Content;
}

function widths(spec: string | undefined, columns: number): (string | number)[] {
  if (!spec) return Array.from({ length: columns }, () => '*');
  return spec.split(',').map((w) => (/^\d+(\.\d+)?$/.test(w.trim()) ? Number(w) : w.trim()));
}

function table(el: MarkupElement): Content {
  const rows = el.children.filter((c): c is MarkupElement => typeof c !== 'string' && c.name === 'tr');
  const body = rows.map((row) =>
    row.children
      .filter((c): c is MarkupElement => typeof c !== 'string')
      .flatMap((cell) => {
        const span = Number(cell.attrs.colspan ?? 1);
        const content = { ...(flexible(cell) as object), ...(span > 1 ? { colSpan: span } : {}) } as TableCell;
        return [content, ...Array.from({ length: span - 1 }, () => ({}) as TableCell)];
      }),
  );
  const columns = body[0]?.length ?? 1;
  return {
    table: { headerRows: Number(el.attrs['header-rows'] ?? 0), widths: widths(el.attrs.widths, columns), body, dontBreakRows: el.attrs['break-rows'] !== 'yes' },
    layout: el.attrs.layout ?? 'briefing',
    ...common(el),
  } as Content;
}

function block(node: MarkupElement): Content {
  switch (node.name) {
    case 'h1':
    case 'h2':
    case 'h3':
      return heading(node);
    case 'p':
      return { text: inlines(node.children), ...common(node) } as Content;
    case 'ul':
    case 'ol':
      return { [node.name]: listItems(node), ...common(node) } as unknown as Content;
    case 'table':
      return table(node);
    case 'div':
      return flexible(node);
    case 'toc':
      return { toc: { title: { text: node.attrs.title ?? '', style: 'h1' }, numberStyle: 'toc-number' }, ...common(node) } as Content;
    case 'bar-chart':
      return barChart(node);
    case 'pagebreak':
      return { text: '', pageBreak: 'after' };
    default:
      throw new MarkupError(`<${node.name}> is not a block element of the briefing markup`, node.offset);
  }
}

function listItems(list: MarkupElement): Content[] {
  return list.children.filter((c) => !isBlank(c)).map((c) => {
    if (typeof c === 'string' || c.name !== 'li') throw new MarkupError(`<${list.name}> may hold only <li>`, typeof c === 'string' ? list.offset : c.offset);
    return flexible(c);
  });
}

/** Block children; a run of inline children between blocks becomes one paragraph. */
export function blocks(children: readonly MarkupNode[]): Content[] {
  const out: Content[] = [];
  let run: MarkupNode[] = [];
  const flush = () => {
    if (run.some((c) => !isBlank(c))) out.push({ text: inlines(run), style: 'p' } as Content);
    run = [];
  };
  for (const child of children) {
    if (typeof child === 'string' || isInline(child)) run.push(child);
    else {
      flush();
      out.push(block(child));
    }
  }
  flush();
  return out;
}
