/**
 * What the benchmark's peers are given: each valid review's briefing as the project would render it, read from
 * the same pdfmake definition (pdfmake/peer-document.ts), and the project's own render of a review, in process,
 * for the warm case.
 */
import { join } from 'node:path';
import { checkReviews, renderEditions, documentDate, briefingAttachments, type DataFile, type RenderContext } from '../build/pipeline.js';
import { briefingDefinition } from '../pdfmake/briefing.js';
import { fontCoverage } from '../pdfmake/fonts.js';
import type { PdfStyles } from '../pdfmake/document.js';
import { peerDocument, type PeerDocument } from '../pdfmake/peer-document.js';
import { createPrinter } from '../pdfmake/printer.js';
import { buildModel } from '../model/model.js';
import { renderClaimsCsv } from '../render/csv.js';
import { compileTemplates } from '../render/templates.js';
import { loadBriefingConfig } from '../io/files.js';
import { readFontFaces } from '../io/fonts.js';
import { readBuildSources } from '../io/inputs.js';
import type { GlyphCoverage } from '../source/glyphs.js';
import type { Review } from '../review/schema.js';

export interface Project {
  context: RenderContext;
  coverage: GlyphCoverage;
}

/** The project's render context as a build makes it: templates, styles, config, logo, one printer. */
export async function loadProject(root: string): Promise<Project> {
  const templates = join(root, 'templates');
  const fonts = readFontFaces();
  const coverage = fontCoverage(() => fonts.faces);
  const [sources, loaded] = await Promise.all([readBuildSources(root, templates), loadBriefingConfig(templates, coverage)]);
  if (!loaded.config) throw new Error('templates/briefing.config.yaml has errors; run npm run build to see them');
  const styles = JSON.parse(sources.styleText) as PdfStyles;
  const context = { templates: compileTemplates(sources.templates), styles, config: loaded.config, logo: loaded.logo, printer: createPrinter({ fonts }) };
  return { context, coverage };
}

/** A review's briefing (its complete edition) as the peers' document: from the definition the project would render. */
export function briefingPeerDocument(review: Review, context: RenderContext): PeerDocument {
  const model = buildModel(review);
  const csv = new TextEncoder().encode(renderClaimsCsv(model, { excel: context.excel }));
  const inputs = { config: context.config, logo: context.logo, date: documentDate(review, context.sourceDateEpoch), attachments: briefingAttachments(review, csv) };
  return peerDocument(review.id, briefingDefinition(model, context.templates, context.styles, inputs));
}

/** Each valid review's briefing as the peers' document. */
export function peerDocuments(files: readonly DataFile[], { context, coverage }: Project): PeerDocument[] {
  return checkReviews(files, { coverage }).flatMap(({ review }) => (review ? [briefingPeerDocument(review, context)] : []));
}

/** What an edit costs a warm process: the file checked again, then both editions rendered in memory. */
export async function renderInProcess(file: DataFile, { context, coverage }: Project): Promise<number> {
  const [checked] = checkReviews([file], { coverage });
  if (!checked?.review) throw new Error(`${file.path} does not check`);
  const editions = await renderEditions(checked.review, context);
  return editions.length;
}
