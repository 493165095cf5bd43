#!/usr/bin/env -S npx tsx
/** `npm run build`: the zx entry point. It alone touches files and the process; the pipeline in lib/ is pure. */
import { chalk } from 'zx/core';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_USAGE, parseBuildOptions, type BuildOptions } from './lib/cli/options.js';
import { applyStrict, createMessage, hasErrors, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { TemplateError, UsageError } from './lib/diagnostics/errors.js';
import { fontCoverage, type FontFaces } from './lib/pdfmake/fonts.js';
import { unpatchedWarning } from './lib/pdfmake/install.js';
import { createPrinter, type Printer } from './lib/pdfmake/printer.js';
import { readFontFaces } from './lib/io/fonts.js';
import { CHECK_CACHE_FILE, checkKey, checkWithCache, parseCheckCache, renderCheckCache, updateCheckCache, type CheckCache, type Checked } from './lib/build/check-cache.js';
import type { PdfStyles } from './lib/pdfmake/document.js';
import { artefactsByReview, createManifest, hashInputs, isUpToDate, joinManifests, MANIFEST_FILE, mergeManifest, parseManifest, renderManifest, renderSha256Sums, sha256Hex, STAMP_FILE, SUMS_FILE, type Manifest, type ManifestEntry } from './lib/build/manifest.js';
import { checkReviews, finishChecks, type CheckedReview, type DataFile } from './lib/build/pipeline.js';
import type { GlyphCoverage } from './lib/source/glyphs.js';
import type { Pool } from './lib/build/pool.js';
import { EDITIONS, type EditionName } from './lib/edition/edition.js';
import { compileTemplates } from './lib/render/templates.js';
import { inShard } from './lib/build/shard.js';
import { execute, runCommand } from './lib/cli/command.js';
import { parseSourceDateEpoch } from './lib/cli/source-date-epoch.js';
import { displayPath, loadBriefingConfig, readDataFiles, readIfExists, readTemplates, writeFilesAtomically, type LoadedConfig } from './lib/io/files.js';
import type { RenderResult, RenderSettings, RenderTask } from './lib/build/render-job.js';
import { createProgress } from './lib/cli/progress.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = join(ROOT, 'templates');
/** The worker script beside this one: render-worker.mjs in dist/, render-worker.ts under tsx. */
const WORKER = new URL(`./render-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

function templateMessage(error: Pick<TemplateError, 'problem' | 'file' | 'line' | 'column'>): Message {
  return createMessage(displayPath(join(ROOT, error.file)), error, 'template-error', error.problem);
}

/**
 * What every artefact is made from besides its data file: templates, styles, house style, output options, fonts
 * and the project's version. No settings when the briefing config has errors.
 */
async function buildInputs(options: BuildOptions, loaded: LoadedConfig, fonts: FontFaces): Promise<{ settings?: RenderSettings; inputs: Record<string, string> }> {
  const [templates, styleText, packageText] = await Promise.all([
    readTemplates(TEMPLATES),
    readFile(join(TEMPLATES, 'pdf-styles.json'), 'utf8'),
    readFile(join(ROOT, 'package.json'), 'utf8'),
  ]);
  const epoch = parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  const inputs = {
    ...Object.fromEntries(Object.entries(templates).map(([name, text]) => [`templates/${name}`, text])),
    'templates/pdf-styles.json': styleText,
    'templates/briefing.config.yaml': JSON.stringify({ config: loaded.config ?? null, logo: loaded.logo ?? null }),
    options: JSON.stringify({ excel: options.excel, sourceDateEpoch: epoch ?? null }),
    fonts: Object.values(fonts.faces).map((bytes) => sha256Hex(bytes)).join(' '),
    version: String((JSON.parse(packageText) as { version?: string }).version),
  };
  compileTemplates(templates);
  if (!loaded.config || hasErrors(loaded.messages)) return { inputs };
  const styles = JSON.parse(styleText) as PdfStyles;
  return { settings: { templates, styles, config: loaded.config, logo: loaded.logo, excel: options.excel, sourceDateEpoch: epoch }, inputs };
}

async function readText(path: string): Promise<string | undefined> {
  const bytes = await readIfExists(path);
  return bytes && new TextDecoder().decode(bytes);
}

/** Keeps an earlier entry only while its file still holds the bytes it lists. */
async function stillValid(out: string, entries: readonly ManifestEntry[]): Promise<ManifestEntry[]> {
  const checked = await Promise.all(entries.map(async (e) => ({ e, bytes: await readIfExists(join(out, e.path)) })));
  return checked.filter(({ e, bytes }) => bytes !== undefined && sha256Hex(bytes) === e.sha256).map(({ e }) => e);
}

interface PreviousBuild {
  /** the manifest, keeping only the entries whose files still match */
  manifest: Manifest;
  text: string;
  /** reviews with a listed file that is missing or changed since */
  damaged: Set<string>;
}

async function readManifest(dir: string): Promise<PreviousBuild | undefined> {
  const text = await readText(join(dir, MANIFEST_FILE));
  const manifest = text === undefined ? undefined : parseManifest(text);
  if (!manifest) return undefined;
  const valid = await stillValid(dir, manifest.artefacts);
  const kept = new Set(valid);
  const damaged = new Set(manifest.artefacts.filter((e) => !kept.has(e)).map((e) => e.review));
  return { manifest: { ...manifest, artefacts: valid }, text: text!, damaged };
}

/** Writes out/manifest.json and out/SHA256SUMS, unless they already hold exactly this. */
async function writeManifest(out: string, manifest: Manifest, previousText?: string): Promise<string[]> {
  const text = renderManifest(manifest);
  const sums = renderSha256Sums(manifest);
  if (text === previousText && (await readText(join(out, SUMS_FILE))) === sums) return [];
  const encoder = new TextEncoder();
  return writeFilesAtomically(out, { [MANIFEST_FILE]: encoder.encode(text), [SUMS_FILE]: encoder.encode(sums) });
}

/** Keeps the checks of this build's valid files for the next build (see lib/check-cache.ts). */
async function writeCheckCache(out: string, cache: CheckCache, previous?: CheckCache): Promise<void> {
  const text = renderCheckCache(cache);
  if (previous && renderCheckCache(previous) === text) return;
  await writeFilesAtomically(join(out, dirname(CHECK_CACHE_FILE)), { [basename(CHECK_CACHE_FILE)]: new TextEncoder().encode(text) });
}

/** One line of the build's output per review, filled in when its work is done; printed in review order. */
interface Slot {
  item: Checked;
  name: string;
  line?: string;
  messages: Message[];
  task?: RenderTask;
  /** up to date: not rebuilt */
  skipped?: boolean;
}

const mark = { ok: () => chalk.green('✓'), failed: () => chalk.red('✗') };

/** A review that must be rendered, once its data is at hand. */
interface Pending {
  slot: Slot;
  index: number;
  file: DataFile;
  stamp: string;
  inputs: Record<EditionName, string>;
}

/**
 * Decides, for each selected review, whether it needs rendering, and writes the lines of those that do not. The
 * reviews whose checks came from the cache and that must be rendered are parsed then, together, so a batch of
 * them is checked in the workers like any other.
 */
async function planSlots(selected: readonly Checked[], files: readonly DataFile[], build: { inputs: Record<string, string>; settings?: RenderSettings }, options: BuildOptions, check: (files: readonly DataFile[]) => Promise<Checked[]>, previous?: PreviousBuild): Promise<Slot[]> {
  const { inputs } = build;
  const fileByPath = new Map(files.map((f) => [f.path, f]));
  const previousByReview = artefactsByReview(previous?.manifest);
  const planned = await Promise.all(
    selected.map(async (item, index): Promise<Slot | Pending> => {
      const slot: Slot = { item, name: item.id ?? displayPath(item.path), messages: [...item.messages] };
      if (!item.review && !item.cached) return { ...slot, line: `${mark.failed()} ${slot.name}  not built: ${summarizeMessages(item.messages)}` };
      if (!build.settings) return { ...slot, line: `${mark.failed()} ${slot.name}  not built: the briefing config has errors` };
      if (options.check) return { ...slot, line: `${mark.ok()} ${slot.name}  valid` };
      const file = fileByPath.get(item.path)!;
      const stamp = hashInputs({ ...inputs, data: file.bytes });
      const editionInputs = Object.fromEntries(EDITIONS.map((edition) => [edition, hashInputs({ ...inputs, data: file.bytes, edition })])) as Record<EditionName, string>;
      if (!options.force && !previous?.damaged.has(item.id!)) {
        const stamped = await readText(join(options.out, item.id!, STAMP_FILE));
        if (stamped?.trim() === stamp && isUpToDate(previousByReview.get(item.id!), editionInputs)) {
          return { ...slot, skipped: true, line: `${mark.ok()} ${slot.name}  unchanged, not rebuilt` };
        }
      }
      return { slot, index, file, stamp, inputs: editionInputs };
    }),
  );
  const unparsed = planned.filter((p): p is Pending => 'file' in p && !p.slot.item.review);
  if (unparsed.length > 0) (await check(unparsed.map((p) => p.file))).forEach((checked, i) => (unparsed[i]!.slot.item = checked));
  return planned.map((p) => ('file' in p ? pendingSlot(p, options.out) : p));
}

function pendingSlot({ slot, index, stamp, inputs }: Pending, out: string): Slot {
  const { item } = slot;
  if (!item.review) return { ...slot, messages: item.messages, line: `${mark.failed()} ${slot.name}  not built: ${summarizeMessages(item.messages)}` };
  return { ...slot, task: { index, review: item.review, stamp, inputs, out } };
}

/** Renders the tasks, in this thread or in the pool's workers, calling `done` as each finishes. */
async function renderTasks(tasks: RenderTask[], settings: RenderSettings, printer: Printer, done: (result: RenderResult) => void, pool?: () => Promise<Pool>): Promise<void> {
  if (tasks.length === 0) return;
  const warning = unpatchedWarning();
  if (warning) console.warn(warning);
  const largestFirst = [...tasks].sort((a, b) => b.review.claims.length + b.review.recommendations.length - a.review.claims.length - a.review.recommendations.length || a.index - b.index);
  if (pool && tasks.length > 1) return (await pool()).render(largestFirst, done);
  const { createRenderer } = await import('./lib/build/render-job.js');
  const render = createRenderer(settings, printer);
  for (const task of tasks) done(await render(task));
}

/** Fewer files than this are checked in the main thread: starting workers would cost more than it saves. */
const POOL_CHECK_MIN = 8;

/** The build's checks: in the pool's workers when there are enough files, else here; then the checks across files. */
function checker(options: BuildOptions, coverage: GlyphCoverage, pool?: () => Promise<Pool>): (files: readonly DataFile[]) => Promise<CheckedReview[]> {
  return async (files) => {
    if (!pool || files.length < POOL_CHECK_MIN) return checkReviews(files, { strict: options.strict, coverage });
    return finishChecks(await (await pool()).check(files), options.strict);
  };
}

function countLine(built: number, skipped: number): string | undefined {
  if (skipped === 0) return undefined;
  if (built === 0) return `nothing changed: ${skipped} ${skipped === 1 ? 'review is' : 'reviews are'} up to date, none rebuilt (--force rebuilds them)`;
  return `${built} rebuilt, ${skipped} unchanged`;
}

async function build(options: BuildOptions): Promise<number> {
  if (options.mergeManifests) return mergeShards(options.mergeManifests, options.out);
  const files = await readDataFiles(options.data);
  const fonts = readFontFaces();
  const coverage = fontCoverage(() => fonts.faces);
  const loaded = await loadBriefingConfig(TEMPLATES, coverage);
  loaded.messages = applyStrict(loaded.messages, options.strict);
  const inputs = await buildInputs(options, loaded, fonts);
  let started: Pool | undefined;
  const pool = options.jobs > 1 ? async () => (started ??= (await import('./lib/build/pool.js')).startPool(options.jobs, WORKER, { settings: inputs.settings })) : undefined;
  try {
    return await buildWith(options, { files, loaded, inputs, printer: createPrinter({ fonts }), check: checker(options, coverage, pool), pool });
  } finally {
    await started?.close();
  }
}

interface BuildState {
  files: DataFile[];
  loaded: LoadedConfig;
  inputs: { settings?: RenderSettings; inputs: Record<string, string> };
  printer: Printer;
  check: (files: readonly DataFile[]) => Promise<CheckedReview[]>;
  pool?: () => Promise<Pool>;
}

async function buildWith(options: BuildOptions, { files, loaded, inputs, printer, check, pool }: BuildState): Promise<number> {
  const keys = files.map((f) => checkKey(f, { strict: options.strict, fonts: inputs.inputs.fonts!, version: inputs.inputs.version! }));
  const cache = options.check ? undefined : parseCheckCache(await readText(join(options.out, CHECK_CACHE_FILE)));
  const checked = cache ? await checkWithCache(files, keys, cache, check) : await check(files);
  const unknown = options.only?.filter((id) => !checked.some((c) => c.id === id)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--only names ${unknown.join(', ')}, which no review file in ${displayPath(options.data)} declares`);
  const selected = checked.filter((c) => (!options.only || (c.id !== undefined && options.only.includes(c.id))) && inShard(c.id ?? c.path, options.shard));
  const previous = options.check ? undefined : await readManifest(options.out);
  const slots = await planSlots(selected, files, inputs, options, check, previous);
  const tasks = slots.flatMap((s) => (s.task ? [s.task] : []));
  const artefacts: ManifestEntry[] = [];
  const progress = createProgress(tasks.length);
  let printed = 0;
  const flush = () => {
    for (; printed < slots.length && slots[printed]!.line !== undefined; printed++) progress.print(slots[printed]!.line!);
  };
  flush();
  await renderTasks(tasks, inputs.settings!, printer, (result) => {
    const slot = slots[result.index]!;
    if (result.ok) {
      artefacts.push(...result.entries);
      slot.line = `${mark.ok()} ${slot.name}  ${result.written.map(displayPath).join('  ')}`;
    } else {
      slot.messages.push(templateMessage(result.template));
      slot.line = `${mark.failed()} ${slot.name}  not built: template error`;
    }
    progress.tick();
    flush();
  }, pool);
  progress.done();
  const tail: string[] = [];
  if (!options.check) {
    const built = slots.filter((s) => s.task && artefacts.some((a) => a.review === s.item.review!.id));
    const reviews = built.map((s) => ({ id: s.item.review!.id, title: s.item.review!.title }));
    const written = await writeManifest(options.out, mergeManifest(previous?.manifest, createManifest(reviews, artefacts)), previous?.text);
    if (written.length > 0) tail.push(`  ${written.map(displayPath).join('  ')}`);
    const count = countLine(tasks.length, slots.filter((s) => s.skipped).length);
    const bySlot = new Map(slots.map((s) => [s.item.path, s.item]));
    await writeCheckCache(options.out, updateCheckCache(keys, checked.map((c) => bySlot.get(c.path) ?? c)), cache);
    if (count) tail.push(count);
  }
  if (files.length === 0) tail.push(`no review files in ${displayPath(options.data)}`);
  if (tail.length > 0) console.log(tail.join('\n'));
  const messages = [...loaded.messages, ...slots.flatMap((s) => s.messages)];
  if (messages.length > 0) console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
  return hasErrors(messages) ? 1 : 0;
}

