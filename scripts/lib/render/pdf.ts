import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { RenderError, TemplateError } from '../errors.js';
import { toDocumentDefinition, type PdfStyles } from '../pdf/document.js';
import { parseMarkup, MarkupError } from '../pdf/markup.js';
import type { FontSet } from '../pdf/fonts.js';
import type { BriefingModel } from '../review/model.js';
import type { Templates } from './templates.js';

export const BRIEFING_TEMPLATE = 'briefing.pdf.hbs';

type Pdfmake = typeof import('pdfmake');

let configuredFor: FontSet | undefined;
/** pdfmake is loaded on first use: a build that renders nothing (a --check, a rebuild with nothing changed) never loads it. */
let loaded: Pdfmake | undefined;

/** pdfmake is a process-wide singleton: give it our fonts, and deny it every URL and every file outside the font folder. */
async function configure(fonts: FontSet, styles: PdfStyles): Promise<Pdfmake> {
  const pdfmake = (loaded ??= (await import('pdfmake')).default);
  if (configuredFor === fonts) return pdfmake;
  pdfmake.setFonts(fonts.descriptors);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path: string) => fonts.allows(path));
  pdfmake.setTableLayouts({
    briefing: {
      hLineWidth: (i: number) => (i === 0 ? 0 : 0.5),
      vLineWidth: () => 0,
      hLineColor: () => String(styles.styles['table-rule']?.color ?? '#999999'),
      paddingTop: () => 4,
      paddingBottom: () => 4,
    },
  });
  configuredFor = fonts;
  return pdfmake;
}

/** The briefing markup: the briefing template rendered with the model. */
export function briefingMarkup(model: BriefingModel, templates: Templates): string {
  return templates.render(BRIEFING_TEMPLATE, model);
}

/** The pdfmake definition of rendered briefing markup; everything the PDF shows comes from the markup, the styles and the date. */
export function markupDefinition(markup: string, styles: PdfStyles, date: Date): TDocumentDefinitions {
  try {
    return toDocumentDefinition(parseMarkup(markup), styles, { date });
  } catch (error) {
    if (!(error instanceof MarkupError)) throw error;
    const line = markup.slice(0, error.offset).split('\n').length;
    const reason = `the rendered briefing markup is not well formed: ${error.message} (line ${line} of the output)`;
    throw new TemplateError(reason, `templates/${BRIEFING_TEMPLATE}`, 1, 1, { cause: error });
  }
}

export async function renderPdf(definition: TDocumentDefinitions, fonts: FontSet, styles: PdfStyles): Promise<Uint8Array> {
  const pdfmake = await configure(fonts, styles);
  try {
    const buffer: Buffer = await pdfmake.createPdf(definition).getBuffer();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    throw new RenderError('pdfmake could not render the briefing', { cause });
  }
}
