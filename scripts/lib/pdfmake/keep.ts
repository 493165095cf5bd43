import type { Content } from 'pdfmake/interfaces.js';

/** Page heights in points of the sizes a briefing may use; others count as A4. */
const PAGE_HEIGHTS: Record<string, number> = { A3: 1190.55, A4: 841.89, A5: 595.28, LETTER: 792, LEGAL: 1008 };

/** The room a heading needs below it, a seventh of the page's text height, so that it never ends a page. */
export function keepRoom(pageSize: string, margins: readonly number[]): number {
  const height = PAGE_HEIGHTS[pageSize.toUpperCase()] ?? PAGE_HEIGHTS.A4!;
  return (height - (margins[1] ?? 0) - (margins[3] ?? 0)) / 7;
}

type Node = Record<string, unknown>;

const isNode = (node: unknown): node is Node => typeof node === 'object' && node !== null;
/** A heading that may end a page: one that starts a page anyway (`pageBreak`) needs no keeping. */
const isLooseHeading = (node: unknown): node is Node => isNode(node) && 'headlineLevel' in node && !('pageBreak' in node);
/** A block pdfmake never breaks: a picture, or a block marked unbreakable. */
const isWhole = (node: unknown): boolean => isNode(node) && ('svg' in node || 'image' in node || node.unbreakable === true);

/**
 * Keeps each heading with what follows it in one layout pass. A heading and `room` points below it form an
 * unbreakable block, which moves to the next page when it does not fit (an empty node after it takes the room
 * back); a heading before a picture or another unbreakable block moves with all of it. (pdfmake's
 * pageBreakBefore would lay the whole document out again for every heading it moves, which makes long briefings
 * cost quadratic time.)
 */
export function keepHeadingsWithText(content: Content[], room: number): Content[] {
  const out: Content[] = [];
  for (let i = 0; i < content.length; i++) {
    const node = content[i]!;
    if (isLooseHeading(node) && isWhole(content[i + 1])) {
      out.push({ stack: [node, content[++i]!], unbreakable: true } as Content);
    } else if (isLooseHeading(node)) {
      const spacer = { canvas: [{ type: 'rect', x: 0, y: 0, w: 0, h: room, lineWidth: 0, fillOpacity: 0, strokeOpacity: 0 }] };
      out.push({ stack: [node, spacer], unbreakable: true } as Content, { canvas: [], margin: [0, -room, 0, 0] } as Content);
    } else if (isNode(node) && Array.isArray(node.stack)) {
      out.push({ ...(node as Node), stack: keepHeadingsWithText(node.stack as Content[], room) } as Content);
    } else {
      out.push(node);
    }
  }
  return out;
}
