/** Renders one review and writes its files: the work a build does per review, in the main thread or in a worker. */
import { TemplateError } from '../diagnostics/errors.js';
import { CHANGES_FILE, manifestEntries, type ManifestEntry } from './manifest.js';
import type { BriefingConfig } from '../config/schema.js';
import type { Graphic } from '../render/graphic.js';
import type { PdfStyles } from '../pdfmake/document.js';
import type { Printer, TaggingFailure } from '../pdfmake/printer.js';
import { renderEditions, type EditionOutputs } from './pipeline.js';
import { changesBetween } from '../changes/diff.js';
import { EDITION_DIRS, type EditionName } from '../edition/edition.js';
import type { Review } from '../review/schema.js';
import type { PreviousInput } from '../model/followup.js';
import { compileTemplates, type TemplateSources } from '../render/templates.js';
import { join } from 'node:path';
import { readIfExists } from '../io/files.js';
import { publishReview } from '../io/publish.js';

/** What every render needs; plain data, so it can be sent to a worker. */
export interface RenderSettings {
  templates: TemplateSources;
  styles: PdfStyles;
  config: BriefingConfig;
  logo?: Graphic;
  excel: boolean;
  sourceDateEpoch?: number;
  /** --strict: a briefing whose structure tree fails its checks is not written */
  strict?: boolean;
}

export interface RenderTask {
  index: number;
  review: Review;
  /** each edition's inputs hash, recorded in the manifest */
  inputs: Record<EditionName, string>;
  out: string;
  /** the review it follows: its data, or why it could not be read */
  previous?: PreviousInput;
}

/** An edition whose PDF was written untagged, and the check of its structure tree that failed. */
export type Untagged = { edition: EditionName } & TaggingFailure;

export type RenderResult =
  | { index: number; ok: true; written: string[]; entries: ManifestEntry[]; untagged: Untagged[] }
  | { index: number; ok: false; template: Pick<TemplateError, 'problem' | 'file' | 'line' | 'column'> }
  | { index: number; ok: false; untagged: Untagged[] };

/**
 * Each edition's changes.txt: what changed in its data since the build whose PDF it replaces. A PDF that comes
 * out byte-identical keeps the changes.txt it had, so rebuilding gives the same bytes. A record inside the
 * review's folder (published with it), not an artefact: the manifest does not list it and distribute never sends it.
 */
async function changeFiles(dir: string, editions: EditionOutputs): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const { edition, files: outputs } of editions) {
    const pdf = `${EDITION_DIRS[edition]}briefing.pdf`;
    const changes = `${EDITION_DIRS[edition]}${CHANGES_FILE}`;
    const previous = await readIfExists(join(dir, pdf));
    if (previous && Buffer.compare(previous, outputs[pdf]!) === 0) {
      const kept = await readIfExists(join(dir, changes));
      if (kept) files[changes] = kept;
      continue;
    }
    const text = changesBetween(previous, outputs[pdf]!, 'the previous build');
    if (text) files[changes] = new TextEncoder().encode(text);
  }
  return files;
}

/** Renders and writes one review; `rehearse` renders it in memory only, writing nothing and telling nothing. */
export type Renderer = ((task: RenderTask) => Promise<RenderResult>) & { rehearse(task: RenderTask): Promise<void> };

/** Compiles the templates once and returns the function that renders (with the process's printer) and writes one review. */
export function createRenderer(settings: RenderSettings, printer: Printer): Renderer {
  const context = { ...settings, templates: compileTemplates(settings.templates), printer };
  const rehearse = async ({ review, previous }: RenderTask) => void (await renderEditions(review, context, previous));
  return Object.assign(async ({ index, review, inputs, out, previous }: RenderTask): Promise<RenderResult> => {
    try {
      const editions = await renderEditions(review, context, previous);
      const untagged = editions.flatMap((e) => (e.untagged ? [{ edition: e.edition, ...e.untagged }] : []));
      if (settings.strict && untagged.length > 0) return { index, ok: false, untagged };
      const files: Record<string, Uint8Array> = Object.assign({}, ...editions.map((e) => e.files));
      const written = await publishReview(out, review.id, { ...files, ...(await changeFiles(join(out, review.id), editions)) });
      const entries = editions.flatMap((e) => manifestEntries(review.id, e.edition, e.files, inputs[e.edition]));
      return { index, ok: true, written: written.filter((path) => !path.endsWith(CHANGES_FILE)), entries, untagged };
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return { index, ok: false, template: { problem: error.problem, file: error.file, line: error.line, column: error.column } };
    }
  }, { rehearse });
}
