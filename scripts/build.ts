#!/usr/bin/env -S npx tsx
/** `npm run build`: the zx entry point. Wiring only: read, check, plan, render, commit, report. */
import { chalk } from 'zx/core';
import { statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_USAGE, parseBuildOptions, type BuildOptions } from './lib/cli/options.js';
import { applyStrict, createMessage, hasErrors, START, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { TemplateError, UsageError } from './lib/diagnostics/errors.js';
import { fontCoverage, type FontFaces } from './lib/pdfmake/fonts.js';
import { createPrinter, type Printer } from './lib/pdfmake/printer.js';
import { fontDigests, fontFaceReader, fontFolders } from './lib/io/fonts.js';
import { plainHasher, type Hasher } from './lib/io/stamps.js';
import { rememberCoverage, type GlyphMemo } from './lib/build/glyph-memo.js';
import { parseSourceDateEpoch } from './lib/cli/source-date-epoch.js';
import { checkKey, checkWithCache, updateCheckCache, type Checked } from './lib/build/check-cache.js';
import type { PdfStyles } from './lib/pdfmake/document.js';
import { artefactsByReview, CHANGES_FILE, createManifest, joinManifests, MANIFEST_FILE, readManifest, sha256Hex, type Manifest, type ManifestEntry } from './lib/build/manifest.js';
import type { CheckedReview, DataFile } from './lib/build/pipeline.js';
import type { Review } from './lib/review/schema.js';
import { compileTemplates } from './lib/render/templates.js';
import { inShard } from './lib/build/shard.js';
import { execute, report, runCommand } from './lib/cli/command.js';
import { watchBuilds } from './lib/cli/watch.js';
import type { WatchedFolder } from './lib/io/watcher.js';
import { DATA_EXTENSIONS, displayPath, loadBriefingConfig, readDataFiles, readIfExists, type LoadedConfig } from './lib/io/files.js';
import type { RenderSettings, RenderTask, Untagged } from './lib/build/render-job.js';
import { BRIEFING_TEMPLATE } from './lib/render/briefing.js';
import { createProgress } from './lib/cli/progress.js';
import { readBuildSources } from './lib/io/inputs.js';
import { publishReview, recoverReviews } from './lib/io/publish.js';
import { readText } from './lib/io/records.js';
import { reviewInputs, sharedInputs } from './lib/build/inputs.js';
import { countLine, inOrder, lines } from './lib/build/lines.js';
import { planBuild, withMessages, withParsed } from './lib/build/plan.js';
import { checkOverrides, linkPredecessors, overrideMessages, predecessorBytes, previousOf, withMessages as withLinkMessages } from './lib/build/predecessors.js';
import { commitManifest, readCachedReviews, readCheckCache, readGlyphMemo, readPreviousManifest, readStamps, writeCachedReviews, writeCheckCache, writeGlyphMemo, writeStamps } from './lib/build/records.js';
import { checker, lazyPool, rehearse, renderTasks, type Workers } from './lib/build/tasks.js';
import { shardMessages } from './lib/build/merge.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = join(ROOT, 'templates');
/** The worker script beside this one: render-worker.mjs in dist/, render-worker.ts under tsx. */
const WORKER = new URL(`./render-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

function templateMessage(error: Pick<TemplateError, 'problem' | 'file' | 'line' | 'column'>): Message {
  return createMessage(displayPath(join(ROOT, error.file)), error, 'template-error', error.problem);
}

/** A briefing written untagged (or, under --strict, not written) because its structure tree failed a check. */
function untaggedMessages(untagged: readonly Untagged[], strict: boolean): Message[] {
  const file = displayPath(join(TEMPLATES, BRIEFING_TEMPLATE));
  return applyStrict(untagged.map(({ edition, check, detail }) => createMessage(file, START, 'untagged-pdf', { check, detail: `${detail} (the ${edition} edition)` })), strict);
}

interface Inputs {
  /** what every review is made from besides its data file (see lib/build/inputs.ts) */
  shared: Record<string, string>;
  /** unset when the briefing config has errors */
  settings?: RenderSettings;
}

async function readInputs(options: BuildOptions, loaded: LoadedConfig, fontDigests: readonly string[]): Promise<Inputs> {
  const sources = { ...(await readBuildSources(ROOT, TEMPLATES)), fontDigests };
  const epoch = parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  const shared = sharedInputs(sources, loaded, { excel: options.excel, sourceDateEpoch: epoch });
  compileTemplates(sources.templates);
  if (!loaded.config || hasErrors(loaded.messages)) return { shared };
  const styles = JSON.parse(sources.styleText) as PdfStyles;
  return { shared, settings: { templates: sources.templates, styles, config: loaded.config, logo: loaded.logo, excel: options.excel, sourceDateEpoch: epoch, strict: options.strict } };
}

/** A printer made on the first render, so a build that renders nothing neither reads the fonts nor loads pdfmake. */
function lazyPrinter(fonts: () => FontFaces): Printer {
  let printer: Printer | undefined;
  return { render: (definition) => (printer ??= createPrinter({ fonts: fonts() })).render(definition) };
}

/**
 * What a build is made with besides the review files: the house style and templates read and checked, the fonts,
 * the printer, the workers. Made once for a build, and kept by a watching build (lib/cli/watch.ts) until a
 * template, the config or the fonts change. `hasher` vouches for unchanged files by their stamps (io/stamps.ts).
 */
interface Session {
  loaded: LoadedConfig;
  inputs: Inputs;
  hasher: Hasher;
  printer: Printer;
  /** the fonts' digests, by which a new session knows it may keep the printer */
  fonts: string;
  workers?: Workers;
  check: (files: readonly DataFile[]) => Promise<CheckedReview[]>;
  /** the glyph memo, when it learned something this build should keep */
  memo(): GlyphMemo | undefined;
  /** the last review this thread rendered and wrote, which a watching build renders again while it waits */
  rehearsal?: RenderTask;
}

/** A session; with `kept`, the session before it, whose printer and workers it keeps (given the new settings) while the fonts are the same. */
async function openSession(options: BuildOptions, hasher: Hasher, kept?: Session): Promise<Session> {
  const digests = await fontDigests(hasher);
  const fontsKey = digests.join(' ');
  const faces = fontFaceReader();
  const memo = options.check ? undefined : await readGlyphMemo(options.out, fontsKey);
  const read = fontCoverage(() => faces().faces);
  const remembered = memo && rememberCoverage(read, memo);
  const coverage = remembered?.coverage ?? read;
  const loaded = await loadBriefingConfig(TEMPLATES, coverage);
  loaded.messages = applyStrict(loaded.messages, options.strict);
  const inputs = await readInputs(options, loaded, digests);
  const same = kept?.fonts === fontsKey;
  if (same) await kept.workers?.configure(inputs.settings);
  else await kept?.workers?.close();
  const printer = same ? kept.printer : lazyPrinter(faces);
  const workers = same ? kept.workers : options.jobs > 1 ? lazyPool(options.jobs, WORKER, { settings: inputs.settings }, { printer, coverage }) : undefined;
  const learned = () => (remembered?.grown() ? memo : undefined);
  return { loaded, inputs, hasher, printer, fonts: fontsKey, workers, check: checker({ strict: options.strict, coverage, workers }), memo: learned };
}

async function build(options: BuildOptions): Promise<number> {
  if (options.mergeManifests) return mergeShards(options.mergeManifests, options.out);
  if (options.watch) return watch(options);
  const session = await openSession(options, options.check ? plainHasher() : await readStamps(options.out));
  try {
    return await buildWith(options, await readDataFiles(options.data), session);
  } finally {
    await session.workers?.close();
  }
}

async function buildWith(options: BuildOptions, files: DataFile[], session: Session): Promise<number> {
  const { loaded, inputs, check, workers, printer, hasher, memo } = session;
  const { out } = options;
  const keys = files.map((f) => checkKey(f, { strict: options.strict, fonts: inputs.shared.fonts!, version: inputs.shared.version! }));
  if (!options.check) await recoverReviews(out);
  const cache = options.check ? undefined : await readCheckCache(out);
  const fresh: Checked[] = cache ? await checkWithCache(files, keys, cache, check) : await check(files);
  const linked = linkPredecessors(fresh);
  const links = linked.links;
  const checked = withLinkMessages(fresh, new Map([...linked.messages].map(([path, list]) => [path, applyStrict(list, options.strict)])));
  const unknown = options.only?.filter((id) => !checked.some((c) => c.id === id)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--only names ${unknown.join(', ')}, which no review file in ${displayPath(options.data)} declares`);
  const selected = checkOverrides(checked, links).filter((c) => (!options.only || (c.id !== undefined && options.only.includes(c.id))) && inShard(c.id ?? c.path, options.shard));
  const previous = options.check ? undefined : await readPreviousManifest(out, hasher);
  const fileByPath = new Map(files.map((f) => [f.path, f]));
  const bytesOf = (path: string) => fileByPath.get(path)!.bytes;
  const hashes = new Map(selected.filter((c) => c.review || c.cached).map((c) => [c.path, reviewInputs(inputs.shared, bytesOf(c.path), predecessorBytes(links.get(c.path), bytesOf))]));
  let plan = planBuild({ checked: selected, hashes, previous, renderable: inputs.settings !== undefined, check: options.check, force: options.force, links });
  // reviews whose checks came from the cache, and the reviews they follow, are rendered from the validated review
  // kept beside the check; the others are parsed now that they must be rendered, together, so a batch goes to the workers
  const byPath = new Map(checked.filter((c) => c.review).map((c) => [c.path, c as CheckedReview]));
  const unparsed = [...new Set([...plan.render.filter((r) => !r.review).map((r) => r.path), ...plan.render.flatMap((r) => (r.previous && !r.previous.problem && !byPath.has(r.previous.path) ? [r.previous.path] : []))])];
  const keyOf = new Map(files.map((f, i) => [f.path, keys[i]!]));
  const checkedByPath = new Map(checked.map((c) => [c.path, c]));
  const wanted = unparsed.flatMap((path) => { const id = checkedByPath.get(path)?.id; return id === undefined ? [] : [{ key: keyOf.get(path)!, id }]; });
  const stored = options.check ? new Map<string, Review>() : await readCachedReviews(out, wanted);
  const toParse: DataFile[] = [];
  for (const path of unparsed) {
    const review = stored.get(keyOf.get(path)!);
    if (review) byPath.set(path, { ...checkedByPath.get(path)!, review } as CheckedReview);
    else toParse.push(fileByPath.get(path)!);
  }
  const parsed = await checkSome(toParse, check);
  for (const c of parsed) byPath.set(c.path, c);
  plan = withParsed(plan, plan.render.filter((r) => !r.review).map((r) => byPath.get(r.path)!));
  const previousBySlot = new Map(plan.render.flatMap((r) => (r.previous ? [[r.slot, previousOf(r.previous, byPath)] as const] : [])));
  plan = withMessages(plan, new Map(plan.render.map((r) => [r.slot, overrideMessages(byPath.get(r.path)!, previousBySlot.get(r.slot))])));

  const tasks = plan.render.map((r) => { const previous = previousBySlot.get(r.slot); return { index: r.slot, review: r.review!, inputs: r.inputs, out, ...(previous ? { previous } : {}) }; });
  const progress = createProgress(tasks.length);
  const show = inOrder(plan.lines, (line) => progress.print(line));
  const artefacts: ManifestEntry[] = [];
  const renderedBefore = workers?.rendered() ?? 0;
  await renderTasks(tasks, inputs.settings!, printer, (result) => {
    const name = plan.names[result.index]!;
    if (result.ok) {
      if (!workers || tasks.length === 1) session.rehearsal = tasks.find((t) => t.index === result.index);
      artefacts.push(...result.entries);
      plan.messages[result.index]!.push(...untaggedMessages(result.untagged, false));
      show(result.index, lines.built(name, result.written.map(displayPath), plan.follows[result.index]));
    } else if ('untagged' in result) {
      plan.messages[result.index]!.push(...untaggedMessages(result.untagged, true));
      show(result.index, lines.untagged(name));
    } else {
      plan.messages[result.index]!.push(templateMessage(result.template));
      show(result.index, lines.templateError(name));
    }
    progress.tick();
  }, workers);
  progress.done();

  const tail: string[] = [];
  if (!options.check) {
    const built = tasks.filter((t) => artefacts.some((a) => a.review === t.review.id)).map((t) => ({ id: t.review.id, title: t.review.title, status: t.review.status ?? 'draft' }));
    const reparsed = new Map(parsed.map((c) => [c.path, c]));
    const final: Checked[] = fresh.map((c) => reparsed.get(c.path) ?? c);
    const next = updateCheckCache(keys, final);
    const learned = memo();
    // the manifest and the caches are written at the same time (those in one folder, which share its lock, in turn);
    // the stamps last, as they hold what the manifest's commit hashed
    const [written] = await Promise.all([
      commitManifest(out, createManifest(built, artefacts), previous, hasher),
      writeCheckCache(out, next, cache).then(() => learned && writeGlyphMemo(out, learned)),
      writeCachedReviews(out, new Map(final.flatMap((c, i) => (c.review && !c.cached ? [[keys[i]!, c.review] as const] : []))), next),
    ]);
    await writeStamps(out, hasher);
    if (written.length > 0) tail.push(lines.written(written.map(displayPath)));
    const rendered = (workers?.rendered() ?? 0) - renderedBefore;
    if (rendered > 0) tail.push(lines.workers(rendered, options.jobs));
    const count = countLine(tasks.length, plan.unchanged);
    if (count) tail.push(count);
  }
  if (files.length === 0) tail.push(lines.noFiles(displayPath(options.data)));
  if (tail.length > 0) console.log(tail.join('\n'));
  const messages = [...loaded.messages, ...plan.messages.flat()];
  if (messages.length > 0) console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
  return hasErrors(messages) ? 1 : 0;
}

