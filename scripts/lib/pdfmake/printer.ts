import type { Attachment, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { RenderError } from '../diagnostics/errors.js';
import { pdfmakeModule } from './dependencies.js';
import type { FontFaces } from './fonts.js';
import { install } from './install.js';
import { externalReference, isBytes } from './resources.js';
import { tableLayouts } from './table-layouts.js';
import { taggingRecord } from './structure-render.js';
import { checkTagging, type TaggingFailure } from './tagging-check.js';
import { claimUniversalAccess } from './xmp.js';

export type { TaggingFailure };

/** A pdfmake document definition whose images and attachments may be bytes, which pdfmake itself does not take. */
export type DocumentDefinition = Omit<TDocumentDefinitions, 'images' | 'files'> & {
  images?: Record<string, Uint8Array | string>;
  files?: Record<string, Omit<Attachment, 'src'> & { src: Uint8Array | string; type?: string }>;
};

/** Turns a document definition into the PDF's bytes. */
export interface Printer {
  /**
   * Renders one document. The definition is used up: pdfmake writes its layout into the nodes. A tagged one
   * (`tagged: true`) says PDF/UA-1 only when its structure tree passes the checks (tagging-check.ts); when it
   * fails, `untagged` hears which check failed and the document is rendered again, from a fresh definition,
   * untagged and without the claim. (Given a definition rather than a function making one, it cannot be, and
   * the render fails.)
   */
  render(definition: DocumentDefinition | (() => DocumentDefinition), untagged?: (failure: TaggingFailure) => void): Promise<Uint8Array>;
}

/**
 * The document's images and attachments, by name, in memory: pdfmake looks a name up here before it would read
 * a path, and its local access policy refuses every path.
 */
class MemoryFiles {
  readonly #files = new Map<string, Buffer>();
  store(name: string, bytes: Uint8Array): string {
    this.#files.set(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return name;
  }
  existsSync(name: unknown): boolean {
    return typeof name === 'string' && this.#files.has(name);
  }
  readFileSync(name: string): Buffer {
    const bytes = this.#files.get(name);
    if (!bytes) throw new Error(`"${name}" is not among the images and attachments given to pdfmake`);
    return bytes;
  }
  writeFileSync(name: string): never {
    throw new Error(`pdfmake tried to store "${name}"; a briefing may not fetch anything`);
  }
}

/**
 * A face's bytes as a pdfmake font. pdfmake takes a font as a path or as `{ url, headers }`, and before laying
 * out replaces each by its `url`: here the bytes themselves, which pdfkit reads as they are, for the text and
 * for the SVGs' text alike (svg-to-pdfkit hands the font straight to pdfkit, past pdfmake's file system).
 */
class FaceBytes extends Uint8Array {
  get url(): this {
    return this;
  }
}

/** What pdfmake asks to fetch before laying out: nothing is fetched, a URL is refused, and bytes need no fetching. */
const noFetching = {
  resolve(url: unknown): void {
    if (typeof url === 'string' && /^https?:/i.test(url.trim())) throw new Error(`refused to fetch ${url}: a briefing may not fetch anything`);
  },
  resolved: () => Promise.resolve(),
};

interface PdfKitDocument extends NodeJS.ReadableStream {
  end(): void;
}
type Faces = Record<keyof FontFaces['faces'], FaceBytes>;
type PdfmakePrinter = new (fonts: Record<string, Faces>, files: MemoryFiles, urls: typeof noFetching, localAccess: (path: string) => boolean) => {
  createPdfKitDocument(definition: TDocumentDefinitions, options: { tableLayouts: object }): Promise<PdfKitDocument>;
};

/**
 * Moves the bytes of the definition's `images` and of its `files` (attachments) into `files` and names them
 * there instead: pdfmake resolves every string of the two as a URL or a path, and accepts no bytes.
 */
function withStoredResources(definition: DocumentDefinition, files: MemoryFiles): TDocumentDefinitions {
  const images = Object.entries(definition.images ?? {}).map(([name, image]) => [name, isBytes(image) ? files.store(`images/${name}`, image) : image]);
  const attached = Object.entries(definition.files ?? {}).map(([name, file]) => [name, isBytes(file.src) ? { ...file, src: files.store(`files/${name}`, file.src) } : file]);
  return { ...definition, images: Object.fromEntries(images), files: Object.fromEntries(attached) } as TDocumentDefinitions;
}

function collect(doc: PdfKitDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * A printer that sets documents in `fonts`, made once per process or worker. Every document gets its own
 * pdfmake printer, given the fonts as bytes and the document's images and attachments in a private file
 * system; pdfmake may fetch no URL and read no file, and its table layouts come from the document's styles.
 * pdfmake is loaded on the first render (a build that renders nothing never loads it), and the patches
 * (install.ts) are installed before each render, unless `patched` is false: then nothing is installed, and
 * pdfmake runs as it is once the patches are taken out (the differential test does so). `checked: false` writes
 * a tagged document's tree and claim without checking them, for the tests of the suite's own checker only.
 */
export function createPrinter({ fonts, patched = true, checked = true }: { fonts: FontFaces; patched?: boolean; checked?: boolean }): Printer {
  const faces = Object.fromEntries(Object.entries(fonts.faces).map(([face, bytes]) => [face, new FaceBytes(bytes)])) as Faces;
  let Printer: PdfmakePrinter | undefined;
  const layOut = async (definition: DocumentDefinition) => {
    const external = externalReference(definition);
    if (external) throw new RenderError(`refused to render a PDF that would load ${external}: a briefing may not fetch or read anything`);
    try {
      if (patched) install();
      Printer ??= pdfmakeModule<PdfmakePrinter>('Printer.js');
      const files = new MemoryFiles();
      const local = withStoredResources(definition, files);
      const printer = new Printer({ [fonts.family]: { ...faces } }, files, noFetching, () => false);
      return await printer.createPdfKitDocument(local, { tableLayouts: tableLayouts(definition.styles as Parameters<typeof tableLayouts>[0]) });
    } catch (cause) {
      throw new RenderError('pdfmake could not render the briefing', { cause });
    }
  };
  return {
    async render(make, untagged) {
      const doc = await layOut(typeof make === 'function' ? make() : make);
      const record = taggingRecord(doc);
      const failure = record && checked ? checkTagging(record) : undefined;
      if (!failure) {
        if (record) claimUniversalAccess(doc);
        return collect(doc);
      }
      if (typeof make !== 'function') throw new RenderError(`the briefing's structure tree fails the check ${failure.check}: ${failure.detail}`);
      untagged?.(failure);
      return collect(await layOut({ ...make(), tagged: false }));
    },
  };
}
