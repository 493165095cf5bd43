/**
 * A layout check that any briefing PDF must pass, read back with pdfjs-dist: what a reader sees on each page,
 * not what the definition asked for. Each rule returns findings with the page (1-based) and the text at fault.
 *
 * - `printable-area`: a text item outside the page minus its margins (templates/pdf-styles.json), except in the
 *   header band (from the header style's top margin down to the page's top margin) and the footer band (from the
 *   footer style's top margin below the body down to the page's foot); text in a band must be the running header
 *   or footer, the same on every page that has one, digits aside (page numbers).
 * - `overlap`: two text items whose boxes (baseline − 0.2 em to baseline + 0.75 em) overlap by more than 1 pt each way.
 * - `empty-page`: a page with no text but the running header and footer.
 * - `orphan-heading`: a heading ends a page, or keeps fewer than two lines of what follows when what follows goes
 *   on at the top of the next page. A heading line: every item of the line bold (font name with `-Bold`) and at
 *   least the smallest heading size of the styles (h1, h2, h3), and either its text (part of) a bookmark's title
 *   or the line one piece of text, which tells a heading from a bold contents line ("Method  36").
 * - `split-attribution`: a page's first line is only text in the attribution's size (style `evidence`, the
 *   line of states that closes each entry in templates/partials/annex-entry.pdf.hbs) while the entry it
 *   closes began on the previous page, with a response label (`supported`, `noted`, `pending`, bold in the
 *   `response-*` style's size, first or after the entry's number), which no attribution followed.
 * - `split-header-word`: bold text in the table-header size (style `th`) that ends a line inside a word, going
 *   on in the same cell on the next line (see splitHeaderWord for how a cut is told from a wrap).
 * - `small-text`: text under 6 pt. Chart labels are text like any other (the SVG chart's labels are scaled
 *   with the chart), so holding every text item to 6 pt holds every chart label to it.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { openPdf, type PdfDocument } from './pdf.js';

export const RULES = ['printable-area', 'overlap', 'empty-page', 'orphan-heading', 'split-attribution', 'split-header-word', 'small-text'] as const;
export type Rule = (typeof RULES)[number];

export interface Finding {
  rule: Rule;
  page: number;
  text: string;
}

/** What the check needs from templates/pdf-styles.json. */
export interface LayoutSpec {
  /** left, top, right, bottom, in points */
  margins: [number, number, number, number];
  /** where the header's text starts below the page's top, and the footer's below the body */
  headerTop: number;
  footerTop: number;
  headingSize: number;
  headerCellSize: number;
  attributionSize: number;
  responseSize: number;
  minTextSize: number;
}

interface Styles {
  pageMargins: [number, number, number, number];
  styles: Record<string, Record<string, unknown>>;
}

export function layoutSpec({ pageMargins, styles }: Styles): LayoutSpec {
  const size = (name: string) => Number(styles[name]?.fontSize);
  const marginTop = (name: string) => Number((styles[name]?.margin as number[] | undefined)?.[1] ?? 0);
  return {
    margins: pageMargins,
    headerTop: marginTop('header'),
    footerTop: marginTop('footer'),
    headingSize: Math.min(size('h1'), size('h2'), size('h3')),
    headerCellSize: size('th'),
    attributionSize: size('evidence'),
    responseSize: size('response-supported'),
    minTextSize: 6,
  };
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  bold: boolean;
  /** the glyphs drawn for this item ended with a space (pdfjs trims it from `str`) */
  spaceAfter: boolean;
}

interface Line {
  y: number;
  items: Item[];
  text: string;
}

interface Page {
  number: number;
  width: number;
  height: number;
  items: Item[];
  /** the body's lines, top to bottom */
  body: Line[];
  header: string;
  footer: string;
}

const TOLERANCE = 1;
const near = (a: number, b: number) => Math.abs(a - b) < 0.05;
const top = (i: Item) => i.y + 0.75 * i.size;
const bottom = (i: Item) => i.y - 0.2 * i.size;
const right = (i: Item) => i.x + i.width;
const joined = (items: readonly Item[]) => items.map((i) => i.str).join(' ').replace(/\s+/g, ' ').trim();

