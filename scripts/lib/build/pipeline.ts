import type { Message } from '../diagnostics/message.js';
import type { DataFile } from '../source/data-file.js';
import { applyStrict, compareMessages, hasErrors } from '../diagnostics/message.js';
import { renderClaimsCsv, renderFollowUpCsv, renderRecommendationsCsv } from '../render/csv.js';
import { briefingDefinition } from '../pdfmake/briefing.js';
import { briefingMarkup } from '../render/briefing.js';
import { sha256Hex } from './manifest.js';
import { renderSummary } from '../render/summary.js';
import type { Templates } from '../render/templates.js';
import type { Printer, TaggingFailure } from '../pdfmake/printer.js';
import type { Attachment, PdfStyles } from '../pdfmake/document.js';
import type { Graphic } from '../render/graphic.js';
import type { BriefingConfig } from '../config/schema.js';
import { glyphMessages, type GlyphCoverage } from '../source/glyphs.js';
import { EDITION_DIRS, editionsOf, publicEdition, type Edition, type EditionName } from '../edition/edition.js';
import type { PreviousInput } from '../model/followup.js';
import { buildModel, type BriefingModel } from '../model/model.js';
import type { Review } from '../review/schema.js';
import { checkReviewFile, checkReviewIds, checkReviewSessions, type CheckedReview } from '../review/validate.js';


export interface CheckOptions {
  strict?: boolean;
  coverage?: GlyphCoverage;
}

/**
 * Checks one file on its own: parses it, validates it and checks its characters against the font (a file that
 * could not be read has only the message that says why). The parsed
 * source is dropped once its messages are made: for a large file it takes many times the memory of the data.
 */
export function checkFile(file: DataFile, coverage?: GlyphCoverage): CheckedReview {
  if (file.refused) return { path: file.path, messages: [file.refused] };
  const { source, ...result } = checkReviewFile(file.path, file.bytes, file.size);
  if (result.review && source && coverage) result.messages.push(...glyphMessages(result.review, source, coverage));
  return result;
}

/** What follows the checks of single files: ids across files, sorting, and under --strict warnings become errors. */
export function finishChecks(checked: readonly CheckedReview[], strict = false): CheckedReview[] {
  const ids = checkReviewIds(checked);
  const refused = new Set(ids.map((m) => m.file));
  // a file with errors of its own is not counted: it is not built, and a broken copy must not stop the good one
  const duplicates = [...ids, ...checkReviewSessions(checked.filter((c) => !refused.has(c.path) && c.review !== undefined))];
  return checked.map((c) => {
    const messages = applyStrict([...c.messages, ...duplicates.filter((m) => m.file === c.path)], strict).sort(compareMessages);
    return { ...c, messages, review: hasErrors(messages) ? undefined : c.review };
  });
}

/** Validates every file, then the ids across files. Messages are sorted and, under --strict, warnings become errors. */
export function checkReviews(files: readonly DataFile[], options: CheckOptions = {}): CheckedReview[] {
  return finishChecks(
    files.map((f) => checkFile(f, options.coverage)),
    options.strict === true,
  );
}

export interface RenderContext {
  templates: Templates;
  styles: PdfStyles;
  /** made once per process or worker (pdfmake/printer.ts) */
  printer: Printer;
  /** templates/briefing.config.yaml, validated */
  config: BriefingConfig;
  /** the configured logo, read from templates/ */
  logo?: Graphic;
  excel?: boolean;
  /** seconds since 1970, from SOURCE_DATE_EPOCH; overrides as_of as the PDF's date */
  sourceDateEpoch?: number;
}

export const OUTPUT_NAMES = ['briefing.pdf', 'claims.csv', 'recommendations.csv', 'summary.txt'] as const;
/** Written beside the others for a review that follows another (see README "Following up across cycles"). */
export const FOLLOWUP_CSV = 'followup.csv';
export type OutputName = (typeof OUTPUT_NAMES)[number];
export type Outputs = Record<OutputName, Uint8Array> & { [FOLLOWUP_CSV]?: Uint8Array };

/** The artefacts a review's build writes in each edition: the four, and followup.csv when it follows a review. */
export function outputNames(hasPredecessor: boolean): string[] {
  return hasPredecessor ? [...OUTPUT_NAMES, FOLLOWUP_CSV] : [...OUTPUT_NAMES];
}

export function documentDate(review: Review, sourceDateEpoch?: number): Date {
  return sourceDateEpoch === undefined ? new Date(`${review.as_of}T00:00:00Z`) : new Date(sourceDateEpoch * 1000);
}

