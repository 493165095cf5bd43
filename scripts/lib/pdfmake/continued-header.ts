import type { Patch } from './dependencies.js';
import { onRepeatedRows, type PageItem } from './repeated-rows.js';

/** The property of a word (content.ts puts it on every word of a cell marked `continued`) that holds what its repeats add. */
export const CONTINUED = '_uprContinued';

interface Inline {
  text: string;
  x: number;
  width: number;
  trailingCut?: number;
  alignment?: string;
  fontSize: number;
  fontFeatures?: unknown;
  characterSpacing?: number;
  font: { widthOfString(text: string, size: number, features?: unknown): number };
  [CONTINUED]?: string;
  [property: string]: unknown;
}
interface Line {
  x: number;
  maxWidth: number;
  inlines: Inline[];
  inlineWidths: number;
  leadingCut: number;
  trailingCut: number;
  lastLineInParagraph?: boolean;
}

/** As pdfmake's TextInlines.widthOfText. */
const widthOf = (text: string, like: Inline) => like.font.widthOfString(text, like.fontSize, like.fontFeatures) + (like.characterSpacing ?? 0) * (text.length - 1);

/**
 * The last line of a marked cell, copied onto a later page: its words end in what the mark says (as one more
 * word in the last word's style, after a space) and the line moves left by as much when it is right-aligned
 * (by half when centred). A line with no room for it stays as it is. The copy's words are a new array: pdfmake
 * shares them with the line on the table's first page.
 */
function addSuffix(line: Line): void {
  const last = line.inlines.at(-1);
  const suffix = last?.[CONTINUED];
  if (!last || !suffix || !line.lastLineInParagraph) return;
  const text = last.trailingCut ? suffix : ` ${suffix}`;
  const word: Inline = { ...last, text, x: last.x + last.width, width: widthOf(text, last), trailingCut: 0, lineEnd: false };
  const before = line.inlineWidths - line.leadingCut - line.trailingCut;
  const after = line.inlineWidths + word.width - line.leadingCut;
  if (after > line.maxWidth) return;
  const shift = { right: 1, center: 0.5 }[last.alignment ?? ''] ?? 0;
  Object.assign(line, { inlines: [...line.inlines, word], inlineWidths: line.inlineWidths + word.width, trailingCut: 0, x: line.x - shift * (after - before) });
}

/**
 * A table's header rows that pdfmake repeats on each page the table runs onto are copies of the first page's:
 * a theme's name stays "Justice" where the reader needs "Justice (continued)". A cell marked `continued` in the
 * markup says what its copies add; this patch adds it to them, and leaves the first page's as it was.
 */
export const continuedHeader: Patch = {
  name: 'continued-header',
  install() {
    return onRepeatedRows((items: PageItem[]) => {
      for (const { type, item } of items) if (type === 'line') addSuffix(item as unknown as Line);
    });
  },
};
