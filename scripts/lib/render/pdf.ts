import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { RenderError, TemplateError } from '../errors.js';
import { toDocumentDefinition, type PdfStyles } from '../pdf/document.js';
import { parseMarkup, MarkupError } from '../pdf/markup.js';
import type { FontSet } from '../pdf/fonts.js';
import type { BriefingModel } from '../review/model.js';
import type { Templates } from './templates.js';

export const BRIEFING_TEMPLATE = 'briefing.pdf.hbs';

let configuredFor: FontSet | undefined;

/** pdfmake is a process-wide singleton: give it our fonts, and deny it every URL and every file outside the font folder. */
function configure(fonts: FontSet, styles: PdfStyles): void {
  if (configuredFor === fonts) return;
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
    chart: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingTop: () => 1.5,
      paddingBottom: () => 1.5,
      paddingLeft: () => 0,
      paddingRight: (i: number) => (i < 2 ? 6 : 0),
    },
  });
  configuredFor = fonts;
}

/** Builds the briefing's pdfmake definition from the model through the briefing template. */
export function briefingDefinition(model: BriefingModel, templates: Templates, styles: PdfStyles, date: Date): TDocumentDefinitions {
  const markup = templates.render(BRIEFING_TEMPLATE, model);
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
  configure(fonts, styles);
  try {
    const buffer: Buffer = await pdfmake.createPdf(definition).getBuffer();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    throw new RenderError('pdfmake could not render the briefing', { cause });
  }
}
