import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { DocumentDefinition } from './printer.js';
import { band, blocks, chartImage, type Graphic, type Graphics, type Scope } from './content.js';
import { keepHeadingsWithText, keepRoom } from './keep.js';
import type { Attachment } from '../render/briefing.js';
import { MarkupError, type MarkupElement } from '../render/markup.js';

export type { Attachment };

/** Page styles and layout, from templates/pdf-styles.json. A colour written `@accent` takes the configured accent. */
export interface PdfStyles {
  pageSize: string;
  pageMargins: [number, number, number, number];
  defaultStyle: Record<string, unknown>;
  styles: Record<string, Record<string, unknown>>;
}


export interface DocumentFacts {
  /** PDF creation date: from as_of, or SOURCE_DATE_EPOCH; never the clock */
  date: Date;
  accent: string;
  graphics: Graphics;
  attachments: readonly Attachment[];
}

const DOCUMENT_ELEMENTS = new Set(['info', 'header', 'footer']);

function only(root: MarkupElement, name: string): MarkupElement | undefined {
  const found = root.children.filter((c): c is MarkupElement => typeof c !== 'string' && c.name === name);
  if (found.length > 1) throw new MarkupError(`the briefing may have one <${name}>`, found[1]!.offset);
  return found[0];
}

function pageBand(el: MarkupElement | undefined, graphics: Graphics): TDocumentDefinitions['footer'] {
  if (!el) return undefined;
  const skipFirst = el.attrs['skip-first'] === 'yes';
  const style = (el.attrs.style ?? el.name).split(/\s+/);
  band(el.children, { graphics }); // fail on bad markup now, not while pdfmake draws a page
  return (page: number, pages: number) => (skipFirst && page === 1 ? '' : { stack: [band(el.children, { page: { page, pages }, graphics })], style });
}

/** Replaces every `@accent` value in the styles with the configured accent colour. */
export function withAccent<T>(value: T, accent: string): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (v === '@accent' ? accent : v)) as T;
}

/** Attachments as pdfmake `files`: their bytes (the printer hands them to pdfmake from memory), dated with the document's date. */
function files(attachments: readonly Attachment[], date: Date): Record<string, unknown> {
  return Object.fromEntries(
    attachments.map((a) => [
      a.name,
      { src: a.bytes, type: a.mediaType, name: a.name, description: a.description, creationDate: date, modifiedDate: date, relationship: 'Data' },
    ]),
  );
}

/** The pictures given as PNG bytes, by the name their nodes use (content.ts): pdfmake takes images by name only. */
function images(graphics: Graphics): Record<string, Uint8Array> {
  const named: [string, Graphic | undefined][] = [['logo', graphics.logo], ...Object.entries(graphics.charts).map(([kind, chart]): [string, Graphic] => [chartImage(kind), chart])];
  return Object.fromEntries(named.flatMap(([name, graphic]) => (graphic?.image ? [[name, graphic.image]] : [])));
}

/** Turns the rendered briefing markup into a pdfmake document definition: PDF/A-3b, tagged, with its data attached. */
export function toDocumentDefinition(root: MarkupElement, pdfStyles: PdfStyles, facts: DocumentFacts): DocumentDefinition {
  const styles = withAccent(pdfStyles, facts.accent);
  const info = only(root, 'info')?.attrs ?? {};
  const body = root.children.filter((c) => typeof c === 'string' || !DOCUMENT_ELEMENTS.has(c.name));
  const scope: Scope = { graphics: facts.graphics };
  return {
    version: '1.7',
    subset: 'PDF/A-3b',
    tagged: true,
    displayTitle: true,
    pageSize: styles.pageSize as TDocumentDefinitions['pageSize'],
    pageMargins: styles.pageMargins,
    defaultStyle: styles.defaultStyle,
    styles: styles.styles,
    info: {
      title: info.title,
      author: info.author,
      subject: info.subject,
      keywords: info.keywords,
      creator: 'upr-briefing',
      producer: 'upr-briefing (pdfmake)',
      creationDate: facts.date,
      modDate: facts.date,
    },
    language: info.language,
    header: pageBand(only(root, 'header'), facts.graphics),
    footer: pageBand(only(root, 'footer'), facts.graphics),
    images: images(facts.graphics),
    files: files(facts.attachments, facts.date),
    content: keepHeadingsWithText(blocks(body, scope), keepRoom(styles.pageSize, styles.pageMargins)),
  } as DocumentDefinition;
}
