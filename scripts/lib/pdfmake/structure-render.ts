import { pdfmakeModule } from './dependencies.js';
import { PLACED, type Placed } from './structure-layout.js';
import { isHeading, type Frame } from './tags.js';

/**
 * The render half of the tagging: when the document is tagged, pdfmake's renderer writes each placed item inside
 * marked content, of the structure element its frames name (made on first use, so the tree is in the order the
 * items are drawn, which is the layout's order: a table cell continued on the next page stays one cell), or as
 * an artifact. Link text is marked in `Link` elements that hold their annotations. While it writes, it records
 * what the checks of the tagging need (tagging-check.ts): the text outside any element, the headings, figures,
 * tables and links.
 */
interface StructElement {
  add(child: unknown): StructElement;
  end(): void;
}
interface PdfDocument {
  options: { tagged?: boolean; lang?: string; displayTitle?: boolean };
  info: { Title?: string };
  page: unknown;
  struct(type: string, options?: object): StructElement;
  addStructure(element: StructElement): void;
  markContent(tag: string, options?: object): void;
  markStructureContent(tag: string, options?: object): unknown;
  endMarkedContent(): void;
  text(...args: unknown[]): unknown;
  annotate(x: number, y: number, w: number, h: number, options: Record<string, unknown>): unknown;
  _uprWriter?: StructureWriter;
  _uprRecord?: TaggingRecord;
}
interface Line {
  inlines: { text: string; background?: unknown; decoration?: unknown }[];
  [PLACED]?: Placed;
}
type Drawn = Record<string, unknown> & { [PLACED]?: Placed };

/** What the tagging saw while it wrote the tree: the facts the checks of tagging-check.ts judge. */
export interface TaggingRecord {
  /** text drawn in no structure element and not as an artifact, with its page */
  unmarked: { text: string; page: number }[];
  /** the headings in reading order */
  headings: { level: number; text: string }[];
  /** figures (and pictures outside any figure): whether they have alternative text */
  figures: { alt?: string; page: number; inFigure: boolean }[];
  /** for each table, how many of its header cells have a scope */
  tables: { headers: number; page: number }[];
  /** link annotations made outside a Link element */
  untaggedLinks: number;
  language?: string;
  title?: string;
  displayTitle: boolean;
}

const textOf = (line: Line) => line.inlines.map((i) => i.text).join('').trim();

class StructureWriter {
  readonly record: TaggingRecord;
  readonly #elements = new Map<Frame, StructElement>();
  readonly #root: StructElement;
  readonly #tables = new Map<Frame, TaggingRecord['tables'][number]>();
  readonly #headings = new Map<Frame, TaggingRecord['headings'][number]>();
  #page = 0;
  #lastPage: unknown;
  /** the element of the line being drawn; none while drawing anything else */
  #current: StructElement | undefined;
  #currentType = '';
  /** the open marked content of the line being drawn: its link target (undefined for plain text) */
  #run: { key: unknown; link?: StructElement; text: string } | undefined;
  #links: StructElement[] = [];

