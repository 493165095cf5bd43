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
