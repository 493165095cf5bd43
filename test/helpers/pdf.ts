import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfDocument = Awaited<ReturnType<typeof getDocument>['promise']>;

export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  return getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
}

/** The footer sits in the bottom page margin, below this many points from the page's foot. */
const BOTTOM_MARGIN = 55;

/** Text of each page, white space folded; `keep` filters items by their baseline (points from the page's foot). */
export async function pageTexts(pdf: PdfDocument, keep: (y: number) => boolean = () => true): Promise<string[]> {
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const items = content.items.filter((item) => 'str' in item && keep(item.transform[5] as number));
    pages.push(items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('').replace(/\s+/g, ' '));
  }
  return pages;
}

/** Folds white space, and the space a line break leaves after a hyphen. */
export const fold = (text: string) => text.replace(/\s+/g, ' ').replace(/- /g, '-').trim();

/** The text of the whole document in reading order, without the footer of each page. */
export async function bodyText(pdf: PdfDocument): Promise<string> {
  return fold((await pageTexts(pdf, (y) => y > BOTTOM_MARGIN)).join(' '));
}

export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** font size, from the text matrix */
  size: number;
}

/** The text items of one page (1-based) with their positions in points from the page's lower left corner. */
export async function pageItems(pdf: PdfDocument, page: number): Promise<TextItem[]> {
  const content = await (await pdf.getPage(page)).getTextContent();
  return content.items.flatMap((item) =>
    'str' in item && item.str !== ''
      ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, size: Math.hypot(item.transform[0] as number, item.transform[1] as number) }]
      : [],
  );
}

/** Lines of a page: items grouped by baseline, top to bottom, each joined left to right. */
export async function pageLines(pdf: PdfDocument, page: number): Promise<{ text: string; y: number; items: TextItem[] }[]> {
  const lines = new Map<number, TextItem[]>();
  for (const item of await pageItems(pdf, page)) {
    const key = Math.round(item.y);
    lines.set(key, [...(lines.get(key) ?? []), item]);
  }
  return [...lines.entries()]
    .sort(([a], [b]) => b - a)
    .map(([y, items]) => ({ y, items, text: items.sort((a, b) => a.x - b.x).map((i) => i.str).join('').replace(/\s+/g, ' ').trim() }));
}

/** The 1-based page a destination (named or explicit) points at, and its top. */
export async function destinationPage(pdf: PdfDocument, dest: string | unknown[]): Promise<{ page: number; top: number }> {
  const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
  if (!explicit) throw new Error(`no destination ${String(dest)}`);
  const [ref, , , top] = explicit as [{ num: number; gen: number }, unknown, number, number];
  return { page: (await pdf.getPageIndex(ref)) + 1, top };
}