  constructor(readonly doc: PdfDocument) {
    this.#root = doc.struct('Document');
    doc.addStructure(this.#root);
    this.record = { unmarked: [], headings: [], figures: [], tables: [], untaggedLinks: 0, language: doc.options.lang, title: doc.info.Title, displayTitle: doc.options.displayTitle === true };
  }

  get page(): number {
    if (this.doc.page !== this.#lastPage) [this.#lastPage, this.#page] = [this.doc.page, this.#page + 1];
    return this.#page;
  }

  /** The element the frames name, made with the ones above it when first asked for. */
  element(frames: readonly Frame[]): StructElement {
    let parent = this.#root;
    frames.forEach((f, i) => {
      let el = this.#elements.get(f);
      if (!el) {
        el = this.doc.struct(f.type, { ...(f.alt ? { alt: f.alt } : {}), ...(f.lang ? { lang: f.lang } : {}), ...(f.scope ? { scope: f.scope } : {}) });
        parent.add(el);
        this.#elements.set(f, el);
        this.#created(f, frames.slice(0, i));
        if (f.label) {
          const label = this.doc.struct(f.label.type);
          el.add(label);
          this.#elements.set(f.label, label);
        }
      }
      parent = el;
    });
    return parent;
  }

  #created(f: Frame, above: readonly Frame[]): void {
    if (isHeading(f.type)) {
      const heading = { level: Number(f.type.slice(1)), text: '' };
      this.record.headings.push(heading);
      this.#headings.set(f, heading);
    } else if (f.type === 'Figure') this.record.figures.push({ alt: f.alt, page: this.page, inFigure: true });
    else if (f.type === 'Table') {
      const table = { headers: 0, page: this.page };
      this.record.tables.push(table);
      this.#tables.set(f, table);
    } else if (f.type === 'TH' && f.scope) {
      const table = above.findLast((a) => a.type === 'Table');
      if (table) this.#tables.get(table)!.headers++;
    }
  }

  #artifact(kind: string, draw: () => void): void {
    this.doc.markContent('Artifact', { type: kind });
    draw();
    this.doc.endMarkedContent();
  }

