#!/usr/bin/env -S npx tsx
/** `npm run build`: the zx entry point. It alone touches files and the process; the pipeline in lib/ is pure. */
import { chalk } from 'zx';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_USAGE, parseBuildOptions, type BuildOptions } from './lib/cli/options.js';
import { applyStrict, hasErrors, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { TemplateError, UsageError } from './lib/errors.js';
import { dejaVuFonts, loadCoverage, type FontSet } from './lib/pdf/fonts.js';
import type { PdfStyles } from './lib/pdf/document.js';
import { createManifest, hashInputs, MANIFEST_FILE, manifestEntries, mergeManifest, parseManifest, renderManifest, renderSha256Sums, sha256Hex, SUMS_FILE, type Manifest, type ManifestEntry, type ManifestReview } from './lib/manifest.js';
import { checkReviews, renderEditions, type DataFile, type RenderContext } from './lib/pipeline.js';
import type { Review } from './lib/review/schema.js';
import { compileTemplates } from './lib/render/templates.js';
import { execute, runCommand } from './command.js';
import { displayPath, loadBriefingConfig, readDataFiles, readIfExists, readTemplates, writeFilesAtomically, type LoadedConfig } from './io.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = join(ROOT, 'templates');

function sourceDateEpoch(): number | undefined {
  const value = process.env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`SOURCE_DATE_EPOCH is "${value}"; set it to whole seconds since 1970, or unset it`);
  return Number(value);
}

function templateMessage(error: TemplateError): Message {
  return { file: displayPath(join(ROOT, error.file)), line: error.line, column: error.column, ruleId: 'template-error', severity: 'error', reason: `${error.message}; fix the template` };
}

interface BuildContext extends RenderContext {
  /** what every artefact is made from besides its data file, for the manifest's inputs hash */
  inputs: Record<string, string>;
}

/** The templates, styles and house style every review is rendered with; none when the briefing config has errors. */
async function renderContext(options: BuildOptions, loaded: LoadedConfig, fonts: FontSet): Promise<BuildContext | undefined> {
  const [sources, styleText] = await Promise.all([readTemplates(TEMPLATES), readFile(join(TEMPLATES, 'pdf-styles.json'), 'utf8')]);
  const epoch = sourceDateEpoch();
  const inputs = {
    ...Object.fromEntries(Object.entries(sources).map(([name, text]) => [`templates/${name}`, text])),
    'templates/pdf-styles.json': styleText,
    'templates/briefing.config.yaml': JSON.stringify({ config: loaded.config ?? null, logo: loaded.logo ?? null }),
    options: JSON.stringify({ excel: options.excel, sourceDateEpoch: epoch ?? null }),
  };
  const styles = JSON.parse(styleText) as PdfStyles;
  const templates = compileTemplates(sources);
  if (!loaded.config || hasErrors(loaded.messages)) return undefined;
  return { templates, styles, fonts, config: loaded.config, logo: loaded.logo, excel: options.excel, sourceDateEpoch: epoch, inputs };
}

/** Writes both editions of one review into out/<id>/ and returns their manifest entries. */
async function writeReview(review: Review, file: DataFile, context: BuildContext, out: string): Promise<{ written: string[]; entries: ManifestEntry[] }> {
  const editions = await renderEditions(review, context);
  const files = Object.assign({}, ...editions.map((e) => e.files)) as Record<string, Uint8Array>;
  const written = await writeFilesAtomically(join(out, review.id), files);
  const entries = editions.flatMap((e) => {
    const inputs = hashInputs({ ...context.inputs, data: file.bytes, edition: e.edition });
    return manifestEntries(review.id, e.edition, e.files, inputs);
  });
  return { written, entries };
}

/** Keeps an earlier entry only while its file still holds the bytes it lists. */
async function stillValid(out: string, entries: readonly ManifestEntry[]): Promise<ManifestEntry[]> {
  const checked = await Promise.all(entries.map(async (e) => ({ e, bytes: await readIfExists(join(out, e.path)) })));
  return checked.filter(({ e, bytes }) => bytes !== undefined && sha256Hex(bytes) === e.sha256).map(({ e }) => e);
}

/** out/manifest.json and out/SHA256SUMS: what this build wrote, merged with the untouched earlier entries. */
async function writeManifest(out: string, built: Manifest): Promise<string[]> {
  const previousBytes = await readIfExists(join(out, MANIFEST_FILE));
  const previous = previousBytes && parseManifest(new TextDecoder().decode(previousBytes));
  const kept = previous && { ...previous, artefacts: await stillValid(out, previous.artefacts) };
  const manifest = mergeManifest(kept, built);
  const encoder = new TextEncoder();
  return writeFilesAtomically(out, { [MANIFEST_FILE]: encoder.encode(renderManifest(manifest)), [SUMS_FILE]: encoder.encode(renderSha256Sums(manifest)) });
}

async function build(options: BuildOptions): Promise<number> {
  const files = await readDataFiles(options.data);
  const fonts = dejaVuFonts();
  const coverage = await loadCoverage(fonts);
  const loaded = await loadBriefingConfig(TEMPLATES, coverage);
  loaded.messages = applyStrict(loaded.messages, options.strict);
  const context = await renderContext(options, loaded, fonts);
  const checked = checkReviews(files, { strict: options.strict, coverage });
  const selected = options.only ? checked.filter((c) => c.id !== undefined && options.only!.includes(c.id)) : checked;
  const unknown = options.only?.filter((id) => !checked.some((c) => c.id === id)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--only names ${unknown.join(', ')}, which no review file in ${displayPath(options.data)} declares`);
  const lines: string[] = [];
  const messages: Message[] = [...loaded.messages];
  const reviews: ManifestReview[] = [];
  const artefacts: ManifestEntry[] = [];
  for (const item of selected) {
    messages.push(...item.messages);
    const name = item.id ?? displayPath(item.path);
    if (!item.review) {
      lines.push(`${chalk.red('✗')} ${name}  not built: ${summarizeMessages(item.messages)}`);
    } else if (!context) {
      lines.push(`${chalk.red('✗')} ${name}  not built: the briefing config has errors`);
    } else if (options.check) {
      lines.push(`${chalk.green('✓')} ${name}  valid`);
    } else {
      try {
        const file = files.find((f) => f.path === item.path)!;
        const { written, entries } = await writeReview(item.review, file, context, options.out);
        reviews.push({ id: item.review.id, title: item.review.title });
        artefacts.push(...entries);
        lines.push(`${chalk.green('✓')} ${name}  ${written.map(displayPath).join('  ')}`);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        messages.push(templateMessage(error));
        lines.push(`${chalk.red('✗')} ${name}  not built: template error`);
      }
    }
  }
  if (!options.check) {
    const written = await writeManifest(options.out, createManifest(reviews, artefacts));
    lines.push(`  ${written.map(displayPath).join('  ')}`);
  }
  if (files.length === 0) lines.push(`no review files in ${displayPath(options.data)}`);
  console.log(lines.join('\n'));
  if (messages.length > 0) console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
  return hasErrors(messages) ? 1 : 0;
}

const buildCommand = {
  usage: BUILD_USAGE,
  parse: parseBuildOptions,
  run: build,
  explain: (error: unknown) => (error instanceof TemplateError ? { code: 1, text: formatMessages([templateMessage(error)]) } : undefined),
};

/** The build command: prints what `npm run build` prints and returns its exit code. Tests run it in-process. */
export const run = (args: readonly string[]): Promise<number> => execute(buildCommand, args);

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runCommand(buildCommand);