/** `--merge-manifests <dir…>`: joins shard builds into --out: their files (checked against their manifests), one manifest, one SHA256SUMS. */
async function mergeShards(dirs: readonly string[], out: string): Promise<number> {
  const manifests: Manifest[] = [];
  for (const dir of dirs) {
    const found = await readText(join(dir, MANIFEST_FILE));
    const manifest = found && parseManifest(found);
    if (!manifest) throw new UsageError(`${displayPath(join(dir, MANIFEST_FILE))} is missing or is not a build manifest; run the shard's build into ${displayPath(dir)} first`);
    if (resolve(dir) !== resolve(out)) await copyArtefacts(dir, manifest, out);
    manifests.push(manifest);
  }
  const { manifest, conflicts } = joinManifests(manifests);
  if (conflicts.length > 0) throw new UsageError(`the shards list different bytes for ${conflicts.join(', ')}; build each review in one shard only (the same --shard n everywhere)`);
  const written = await writeManifest(out, manifest);
  console.log(`${mark.ok()} merged ${dirs.length} manifests: ${manifest.reviews.length} reviews, ${manifest.artefacts.length} files  ${written.map(displayPath).join('  ')}`);
  return 0;
}

/** Copies a shard's artefacts (and stamps, so the next build there is incremental) into `out`, each checked against its manifest entry. */
async function copyArtefacts(dir: string, manifest: Manifest, out: string): Promise<void> {
  for (const [review, entries] of artefactsByReview(manifest)) {
    const files: Record<string, Uint8Array> = {};
    for (const entry of entries) {
      const bytes = await readIfExists(join(dir, entry.path));
      if (!bytes || sha256Hex(bytes) !== entry.sha256) throw new UsageError(`${displayPath(join(dir, entry.path))} does not hold the bytes its manifest lists; rebuild that shard`);
      files[entry.path.slice(review.length + 1)] = bytes;
    }
    const stamp = await readIfExists(join(dir, review, STAMP_FILE));
    if (stamp) files[STAMP_FILE] = stamp;
    await writeFilesAtomically(join(out, review), files);
  }
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
