/** The briefing as HTML, for the benchmark's headless Chromium peer: the same blocks, text and type sizes (pdfmake/peer-document.ts). */
import type { Block, Cell, PeerDocument, Run } from '../pdfmake/peer-document.js';

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replaceAll('\n', '<br>');

function run(r: Run): string {
  const style = [`font-size:${+r.size.toFixed(2)}pt`, ...(r.bold ? ['font-weight:bold'] : []), ...(r.italics ? ['font-style:italic'] : [])];
  return `<span style="${style.join(';')}">${escape(r.text)}</span>`;
}

const runs = (list: readonly Run[]) => list.map(run).join('');
const cell = (c: Cell, tag: string) => `<${tag}${c.colSpan ? ` colspan="${c.colSpan}"` : ''}>${runs(c.runs)}</${tag}>`;

function block(b: Block): string {
  switch (b.kind) {
    case 'pagebreak':
      return '<div style="break-after:page"></div>';
    case 'heading':
      return `<h${b.level}>${runs(b.runs)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${runs(b.runs)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((item) => `<li>${runs(item)}</li>`).join('')}</${tag}>`;
    }
    case 'table': {
      const columns = b.widths.map((w) => `<col style="width:${+(w * 100).toFixed(2)}%">`).join('');
      const rows = b.rows.map((row, i) => `<tr>${row.map((c) => cell(c, i < b.headerRows ? 'th' : 'td')).join('')}</tr>`);
      return `<table><colgroup>${columns}</colgroup><thead>${rows.slice(0, b.headerRows).join('')}</thead><tbody>${rows.slice(b.headerRows).join('')}</tbody></table>`;
    }
  }
}

/** An HTML page set in the faces at `fontUrls` (regular, bold, italic, bold italic) on the briefing's page. */
export function htmlSource(doc: PeerDocument, family: string, fontUrls: Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>): string {
  const [left, top, right, bottom] = doc.margins;
  const face = (url: string, weight: string, style: string) => `@font-face{font-family:"${family}";src:url("${url}");font-weight:${weight};font-style:${style}}`;
  const css = [
    face(fontUrls.normal, 'normal', 'normal'),
    face(fontUrls.bold, 'bold', 'normal'),
    face(fontUrls.italics, 'normal', 'italic'),
    face(fontUrls.bolditalics, 'bold', 'italic'),
    `@page{size:A4;margin:${top}pt ${right}pt ${bottom}pt ${left}pt}`,
    `body{font-family:"${family}";line-height:${doc.lineHeight};margin:0}`,
    'table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{text-align:left;vertical-align:top;padding:2pt 3pt}h1,h2,h3{margin:8pt 0 4pt}p{margin:0 0 6pt}',
  ].join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(doc.title)}</title><style>${css}</style></head><body>${doc.blocks.map(block).join('\n')}</body></html>\n`;
}
