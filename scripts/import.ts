#!/usr/bin/env -S npx tsx
/** `npm run import`: the zx entry point of the importer. It alone touches files and the process; lib/importers is pure. */
import { chalk } from 'zx';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPORT_USAGE, parseImportOptions, type ImportOptions } from './lib/cli/import-options.js';
import { createMessage, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { UsageError } from './lib/diagnostics/errors.js';
import { execute, runCommand } from './lib/cli/command.js';
import { today } from './lib/cli/today.js';
import { batchRows, type ReviewBatch } from './lib/importers/batch.js';
import { IMPORT_LIMITS } from './lib/importers/limits.js';
import { mergeReview, type MergeStats } from './lib/importers/merge.js';
import { MessageLog } from './lib/importers/message-log.js';
import { readExport } from './lib/importers/read.js';
import { layoutProblem } from './lib/importers/registry.js';
import { describeExisting, matchingReviews, type ExistingReview } from './lib/importers/target.js';
import type { ImportFormat, ImportedRow } from './lib/importers/types.js';
import { allStateNames, findState, nearestNames } from './lib/review/states.js';
import { checkReviewFile } from './lib/review/validate.js';
import { displayPath, readDataFilesIfAny, readIfExists, readPrefix, writeFilesAtomically } from './lib/io/files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = join(ROOT, 'data', 'review.schema.json');

/** Reads at most one byte past the size limit, so that a huge file costs no memory; `size` tells the rest. */
async function readExportFile(file: string): Promise<{ bytes: Uint8Array; size: number }> {
  try {
    return await readPrefix(file, IMPORT_LIMITS.fileBytes + 1);
  } catch (cause) {
    throw new UsageError(`cannot read ${file} (${(cause as NodeJS.ErrnoException).code}); name an export file that exists`, { cause });
  }
}

const count = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

function describe(stats: MergeStats): string {
  const themes = `themes: ${stats.themesAdded.length} added, ${stats.themesRemoved.length} removed`;
  if (stats.created) return `created: ${count(stats.recommendations, 'recommendation')}, ${count(stats.themesAdded.length, 'theme')}`;
  return `updated: ${stats.added} added, ${stats.removed} removed, ${stats.changed} changed (${count(stats.recommendations, 'recommendation')}); ${themes}`;
}

/** as_of of a new review: --as-of, else the latest publication date of its rows, else the export's date (else the day of the import). */
function asOfFor(batch: ReviewBatch, options: ImportOptions, exportDate: string | undefined): { date: string; why: string } | undefined {
  const published = batch.rows.map((r) => r.published).filter((d): d is string => d !== undefined).sort().at(-1);
  if (options.asOf) return { date: options.asOf, why: 'Set with --as-of.' };
  if (published) return { date: published, why: 'The latest date on which the export says one of these recommendations was published.' };
  return exportDate ? { date: exportDate, why: 'The date the export was made.' } : undefined;
}

interface Target {
  path: string;
  existing?: Uint8Array;
}

async function targetOf(batch: ReviewBatch, options: ImportOptions, existing: readonly ExistingReview[]): Promise<Target> {
  if (options.into !== undefined) {
    const bytes = await readIfExists(options.into);
    const into = bytes && describeExisting({ path: displayPath(options.into), bytes });
    if (into?.state !== undefined && matchingReviews(batch, [into]).length === 0) {
      throw new UsageError(`${into.path} is a review of ${into.state.replace(/^name:/, '')} at session ${into.session}, not of ${batch.state} at session ${batch.session}; import into a review of that state and session (npm run new makes one)`);
    }
    return { path: options.into, existing: bytes };
  }
  const matches = matchingReviews(batch, existing);
  if (matches.length > 1) throw new UsageError(`${matches.map((m) => m.path).join(' and ')} are all reviews of ${batch.state} at session ${batch.session}; name the one to import into with --into <file>`);
  if (matches[0]) return { path: matches[0].path, existing: matches[0].bytes };
  const path = join(options.out, `${batch.id}.yaml`);
  return { path, existing: await readIfExists(path) };
}

interface Done {
  line: string;
  messages: Message[];
}

async function importBatch(batch: ReviewBatch, format: ImportFormat, options: ImportOptions, context: { day: string; exportDate?: string; existing: readonly ExistingReview[] }): Promise<Done> {
  const target = await targetOf(batch, options, context.existing);
  const path = displayPath(target.path);
  const schemaPath = relative(dirname(resolve(target.path)), SCHEMA).split('\\').join('/');
  const asOf = asOfFor(batch, options, context.exportDate);
  const result = mergeReview(target.existing, batch, { format, path, today: context.day, ...(asOf ? { asOf } : {}), schemaPath, from: basename(options.file!) });
  if (result.text === undefined || !result.stats) return { line: `${chalk.red('✗')} ${batch.id}  not imported: ${path} cannot be updated (see the messages)`, messages: result.messages };
  const bytes = new TextEncoder().encode(result.text);
  const checked = checkReviewFile(path, bytes);
  if (!checked.review) {
    return { line: `${chalk.red('✗')} ${batch.id}  not written: the build would refuse ${path} as imported (see the messages); nothing was changed`, messages: checked.messages };
  }
  await writeFilesAtomically(dirname(target.path), { [basename(target.path)]: bytes });
  return { line: `${chalk.green('✓')} ${checked.review.id}  ${path}  ${describe(result.stats)}`, messages: checked.messages };
}

/** Names of states the table does not know, each reported once at its first row. */
function unknownStates(rows: readonly ImportedRow[], file: string): Message[] {
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    if (seen.has(row.state) || findState(row.state)) return [];
    seen.add(row.state);
    return [createMessage(file, { line: row.line, column: 1 }, 'unknown-state', { state: row.state })];
  });
}

