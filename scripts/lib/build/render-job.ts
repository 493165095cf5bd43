/** Renders one review and writes its files: the work a build does per review, in the main thread or in a worker. */
import { TemplateError } from '../diagnostics/errors.js';
import { manifestEntries, type ManifestEntry } from './manifest.js';
import type { BriefingConfig } from '../config/schema.js';
import type { Graphic } from '../render/graphic.js';
import type { PdfStyles } from '../pdfmake/document.js';
import type { Printer } from '../pdfmake/printer.js';
import { renderEditions } from './pipeline.js';
import type { EditionName } from '../edition/edition.js';
import type { Review } from '../review/schema.js';
import { compileTemplates, type TemplateSources } from '../render/templates.js';
import { publishReview } from '../io/publish.js';

/** What every render needs; plain data, so it can be sent to a worker. */
export interface RenderSettings {
  templates: TemplateSources;
  styles: PdfStyles;
  config: BriefingConfig;
  logo?: Graphic;
  excel: boolean;
  sourceDateEpoch?: number;
}

export interface RenderTask {
  index: number;
  review: Review;
  /** each edition's inputs hash, recorded in the manifest */
  inputs: Record<EditionName, string>;
  out: string;
}

export type RenderResult =
  | { index: number; ok: true; written: string[]; entries: ManifestEntry[] }
  | { index: number; ok: false; template: Pick<TemplateError, 'problem' | 'file' | 'line' | 'column'> };

/** Compiles the templates once and returns the function that renders (with the process's printer) and writes one review. */
export function createRenderer(settings: RenderSettings, printer: Printer): (task: RenderTask) => Promise<RenderResult> {
  const context = { ...settings, templates: compileTemplates(settings.templates), printer };
  return async ({ index, review, inputs, out }) => {
    try {
      const editions = await renderEditions(review, context);
      const written = await publishReview(out, review.id, Object.assign({}, ...editions.map((e) => e.files)));
      const entries = editions.flatMap((e) => manifestEntries(review.id, e.edition, e.files, inputs[e.edition]));
      return { index, ok: true, written, entries };
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return { index, ok: false, template: { problem: error.problem, file: error.file, line: error.line, column: error.column } };
    }
  };
}