const checkSome = async (files: DataFile[], check: Session['check']) => (files.length > 0 ? check(files) : []);

/** What a watching build watches: the review files, templates/ (templates, styles, config, logo), the fonts and package.json. */
function watchedFolders(options: BuildOptions): WatchedFolder<'data' | 'shared'>[] {
  const data = resolve(options.data);
  const single = statSync(data, { throwIfNoEntry: false })?.isFile() === true;
  return [
    single ? { dir: dirname(data), kind: 'data', match: (name) => name === basename(data) } : { dir: data, kind: 'data', match: (name) => DATA_EXTENSIONS.test(name), deep: true },
    { dir: TEMPLATES, kind: 'shared', deep: true },
    ...fontFolders().map((dir) => ({ dir, kind: 'shared' as const })),
    { dir: ROOT, kind: 'shared', match: (name) => name === 'package.json' },
  ];
}

/**
 * `--watch`: builds, then builds again in this process whenever an input changes. The session (config,
 * templates, fonts, printer, workers) is kept until a shared input changes; each build reads the review files
 * again, and the checks cache, the manifest and the stamps tell which reviews the change touched.
 */
async function watch(options: BuildOptions): Promise<number> {
  let session = await openSession(options, options.check ? plainHasher() : await readStamps(options.out));
  let stale = false;
  const out = resolve(options.out);
  return watchBuilds({
    out: options.check ? undefined : options.out,
    folders: watchedFolders(options),
    ignore: (path) => path === out || path.startsWith(out + sep),
    build: async (changed) => {
      if (stale || changed?.has('shared')) {
        stale = true;
        session = await openSession(options, session.hasher, session);
        stale = false;
      }
      return buildWith(changed ? { ...options, force: false } : options, await readDataFiles(options.data), session);
    },
    report: (error) => report(buildCommand, error),
    rehearse: async () => {
      const { rehearsal, inputs, printer } = session;
      if (!rehearsal || !inputs.settings) return false;
      await rehearse(rehearsal, inputs.settings, printer);
      return true;
    },
    close: async () => session.workers?.close(),
    shown: displayPath,
  });
}

