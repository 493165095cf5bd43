import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { RenderError, TemplateError } from '../diagnostics/errors.js';
import { toDocumentDefinition, withAccent, type PdfStyles } from './document.js';
import { parseMarkup, MarkupError } from '../render/markup.js';
import { positionAt } from '../source/positions.js';
import { externalReference } from './resources.js';
import type { FontSet } from './fonts.js';
import { sharedFontkit } from './shared-fontkit.js';
import { installStyleLookup } from './style-lookup.js';
import { installLineMerge } from './line-merge.js';
import { xmpDescriptions, type XmpInfo } from './xmp.js';
import type { BriefingModel } from '../model/model.js';
import { claimsByThemeChart, type ChartPalette } from '../render/chart.js';
import { BRIEFING_TEMPLATE, briefingMarkup, type BriefingInputs } from '../render/briefing.js';
import type { Templates } from '../render/templates.js';

type Pdfmake = typeof import('pdfmake');


let configuredFor: FontSet | undefined;
/** pdfmake is loaded on first use: a build that renders nothing (a --check, a rebuild with nothing changed) never loads it. */
let loaded: Pdfmake | undefined;

/** pdfmake is a process-wide singleton: give it our fonts, and deny it every URL and every file outside the font folder. */
async function configure(fonts: FontSet, styles: PdfStyles): Promise<Pdfmake> {
  if (!loaded) {
    sharedFontkit();
    loaded = (await import('pdfmake')).default;
    installStyleLookup();
    installLineMerge();
  }
  const pdfmake = loaded;
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
    header: {
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === node.table.body.length ? 0.5 : 0),
      vLineWidth: () => 0,
      hLineColor: () => String(styles.styles['table-rule']?.color ?? '#999999'),
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 5,
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
  return pdfmake;
}


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
export function briefingDefinition(model: BriefingModel, templates: Templates, styles: PdfStyles, inputs: BriefingInputs, markup = briefingMarkup(model, templates, inputs)): TDocumentDefinitions {
  const { config } = inputs;
  const chart = claimsByThemeChart(model, palette(withAccent(styles, config.accent)));
  const graphics = { logo: inputs.logo, charts: { 'claims-by-theme': chart } };
  let definition: TDocumentDefinitions;
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

interface PdfKitDocument extends NodeJS.ReadableStream {
  info: XmpInfo;
  options: { lang?: string };
  appendXML(xml: string): void;
  _addInfo(): void;
  end(): void;
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

export async function renderPdf(definition: TDocumentDefinitions, fonts: FontSet, styles: PdfStyles): Promise<Uint8Array> {
  const pdfmake = await configure(fonts, styles);
  const external = externalReference(definition);
  if (external) throw new RenderError(`refused to render a PDF that would load ${external}: a briefing may not fetch or read anything`);
  try {
    const doc = (await pdfmake.createPdf(definition).getStream()) as unknown as PdfKitDocument;
    // pdfkit 0.19 writes the XMP info unescaped; write it ourselves (see pdf/xmp.ts)
    doc._addInfo = () => doc.appendXML(xmpDescriptions(doc.info, doc.options.lang));
    return await collect(doc);
  } catch (cause) {
    throw new RenderError('pdfmake could not render the briefing', { cause });
  }
}