/** The text each showText operator draws, in drawing order: the same order as pdfjs's text items. */
async function drawnTexts(page: Awaited<ReturnType<PdfDocument['getPage']>>): Promise<{ texts: string[]; fonts: Map<string, string> }> {
  const ops = await page.getOperatorList();
  const texts: string[] = [];
  const fonts = new Map<string, string>();
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.setFont) {
      const id = args[0] as string;
      if (page.commonObjs.has(id)) fonts.set(id, (page.commonObjs.get(id) as { name?: string }).name ?? '');
    } else if (fn === OPS.showText) {
      texts.push((args[0] as ({ unicode?: string } | number | null)[]).map((g) => (g && typeof g === 'object' ? (g.unicode ?? '') : '')).join(''));
    }
  });
  return { texts, fonts };
}

/** pdfjs's text items with their fonts, and whether the glyphs drawn for each ended with a space. */
async function readItems(page: Awaited<ReturnType<PdfDocument['getPage']>>): Promise<Item[]> {
  const { texts, fonts } = await drawnTexts(page);
  const content = await page.getTextContent({ disableNormalization: true });
  const items: Item[] = [];
  let chunk = 0;
  let rest = '';
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    let need = raw.str.replace(/\s+/g, '').length;
    if (need === 0) continue;
    let drawn = '';
    while (need > 0 && (rest !== '' || chunk < texts.length)) {
      if (rest === '') rest = texts[chunk++]!;
      const taken = takeChars(rest, need);
      need -= taken.replace(/\s+/g, '').length;
      drawn += taken;
      rest = rest.slice(taken.length);
    }
    const leading = /^\s*/.exec(rest)![0];
    drawn += leading;
    rest = rest.slice(leading.length);
    const [a, b, , , x, y] = raw.transform as number[];
    const font = fonts.get(raw.fontName) ?? '';
    items.push({ str: raw.str, x: x!, y: y!, width: raw.width, size: Math.hypot(a!, b!), bold: /-Bold/.test(font), spaceAfter: /\s$/.test(drawn) });
  }
  return items;
}

/** The shortest prefix of `text` that holds `count` characters other than white space. */
function takeChars(text: string, count: number): string {
  let seen = 0;
  let end = 0;
  while (end < text.length && seen < count) if (!/\s/.test(text[end++]!)) seen++;
  return text.slice(0, end);
}

function lines(items: readonly Item[]): Line[] {
  const byBaseline = new Map<number, Item[]>();
  for (const item of items) {
    const key = Math.round(item.y * 2) / 2;
    byBaseline.set(key, [...(byBaseline.get(key) ?? []), item]);
  }
  return [...byBaseline.entries()]
    .sort(([a], [b]) => b - a)
    .map(([y, line]) => {
      const items = line.sort((a, b) => a.x - b.x);
      return { y, items, text: joined(items) };
    });
}

/** Which part of the page an item is in: any part of it above the body is the header band's, below it the footer's. */
function zone(item: Item, height: number, spec: LayoutSpec): 'header' | 'body' | 'footer' {
  const [, marginTop, , marginBottom] = spec.margins;
  if (top(item) > height - marginTop + TOLERANCE) return 'header';
  return bottom(item) < marginBottom - TOLERANCE ? 'footer' : 'body';
}

async function readPage(pdf: PdfDocument, number: number, spec: LayoutSpec): Promise<Page> {
  const page = await pdf.getPage(number);
  const [, , width, height] = page.view as [number, number, number, number];
  const items = await readItems(page);
  const text = (z: string) => lines(items.filter((i) => zone(i, height, spec) === z)).map((l) => l.text).join(' / ');
  return { number, width, height, items, body: lines(items.filter((i) => zone(i, height, spec) === 'body')), header: text('header'), footer: text('footer') };
}

const masked = (text: string) => text.replace(/\d+/g, '#');