/**
 * `--merge-manifests <dir…>`: joins shard builds into --out. Every shard's manifest is checked first (ids are
 * slugs, paths stay inside their review's folder); then each review's files, checked against their
 * manifest, replace that review's folder at once; then the manifests are committed as one.
 */
async function mergeShards(dirs: readonly string[], out: string): Promise<number> {
  const shards: { dir: string; manifest: Manifest }[] = [];
  const messages: Message[] = [];
  for (const dir of dirs) {
    const path = join(dir, MANIFEST_FILE);
    const text = await readText(path);
    const read = text === undefined ? undefined : readManifest(text);
    if (!read) throw new UsageError(`${displayPath(path)} is missing or is not a build manifest; run the shard's build into ${displayPath(dir)} first`);
    messages.push(...shardMessages(displayPath(path), text!, read.problems));
    shards.push({ dir, manifest: read.manifest });
  }
  if (messages.length > 0) {
    console.log(`${chalk.red('✗')} nothing merged: ${summarizeMessages(messages)}`);
    console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
    return 1;
  }
  const { manifest, conflicts } = joinManifests(shards.map((s) => s.manifest));
  if (conflicts.length > 0) throw new UsageError(`the shards list different bytes for ${conflicts.join(', ')}; build each review in one shard only (the same --shard n everywhere)`);
  for (const shard of shards) if (resolve(shard.dir) !== resolve(out)) await copyArtefacts(shard.dir, shard.manifest, out);
  const written = await commitManifest(out, manifest, undefined);
  console.log(lines.merged(dirs.length, manifest.reviews.length, manifest.artefacts.length, written.map(displayPath)));
  return 0;
}

