/**
 * The floor under pdfmake, for the benchmark: pdfkit alone writing a briefing's text (peer-document.ts) in the
 * same faces at the same sizes, with pdfkit's own line breaking, and tables as rows of cells. The faces are
 * parsed once per process and each word laid out once, through the shared fontkit (shared-fontkit.ts), as the
 * project's printer does. No outline, links, pictures, headers or footers: the least any engine must do.
 */
import type { Face } from '../source/glyphs.js';
import { load } from './dependencies.js';
import type { FontFaces } from './fonts.js';
import { install } from './install.js';
import { A4_HEIGHT, A4_WIDTH, type Block, type Cell, type PeerDocument, type Run } from './peer-document.js';
import { sharedFontkit } from './shared-fontkit.js';

interface TextOptions {
  width?: number;
  continued?: boolean;
  lineGap?: number;
  indent?: number;
}

interface PdfKitDocument {
  x: number;
  y: number;
  page: { height: number; margins: { bottom: number } };
  registerFont(name: string, bytes: Uint8Array): this;
  font(name: string): this;
  fontSize(size: number): this;
  text(text: string, x?: number | TextOptions, y?: number, options?: TextOptions): this;
  heightOfString(text: string, options?: TextOptions): number;
  moveDown(lines?: number): this;
  addPage(): this;
  on(event: string, listener: (chunk?: Buffer) => void): this;
  end(): void;
}

type PdfKit = new (options: object) => PdfKitDocument;

const faceOf = (run: Run): Face => (run.bold ? (run.italics ? 'bolditalics' : 'bold') : run.italics ? 'italics' : 'normal');

/** Writes one document with pdfkit alone; the faces are those the project sets its briefings in. */
export function pdfkitFloor(fonts: FontFaces): (doc: PeerDocument) => Promise<Uint8Array> {
  install({ only: [sharedFontkit.name] });
  const PDFDocument = load<PdfKit>('pdfkit');
  return (peer) =>
    new Promise((resolve, reject) => {
      const [left, top, right, bottom] = peer.margins;
      const pdf = new PDFDocument({ size: peer.pageSize, margins: { left, top, right, bottom }, info: { Title: peer.title, CreationDate: new Date(0) } });
      const chunks: Buffer[] = [];
      pdf.on('data', (chunk) => chunks.push(chunk!));
      pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      pdf.on('error', reject as () => void);
      for (const [face, bytes] of Object.entries(fonts.faces)) pdf.registerFont(face, bytes);
      const writer = new Writer(pdf, A4_WIDTH - left - right, A4_HEIGHT - bottom, peer.lineHeight);
      for (const block of peer.blocks) writer.block(block, left);
      pdf.end();
    });
}

class Writer {
  constructor(
    private readonly pdf: PdfKitDocument,
    private readonly width: number,
    private readonly bottom: number,
    private readonly lineHeight: number,
  ) {}

  private runs(runs: readonly Run[], x: number, y: number | undefined, width: number): void {
    runs.forEach((run, i) => {
      const options = { width, continued: i < runs.length - 1, lineGap: (this.lineHeight - 1) * run.size };
      this.pdf.font(faceOf(run)).fontSize(run.size);
      if (i === 0) this.pdf.text(run.text, x, y, options);
      else this.pdf.text(run.text, options);
    });
  }

  block(block: Block, x: number): void {
    switch (block.kind) {
      case 'pagebreak':
        this.pdf.addPage();
        return;
      case 'heading':
        this.pdf.moveDown(0.5);
        return this.runs(block.runs, x, undefined, this.width);
      case 'paragraph':
        this.runs(block.runs, x, undefined, this.width);
        this.pdf.moveDown(0.3);
        return;
      case 'list':
        for (const item of block.items) this.runs([{ ...item[0]!, text: `• ${item[0]?.text ?? ''}` }, ...item.slice(1)], x + 8, undefined, this.width - 8);
        this.pdf.moveDown(0.3);
        return;
      case 'table':
        for (const row of block.rows) this.row(row, block.widths, x);
        this.pdf.moveDown(0.5);
    }
  }

  /** One row of cells side by side, on a new page when its tallest cell would not fit. */
  private row(cells: readonly Cell[], widths: readonly number[], left: number): void {
    const placed: { cell: Cell; x: number; width: number }[] = [];
    let column = 0;
    for (const cell of cells) {
      const share = widths.slice(column, column + (cell.colSpan ?? 1)).reduce((sum, w) => sum + w, 0);
      placed.push({ cell, x: left + widths.slice(0, column).reduce((sum, w) => sum + w, 0) * this.width, width: share * this.width - 6 });
      column += cell.colSpan ?? 1;
    }
    const height = Math.max(0, ...placed.map(({ cell, width }) => this.height(cell.runs, width)));
    if (this.pdf.y + height > this.bottom) this.pdf.addPage();
    const top = this.pdf.y;
    let end = top;
    for (const { cell, x, width } of placed) {
      if (cell.runs.length === 0) continue;
      this.runs(cell.runs, x, top, width);
      end = Math.max(end, this.pdf.y);
    }
    this.pdf.x = left;
    this.pdf.y = end + 4;
  }

  private height(runs: readonly Run[], width: number): number {
    if (runs.length === 0) return 0;
    const first = runs[0]!;
    this.pdf.font(faceOf(first)).fontSize(first.size);
    return this.pdf.heightOfString(runs.map((r) => r.text).join(''), { width, lineGap: (this.lineHeight - 1) * first.size });
  }
}
