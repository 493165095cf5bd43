/** The briefing as Typst source, for the benchmark's Typst peer: the same blocks, text and type sizes (pdfmake/peer-document.ts). */
import type { Block, Cell, PeerDocument, Run } from '../pdfmake/peer-document.js';

const pt = (value: number) => `${+value.toFixed(2)}pt`;

function run(r: Run): string {
  const options = [`size: ${pt(r.size)}`, ...(r.bold ? ['weight: "bold"'] : []), ...(r.italics ? ['style: "italic"'] : [])];
  return `#text(${options.join(', ')}, ${JSON.stringify(r.text)})`;
}

const content = (runs: readonly Run[]) => `[${runs.map(run).join('')}]`;
const cell = (c: Cell) => (c.colSpan ? `table.cell(colspan: ${c.colSpan})${content(c.runs)}` : content(c.runs));

function block(b: Block): string {
  switch (b.kind) {
    case 'pagebreak':
      return '#pagebreak(weak: true)';
    case 'heading':
      return `#heading(level: ${b.level})${content(b.runs)}`;
    case 'paragraph':
      return `#par${content(b.runs)}`;
    case 'list':
      return `#${b.ordered ? 'enum' : 'list'}(${b.items.map(content).join(', ')})`;
    case 'table': {
      const header = b.rows.slice(0, b.headerRows).flat().map(cell);
      const body = b.rows.slice(b.headerRows).flat().map(cell);
      const columns = b.widths.map((w) => `${+(w * 100).toFixed(2)}%`).join(', ');
      return `#table(columns: (${columns},), ${header.length > 0 ? `table.header(${header.join(', ')}), ` : ''}${body.join(', ')})`;
    }
  }
}

/** A Typst document set in `family` on the briefing's page, with its blocks one after another. */
export function typstSource(doc: PeerDocument, family: string): string {
  const [left, top, right, bottom] = doc.margins;
  return [
    `#set document(title: ${JSON.stringify(doc.title)})`,
    `#set page(paper: "a4", margin: (left: ${pt(left)}, top: ${pt(top)}, right: ${pt(right)}, bottom: ${pt(bottom)}))`,
    `#set text(font: ${JSON.stringify(family)})`,
    `#set par(leading: ${+(doc.lineHeight - 1 + 0.4).toFixed(2)}em)`,
    ...doc.blocks.map(block),
    '',
  ].join('\n\n');
}