/** Copies a shard's artefacts (and its changes.txt records) into `out`, each artefact checked against its manifest entry, each review's folder replaced at once. */
async function copyArtefacts(dir: string, manifest: Manifest, out: string): Promise<void> {
  for (const [review, entries] of artefactsByReview(manifest)) {
    const files: Record<string, Uint8Array> = {};
    for (const entry of entries) {
      const bytes = await readIfExists(join(dir, entry.path));
      if (!bytes || sha256Hex(bytes) !== entry.sha256) throw new UsageError(`${displayPath(join(dir, entry.path))} does not hold the bytes its manifest lists; rebuild that shard`);
      files[entry.path.slice(review.length + 1)] = bytes;
    }
    for (const record of [CHANGES_FILE, `public/${CHANGES_FILE}`]) {
      const bytes = await readIfExists(join(dir, review, record));
      if (bytes) files[record] = bytes;
    }
    await publishReview(out, review, files);
  }
}

const buildCommand = {
  usage: BUILD_USAGE,
  parse: parseBuildOptions,
  run: build,
  explain: (error: unknown) => (error instanceof TemplateError ? { code: error.exitCode, text: formatMessages([templateMessage(error)]) } : undefined),
};

/** The build command: prints what `npm run build` prints and returns its exit code. Tests run it in-process. */
export const run = (args: readonly string[]): Promise<number> => execute(buildCommand, args);

/** The process's entry: `node dist/build.mjs …`, and the start-up snapshot's main function (scripts/snapshot.ts). */
export const main = (): Promise<void> => runCommand(buildCommand);

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
