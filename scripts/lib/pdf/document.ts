import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { blocks, inlines } from './content.js';
import { MarkupError, type MarkupElement } from './markup.js';

/** Page styles and layout, from templates/pdf-styles.json. */
export interface PdfStyles {
  pageSize: string;
  pageMargins: [number, number, number, number];
  defaultStyle: Record<string, unknown>;
  styles: Record<string, Record<string, unknown>>;
}

export interface DocumentFacts {
  /** PDF creation date: from as_of, or SOURCE_DATE_EPOCH; never the clock */
  date: Date;
}

const DOCUMENT_ELEMENTS = new Set(['info', 'header', 'footer']);

function only(root: MarkupElement, name: string): MarkupElement | undefined {
  const found = root.children.filter((c): c is MarkupElement => typeof c !== 'string' && c.name === name);
  if (found.length > 1) throw new MarkupError(`the briefing may have one <${name}>`, found[1]!.offset);
  return found[0];
}

function pageBand(el: MarkupElement | undefined): TDocumentDefinitions['footer'] {
  if (!el) return undefined;
  const skipFirst = el.attrs['skip-first'] === 'yes';
  const style = (el.attrs.style ?? el.name).split(/\s+/);
  return (page: number, pages: number) => (skipFirst && page === 1 ? '' : ({ text: inlines(el.children, { page, pages }), style } as Content));
}

/** Turns the rendered briefing markup into a pdfmake document definition. */
export function toDocumentDefinition(root: MarkupElement, styles: PdfStyles, facts: DocumentFacts): TDocumentDefinitions {
  const info = only(root, 'info')?.attrs ?? {};
  const body = root.children.filter((c) => typeof c === 'string' || !DOCUMENT_ELEMENTS.has(c.name));
  return {
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
    header: pageBand(only(root, 'header')),
    footer: pageBand(only(root, 'footer')),
    content: blocks(body),
  } as TDocumentDefinitions;
}
