import { TemplateError } from '../diagnostics/errors.js';
import { toDocumentDefinition, withAccent, type PdfStyles } from './document.js';
import { parseMarkup, MarkupError } from '../render/markup.js';
import { positionAt } from '../source/positions.js';
import { externalReference } from './resources.js';
import type { DocumentDefinition } from './printer.js';
import type { BriefingModel } from '../model/model.js';
import { claimsByThemeChart, type ChartPalette } from '../render/chart.js';
import { BRIEFING_TEMPLATE, briefingMarkup, type BriefingInputs } from '../render/briefing.js';
import type { Templates } from '../render/templates.js';

function palette(styles: PdfStyles): ChartPalette {
  const colour = (name: string, fallback: string) => String(styles.styles[name]?.color ?? fallback);
  return {
    stated: colour('chart-stated', '#1f5f8b'),
    gaps: colour('chart-gaps', '#b4532a'),
    context: colour('chart-context', '#9aa5b1'),
    text: String(styles.defaultStyle.color ?? '#1d232b'),
    muted: colour('muted', '#6b7682'),
  };
}

/** Builds the briefing's pdfmake definition from the model through the briefing template. */
export function briefingDefinition(model: BriefingModel, templates: Templates, styles: PdfStyles, inputs: BriefingInputs, markup = briefingMarkup(model, templates, inputs)): DocumentDefinition {
  const { config } = inputs;
  const chart = claimsByThemeChart(model, palette(withAccent(styles, config.accent)));
  const graphics = { logo: inputs.logo, charts: { 'claims-by-theme': chart } };
  let definition: DocumentDefinition;
  try {
    definition = toDocumentDefinition(parseMarkup(markup), styles, { date: inputs.date, accent: config.accent, graphics, attachments: inputs.attachments });
  } catch (error) {
    if (!(error instanceof MarkupError)) throw error;
    const { line } = positionAt(markup, error.offset);
    throw new TemplateError({ kind: 'markup', detail: error.message, line }, `templates/${BRIEFING_TEMPLATE}`, 1, 1, { cause: error });
  }
  const external = externalReference(definition);
  if (external) throw new TemplateError({ kind: 'external', reference: external }, `templates/${BRIEFING_TEMPLATE}`, 1, 1);
  return definition;
}
