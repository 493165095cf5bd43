/** Renders one review and writes its files: the work a build does per review, in the main thread or in a worker. */
import { join } from 'node:path';
import { TemplateError } from '../diagnostics/errors.js';
import { manifestEntries, STAMP_FILE, type ManifestEntry } from './manifest.js';
import type { BriefingConfig } from '../config/schema.js';
import type { Graphic } from '../render/graphic.js';
import type { PdfStyles } from '../pdfmake/document.js';
import type { Printer } from '../pdfmake/printer.js';
import { renderEditions } from './pipeline.js';
import type { EditionName } from '../edition/edition.js';
import type { Review } from '../review/schema.js';
import { compileTemplates, type TemplateSources } from '../render/templates.js';
import { writeFilesAtomically } from '../io/files.js';

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
  /** the review's inputs hash (written to its stamp file), and each edition's (recorded in the manifest) */
  stamp: string;
  inputs: Record<EditionName, string>;
  out: string;
}

export type RenderResult =
  | { index: number; ok: true; written: string[]; entries: ManifestEntry[] }
  | { index: number; ok: false; template: Pick<TemplateError, 'problem' | 'file' | 'line' | 'column'> };

/** Compiles the templates once and returns the function that renders (with the process's printer) and writes one review. */
export function createRenderer(settings: RenderSettings, printer: Printer): (task: RenderTask) => Promise<RenderResult> {
  const context = { ...settings, templates: compileTemplates(settings.templates), printer };
  return async ({ index, review, stamp, inputs, out }) => {
    try {
      const editions = await renderEditions(review, context);
      const files: Record<string, Uint8Array> = Object.assign({}, ...editions.map((e) => e.files));
      files[STAMP_FILE] = new TextEncoder().encode(`${stamp}\n`);
      const written = await writeFilesAtomically(join(out, review.id), files);
      const entries = editions.flatMap((e) => manifestEntries(review.id, e.edition, e.files, inputs[e.edition]));
      return { index, ok: true, written: written.filter((path) => !path.endsWith(STAMP_FILE)), entries };
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return { index, ok: false, template: { problem: error.problem, file: error.file, line: error.line, column: error.column } };
    }
  };
}