/** The data behind the briefing, embedded in the PDF: the claims CSV as written, and the normalised review. */
export function briefingAttachments(review: Review, csv: Uint8Array): Attachment[] {
  // the release status is not content: marking a review final leaves its PDF's bytes as they were
  const { status: _released, ...data } = review;
  return [
    { name: 'claims.csv', mediaType: 'text/csv', description: 'Every claim with its sources, one row per claim and cited source', bytes: csv },
    {
      name: 'review.json',
      mediaType: 'application/json',
      description: 'The review data after validation, with defaults filled in',
      bytes: new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`),
    },
  ];
}

/** PDFs already rendered in one call, by everything a PDF is made from besides the build's constants (styles, config, logo). */
export type PdfCache = Map<string, Promise<{ pdf: Uint8Array; untagged?: TaggingFailure }>>;

/** What an edition's render makes before its markup: the model, the CSVs and the PDF's attachments. */
interface Prepared {
  model: BriefingModel;
  date: Date;
  attachments: Attachment[];
  /** the date and the attachments' digests: with the markup, what the PDF cache knows a PDF by */
  digest: string;
  csvs: { 'claims.csv': Uint8Array; 'recommendations.csv': Uint8Array; followUp?: Uint8Array };
}

function prepare(review: Review, context: RenderContext, edition?: Edition, previous?: PreviousInput): Prepared {
  const model = buildModel(review, edition, previous);
  const encoder = new TextEncoder();
  const csv = encoder.encode(renderClaimsCsv(model, { excel: context.excel }));
  const date = documentDate(review, context.sourceDateEpoch);
  const attachments = briefingAttachments(review, csv);
  const csvs = {
    'claims.csv': csv,
    'recommendations.csv': encoder.encode(renderRecommendationsCsv(model, { excel: context.excel })),
    ...(previous ? { followUp: encoder.encode(renderFollowUpCsv(model, { excel: context.excel })) } : {}),
  };
  return { model, date, attachments, digest: [date.toISOString(), ...attachments.map((a) => `${a.name} ${sha256Hex(a.bytes)}`)].join('\n'), csvs };
}

async function renderPrepared({ model, date, attachments, digest, csvs }: Prepared, context: RenderContext, cache: PdfCache, untagged?: (failure: TaggingFailure) => void): Promise<Outputs> {
  const inputs = { config: context.config, logo: context.logo, date, attachments };
  const markup = briefingMarkup(model, context.templates, inputs);
  const key = `${digest}\n${markup}`;
  let rendered = cache.get(key);
  if (!rendered) {
    let failure: TaggingFailure | undefined;
    const pdf = context.printer.render(() => briefingDefinition(model, context.templates, context.styles, inputs, markup), (f) => (failure = f));
    cache.set(key, (rendered = pdf.then((bytes) => ({ pdf: bytes, ...(failure ? { untagged: failure } : {}) }))));
  }
  const { pdf, untagged: failed } = await rendered;
  if (failed) untagged?.(failed);
  const { followUp, ...tables } = csvs;
  return { ...tables, 'summary.txt': new TextEncoder().encode(renderSummary(model, context.templates)), 'briefing.pdf': pdf, ...(followUp ? { [FOLLOWUP_CSV]: followUp } : {}) };
}

/**
 * Renders one valid review (one edition of it) into its artefacts, all in memory. The PDF embeds the CSV and
 * the review data of this edition only: a public edition's review holds no restricted material. With a cache,
 * a PDF already rendered from the same markup, date and attachments (the public edition of a review without
 * restricted material) is not laid out again.
 */
export function renderReview(
  review: Review,
  context: RenderContext,
  edition?: Edition,
  cache: PdfCache = new Map(),
  previous?: PreviousInput,
  untagged?: (failure: TaggingFailure) => void,
): Promise<Outputs> {
  return renderPrepared(prepare(review, context, edition, previous), context, cache, untagged);
}

/** An artefact's path relative to out/<id>/: `briefing.pdf`, `public/briefing.pdf`, … */
export type EditionOutputs = { edition: EditionName; files: Record<string, Uint8Array>; untagged?: TaggingFailure }[];

/**
 * Renders both editions. The public edition is filtered from the review data before anything is rendered,
 * so no artefact, present or future, can carry restricted material into out/<id>/public/.
 */
export async function renderEditions(review: Review, context: RenderContext, previous?: PreviousInput): Promise<EditionOutputs> {
  const rendered: EditionOutputs = [];
  const cache: PdfCache = new Map();
  let first: { data: Review; before?: PreviousInput; prepared: Prepared } | undefined;
  for (const { edition, review: data } of editionsOf(review)) {
    // the previous review in the same edition: a public briefing shows nothing restricted of either review
    const previousData = previous?.review && edition.name === 'public' ? publicEdition(previous.review) : previous?.review;
    const before = previousData === previous?.review ? previous : { ...previous!, review: previousData };
    // an edition made of the same data as the first (a review without restricted material) shares its model and
    // CSVs, whose making does not look at the edition; its markup and summary are rendered, as templates may
    const same = first && first.data === data && first.before?.review === before?.review;
    const prepared = same ? { ...first!.prepared, model: { ...first!.prepared.model, edition } } : prepare(data, context, edition, before);
    first ??= { data, before, prepared };
    let untagged: TaggingFailure | undefined;
    const outputs = await renderPrepared(prepared, context, cache, (failure) => (untagged = failure));
    const files = Object.fromEntries(Object.entries(outputs).map(([name, bytes]) => [`${EDITION_DIRS[edition.name]}${name}`, bytes]));
    rendered.push({ edition: edition.name, files, ...(untagged ? { untagged } : {}) });
  }
  return rendered;
}

export type { Message, CheckedReview, DataFile };