  #marked(el: StructElement, type: string, draw: () => void): void {
    el.add(this.doc.markStructureContent(type));
    draw();
    this.doc.endMarkedContent();
  }

  line(line: Line, draw: () => void): void {
    const placed = line[PLACED];
    if (placed?.artifact) return this.#artifact(placed.artifact, draw);
    if (!placed || placed.frames.length === 0) {
      const text = textOf(line);
      if (text !== '') this.record.unmarked.push({ text, page: this.page });
      return draw();
    }
    const inner = placed.frames.at(-1)!;
    this.#current = this.element(placed.frames);
    this.#currentType = inner.type;
    const heading = this.#headings.get(inner);
    if (heading && heading.text === '') heading.text = textOf(line);
    try {
      draw();
    } finally {
      this.#closeRun();
      this.#current = undefined;
      for (const link of this.#links) link.end();
      this.#links = [];
    }
  }

  /** Before each piece of a line's text: a new marked run when its link target changes. */
  text(text: unknown, options: { link?: unknown; goTo?: unknown } | undefined): void {
    if (!this.#current) return;
    const key = options?.link ?? options?.goTo;
    if (this.#run && this.#run.key === key) {
      this.#run.text = String(text);
      return;
    }
    this.#closeRun();
    if (key === undefined || key === null) {
      this.#current.add(this.doc.markStructureContent(this.#currentType));
      this.#run = { key, text: String(text) };
      return;
    }
    const link = this.doc.struct('Link');
    this.#current.add(link);
    link.add(this.doc.markStructureContent('Link'));
    this.#links.push(link);
    this.#run = { key, link, text: String(text) };
  }

  #closeRun(): void {
    if (!this.#run) return;
    this.doc.endMarkedContent();
    this.#run = undefined;
  }

  /** A link annotation goes into the Link element of the text it covers, with that text as its description. */
  annotation(options: Record<string, unknown>): void {
    if (this.#run?.link) {
      options.structParent = this.#run.link;
      options.Contents ??= new String(this.#run.text);
    } else if (options.Subtype === 'Link') this.record.untaggedLinks++;
  }

  /** Underlines and backgrounds of text: drawn as artifacts between the runs. */
  decoration(draw: () => void): void {
    if (!this.#current) return draw();
    this.#closeRun();
    this.#artifact('Layout', draw);
  }

  /** A vector: content of the figure or list label it is part of, a layout artifact otherwise (rules, borders, fills). */
  vector(vector: Drawn, draw: () => void): void {
    const placed = vector[PLACED];
    const frames = placed?.frames ?? [];
    if (placed?.artifact || !frames.some((f) => f.type === 'Figure' || f.type === 'Lbl')) return this.#artifact(placed?.artifact ?? 'Layout', draw);
    this.#marked(this.element(frames), frames.at(-1)!.type, draw);
  }

  /** A picture: content of its figure. */
  picture(picture: Drawn, draw: () => void): void {
    const placed = picture[PLACED];
    if (placed?.artifact) return this.#artifact(placed.artifact, draw);
    const frames = placed?.frames ?? [];
    if (!frames.some((f) => f.type === 'Figure')) this.record.figures.push({ page: this.page, inFigure: false });
    if (frames.length === 0) return draw();
    this.#marked(this.element(frames), frames.at(-1)!.type, draw);
  }
}

type Method = (...args: never[]) => unknown;

function wrap(target: Record<string, unknown>, name: string, wrapper: (original: Method) => Method): () => void {
  const original = target[name] as Method;
  target[name] = wrapper(original);
  return () => {
    target[name] = original;
  };
}

/** The record of a tagged document's tree, once its pages are rendered; none for an untagged one. */
export function taggingRecord(doc: unknown): TaggingRecord | undefined {
  return (doc as PdfDocument)._uprRecord;
}

interface RendererThis {
  pdfDocument: PdfDocument;
}

export function installRenderTags(): () => void {
  const Renderer = pdfmakeModule<{ prototype: Record<string, unknown> }>('Renderer.js');
  const TextDecorator = pdfmakeModule<{ prototype: Record<string, unknown> }>('TextDecorator.js');
  const writerOf = (self: RendererThis) => self.pdfDocument._uprWriter;
  const drawing = (method: 'vector' | 'picture') => (original: Method) =>
    function (this: RendererThis, item: Drawn, ...rest: unknown[]) {
      const writer = writerOf(this);
      const draw = () => (original as (...a: unknown[]) => unknown).call(this, item, ...rest);
      if (!writer) return draw();
      writer[method](item, draw);
    } as Method;
  const decorating = (original: Method) =>
    function (this: RendererThis, line: Line, ...rest: unknown[]) {
      const writer = writerOf(this);
      const draw = () => (original as (...a: unknown[]) => unknown).call(this, line, ...rest);
      const draws = line.inlines.some((i) => i.background || i.decoration);
      if (!writer || !draws) return draw();
      writer.decoration(draw);
    } as Method;
  const restores = [
    wrap(Renderer.prototype, 'renderPages', (original) =>
      function (this: RendererThis, ...args: unknown[]) {
        const doc = this.pdfDocument;
        if (!doc.options.tagged) return (original as (...a: unknown[]) => unknown).apply(this, args);
        const writer = new StructureWriter(doc);
        const { text, annotate } = doc;
        doc._uprWriter = writer;
        doc.text = function (this: PdfDocument, ...a: unknown[]) {
          writer.text(a[0], a[3] as { link?: unknown; goTo?: unknown } | undefined);
          return text.apply(this, a);
        };
        doc.annotate = function (this: PdfDocument, x, y, w, h, options) {
          writer.annotation(options);
          return annotate.call(this, x, y, w, h, options);
        };
        try {
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        } finally {
          [doc.text, doc.annotate] = [text, annotate];
          delete doc._uprWriter;
          doc._uprRecord = writer.record;
        }
      } as Method,
    ),
    wrap(Renderer.prototype, 'renderLine', (original) =>
      function (this: RendererThis, line: Line, ...rest: unknown[]) {
        const writer = writerOf(this);
        const draw = () => (original as (...a: unknown[]) => unknown).call(this, line, ...rest);
        if (!writer) return draw();
        writer.line(line, draw);
      } as Method,
    ),
    wrap(Renderer.prototype, 'renderVector', drawing('vector')),
    wrap(Renderer.prototype, 'renderImage', drawing('picture')),
    wrap(Renderer.prototype, 'renderSVG', drawing('picture')),
    wrap(TextDecorator.prototype, 'drawBackground', decorating),
    wrap(TextDecorator.prototype, 'drawDecorations', decorating),
  ];
  return () => restores.reverse().forEach((restore) => restore());
}