/** The band text most pages share, digits masked: the running header or footer. */
function running(pages: readonly Page[], band: 'header' | 'footer'): string {
  const counts = new Map<string, number>();
  for (const p of pages) if (p[band] !== '') counts.set(masked(p[band]), (counts.get(masked(p[band])) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

function printableArea(page: Page, spec: LayoutSpec, runningHeader: string, runningFooter: string): Finding[] {
  const [left, marginTop, marginRight, marginBottom] = spec.margins;
  const { width, height } = page;
  /** the vertical room of each zone: the body between the margins, the bands where header and footer begin */
  const room = { header: [height - marginTop, height - spec.headerTop], body: [marginBottom, height - marginTop], footer: [0, marginBottom - spec.footerTop] };
  const outside = (i: Item) => {
    const [low, high] = room[zone(i, height, spec)];
    return i.x < left - TOLERANCE || right(i) > width - marginRight + TOLERANCE || bottom(i) < low! - TOLERANCE || top(i) > high! + TOLERANCE;
  };
  const findings: Finding[] = page.items.filter(outside).map((i) => ({ rule: 'printable-area', page: page.number, text: i.str }));
  if (page.header !== '' && masked(page.header) !== runningHeader) findings.push({ rule: 'printable-area', page: page.number, text: `in the header band: ${page.header}` });
  if (page.footer !== '' && masked(page.footer) !== runningFooter) findings.push({ rule: 'printable-area', page: page.number, text: `in the footer band: ${page.footer}` });
  return findings;
}

function overlaps(page: Page): Finding[] {
  const items = [...page.items].sort((a, b) => top(b) - top(a));
  const findings: Finding[] = [];
  for (let i = 0; i < items.length; i++) {
    const a = items[i]!;
    for (let j = i + 1; j < items.length && top(items[j]!) > bottom(a) + TOLERANCE; j++) {
      const b = items[j]!;
      if (Math.min(right(a), right(b)) - Math.max(a.x, b.x) > TOLERANCE) findings.push({ rule: 'overlap', page: page.number, text: `"${a.str}" over "${b.str}"` });
    }
  }
  return findings;
}

const emptyPage = (page: Page): Finding[] =>
  page.body.length === 0 ? [{ rule: 'empty-page', page: page.number, text: [page.header, page.footer].filter(Boolean).join(' / ') || '(no text)' }] : [];

function isHeading(line: Line, spec: LayoutSpec, bookmarks: readonly string[]): boolean {
  if (!line.items.every((i) => i.bold && i.size >= spec.headingSize - 0.05)) return false;
  return line.items.length === 1 || bookmarks.some((title) => title.includes(line.text));
}

/** The last heading of a page, with fewer than two lines after it: none, or one whose text goes on next page. */
function orphanHeading(page: Page, next: Page | undefined, spec: LayoutSpec, bookmarks: readonly string[]): Finding[] {
  const at = page.body.findLastIndex((line) => isHeading(line, spec, bookmarks));
  const after = page.body.length - 1 - at;
  if (at < 0 || after >= 2) return [];
  const heading = page.body[at]!.text;
  if (after === 0) return [{ rule: 'orphan-heading', page: page.number, text: heading }];
  const goesOn = next?.body[0] !== undefined && !isHeading(next.body[0], spec, bookmarks);
  return goesOn ? [{ rule: 'orphan-heading', page: page.number, text: `${heading} (1 line after it)` }] : [];
}

/** Every bookmark's title, white space folded. */
async function bookmarkTitles(pdf: PdfDocument): Promise<string[]> {
  const titles: string[] = [];
  const walk = (items: readonly { title: string; items: unknown[] }[]) => {
    for (const item of items) {
      titles.push(item.title.replace(/\s+/g, ' ').trim());
      walk(item.items as { title: string; items: unknown[] }[]);
    }
  };
  walk(((await pdf.getOutline()) ?? []) as { title: string; items: unknown[] }[]);
  return titles;
}

/** A response label, after the entry's number when the number is drawn in the same piece of text ("12  supported"). */
const RESPONSE = /^(?:\d+\s+)?(supported|noted|pending)\b/;

function splitAttribution(page: Page, previous: Page | undefined, spec: LayoutSpec): Finding[] {
  const first = page.body[0];
  if (!previous || !first?.items.every((i) => near(i.size, spec.attributionSize) && !i.bold)) return [];
  const before = previous.body;
  for (let n = before.length - 1; n >= 0; n--) {
    const label = before[n]!.items.slice(0, 2).find((i) => i.bold && near(i.size, spec.responseSize) && RESPONSE.test(i.str));
    if (label) {
      return [{ rule: 'split-attribution', page: page.number, text: `"${first.text}" ends "${before[n]!.text.slice(0, 60)}…" (page ${previous.number})` }];
    }
    if (n < before.length - 1 && before[n]!.items.some((i) => near(i.size, spec.attributionSize))) return [];
  }
  return [];
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? [];

/**
 * Header text cut inside a word: the upper piece of a cell's line ends in a letter and the next line of the same
 * cell begins with one. Left-aligned, pdfmake draws a wrapped line with its trailing space (pdfjs trims it from the
 * text, so it is read from the glyphs drawn, the operator list), so a line drawn without one was cut. Right-aligned, pdfkit drops that space; then the cut shows as a next line whose first word is
 * no word of the document's other text ("Recommendation|s": "s"), where a wrap's is one ("Observed|gaps").
 */
function splitHeaderWord(page: Page, spec: LayoutSpec, vocabulary: ReadonlySet<string>): Finding[] {
  const cells = page.items.filter((i) => i.bold && near(i.size, spec.headerCellSize));
  const findings: Finding[] = [];
  for (const upper of cells) {
    if (!/[\p{L}\p{N}]$/u.test(upper.str)) continue;
    const below = (i: Item) => i.y < upper.y && upper.y - i.y < 2 * i.size && /^[\p{L}\p{N}]/u.test(i.str);
    const left = cells.find((i) => below(i) && near(i.x, upper.x));
    // a cut piece keeps the width of the space that followed the whole word, so it may stand out by that much
    const rightAligned = left ? undefined : cells.find((i) => below(i) && Math.abs(right(i) - right(upper)) < 0.4 * i.size);
    const cut = left ? !upper.spaceAfter : rightAligned !== undefined && !vocabulary.has(words(rightAligned.str)[0]!);
    if (cut) findings.push({ rule: 'split-header-word', page: page.number, text: `${upper.str}|${(left ?? rightAligned)!.str}` });
  }
  return findings;
}

/** One finding a page: how many items are too small, the smallest size, and the first of them. */
function smallText(page: Page, spec: LayoutSpec): Finding[] {
  const small = page.items.filter((i) => i.size < spec.minTextSize - 0.05);
  if (small.length === 0) return [];
  const least = Math.min(...small.map((i) => i.size)).toFixed(1);
  const sample = small.slice(0, 3).map((i) => i.str).join(', ');
  return [{ rule: 'small-text', page: page.number, text: `${small.length} ${small.length === 1 ? 'item' : 'items'} under ${spec.minTextSize} pt, down to ${least} pt: ${sample}${small.length > 3 ? ', …' : ''}` }];
}

/** Every finding of every rule in a PDF, page by page. */
export async function checkLayout(bytes: Uint8Array, spec: LayoutSpec): Promise<Finding[]> {
  const pdf = await openPdf(bytes);
  try {
    const pages: Page[] = [];
    for (let n = 1; n <= pdf.numPages; n++) pages.push(await readPage(pdf, n, spec));
    const header = running(pages, 'header');
    const footer = running(pages, 'footer');
    const bookmarks = await bookmarkTitles(pdf);
    const vocabulary = new Set(pages.flatMap((p) => p.items.filter((i) => !(i.bold && near(i.size, spec.headerCellSize))).flatMap((i) => words(i.str))));
    return pages.flatMap((page, i) => [
      ...printableArea(page, spec, header, footer),
      ...overlaps(page),
      ...emptyPage(page),
      ...orphanHeading(page, pages[i + 1], spec, bookmarks),
      ...splitAttribution(page, pages[i - 1], spec),
      ...splitHeaderWord(page, spec, vocabulary),
      ...smallText(page, spec),
    ]);
  } finally {
    await pdf.destroy();
  }
}

/** Findings as lines a failing test prints: `rule p.N: text`. */
export const formatFindings = (findings: readonly Finding[]) => findings.map((f) => `${f.rule} p.${f.page}: ${f.text}`);