function noRows(options: ImportOptions, path: string, rows: readonly ImportedRow[]): UsageError {
  const inFile = [...new Set(rows.map((r) => r.state))];
  const at = options.session ? ` at session ${options.session}` : '';
  if (options.state === undefined) return new UsageError(`${path} holds no rows${at}; states in it: ${inFile.join(', ')}`);
  const known = findState(options.state);
  if (known) return new UsageError(`${path} holds no rows for ${known.name} (${known.iso})${at}; states in it: ${inFile.join(', ')}`);
  const near = nearestNames(options.state, [...inFile, ...allStateNames()]);
  const hint = near.length > 0 ? `did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : `states in it: ${inFile.join(', ')}`;
  return new UsageError(`no state is called "${options.state}" in ${path} or in the table of states; ${hint}`);
}

async function run(options: ImportOptions): Promise<number> {
  const format = options.format!;
  const path = displayPath(options.file!);
  const { bytes, size } = await readExportFile(options.file!);
  const table = readExport(bytes, path, { encoding: options.encoding, size });
  const log = new MessageLog();
  if (table.messages.length > 0) return finish([], log, table.messages);
  if (table.guessedEncoding) console.log(`${path} is not UTF-8; read it as ${table.guessedEncoding} (detected; --encoding <label> overrides)`);
  const layout = layoutProblem(table, format, path);
  if (layout.otherFormat) throw new UsageError(`${path} is ${table.described} with the columns of ${layout.otherFormat.layout.replace(/ has the columns.*/, '')}, not ${format.name}; import it with: npm run import -- ${layout.otherFormat.name} ${options.file}`);
  if (layout.message) return finish([], log, [layout.message]);
  const parsed = format.parseTable(table, path);
  const batches = batchRows(parsed.rows, { state: options.state, session: options.session });
  log.add(...parsed.messages, ...unknownStates(batches.flatMap((b) => b.rows), path));
  if (batches.length === 0 && !log.hasErrors) throw noRows(options, path, parsed.rows);
  if (options.into !== undefined && batches.length > 1) throw new UsageError(`--into imports one review, but the selection holds ${batches.length}: ${batches.map((b) => `session ${b.session}`).join(', ')}; add --session`);
  const existing = options.into === undefined ? (await readDataFilesIfAny(options.out)).map(describeExisting) : [];
  const context = { day: today(), exportDate: table.date, existing };
  const lines: string[] = [];
  for (const batch of batches) {
    const done = await importBatch(batch, format, options, context);
    lines.push(done.line);
    log.add(...done.messages);
  }
  const notes: string[] = [];
  if (parsed.leftOut) notes.push(`${count(parsed.leftOut.count, 'row')} of ${path} ${parsed.leftOut.count === 1 ? 'is' : 'are'} ${parsed.leftOut.why}, and ${parsed.leftOut.count === 1 ? 'was' : 'were'} left out`);
  if (parsed.skipped > 0) notes.push(`${parsed.skipped.toLocaleString('en-GB')} row${parsed.skipped === 1 ? ' was' : 's were'} skipped; see the messages above, correct the export and import again`);
  return finish(lines, log, [], notes);
}

function finish(lines: readonly string[], log: MessageLog, extra: readonly Message[], notes: readonly string[] = []): number {
  log.add(...extra);
  if (lines.length > 0) console.log(lines.join('\n'));
  const messages = log.sorted();
  if (messages.length > 0) console.error(`${lines.length > 0 ? '\n' : ''}${formatMessages(messages)}${log.omitted().map((o) => `\n${o}`).join('')}\n\n${summaryOf(log)}`);
  for (const note of notes) console.error(note);
  return log.hasErrors ? 1 : 0;
}

const summaryOf = (log: MessageLog) => (log.total() === log.kept.length ? summarizeMessages(log.kept) : `${summarizeMessages(log.kept)} shown of ${log.total().toLocaleString('en-GB')} messages`);

const importCommand = { usage: IMPORT_USAGE, parse: parseImportOptions, run };

/** The command in-process: prints what the script prints and returns its exit code. Tests call it. */
export const runArgs = (args: readonly string[]): Promise<number> => execute(importCommand, args);

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runCommand(importCommand);
