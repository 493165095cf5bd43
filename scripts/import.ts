#!/usr/bin/env -S npx tsx
/** `npm run import`: the zx entry point of the importer. It alone touches files and the process; lib/importers is pure. */
import { chalk } from 'zx';
import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPORT_USAGE, parseImportOptions, type ImportOptions } from './lib/cli/import-options.js';
import { hasErrors, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { OutputError, UsageError } from './lib/diagnostics/errors.js';
import { runCommand } from './lib/cli/command.js';
import { parseSourceDateEpoch } from './lib/cli/source-date-epoch.js';
import { batchRows, type ReviewBatch } from './lib/importers/batch.js';
import { decodeImport } from './lib/importers/decode.js';
import { mergeReview, type MergeStats } from './lib/importers/merge.js';
import type { ImportFormat } from './lib/importers/types.js';
import { checkReviewFile } from './lib/review/validate.js';
import { displayPath, writeFilesAtomically } from './lib/io/files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = join(ROOT, 'data', 'review.schema.json');

/** The day of the import in local time, or the day of SOURCE_DATE_EPOCH when that is set. */
function today(): string {
  const epoch = parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  if (epoch !== undefined) return new Date(epoch * 1000).toISOString().slice(0, 10);
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
}

async function readExisting(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OutputError(`cannot read ${displayPath(path)} (${(error as NodeJS.ErrnoException).code}); check its permissions`, { cause: error });
  }
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(stats: MergeStats): string {
  const themes = `themes: ${stats.themesAdded.length} added, ${stats.themesRemoved.length} removed`;
  if (stats.created) return `created: ${count(stats.recommendations, 'recommendation')}, ${count(stats.themesAdded.length, 'theme')}`;
  return `updated: ${stats.added} added, ${stats.removed} removed, ${stats.changed} changed (${count(stats.recommendations, 'recommendation')}); ${themes}`;
}

async function importBatch(batch: ReviewBatch, format: ImportFormat, options: ImportOptions, day: string): Promise<{ line: string; messages: Message[] }> {
  const target = join(options.out, `${batch.id}.yaml`);
  const path = displayPath(target);
  const schemaPath = relative(options.out, SCHEMA).split('\\').join('/');
  const result = mergeReview(await readExisting(target), batch, { format, path, today: day, schemaPath, from: basename(options.file!) });
  if (result.text === undefined || !result.stats) return { line: `${chalk.red('✗')} ${batch.id}  not imported: ${path} cannot be read as a review`, messages: result.messages };
  const bytes = new TextEncoder().encode(result.text);
  const checked = checkReviewFile(path, bytes);
  await writeFilesAtomically(options.out, { [`${batch.id}.yaml`]: bytes });
  return { line: `${chalk.green('✓')} ${batch.id}  ${path}  ${describe(result.stats)}`, messages: checked.messages };
}

async function run(options: ImportOptions): Promise<number> {
  const format = options.format!;
  const file = options.file!;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (cause) {
    throw new UsageError(`cannot read ${file} (${(cause as NodeJS.ErrnoException).code}); name an export file that exists`, { cause });
  }
  const path = displayPath(file);
  const decoded = decodeImport(path, bytes, options.encoding);
  if (decoded.text === undefined) {
    console.error(formatMessages(decoded.messages));
    return 1;
  }
  if (decoded.detected) console.log(`${path} is not UTF-8; read it as ${decoded.encoding} (detected; --encoding <label> overrides)`);
  const parsed = format.parse(decoded.text, path);
  const batches = batchRows(parsed.rows, { state: options.state, session: options.session });
  const lines: string[] = [];
  const messages: Message[] = [...parsed.messages];
  const day = today();
  for (const batch of batches) {
    const done = await importBatch(batch, format, options, day);
    lines.push(done.line);
    messages.push(...done.messages);
  }
  if (batches.length === 0 && !hasErrors(parsed.messages)) {
    const wanted = options.state === undefined ? 'any state' : `"${options.state}"`;
    throw new UsageError(`${path} holds no rows for ${wanted}${options.session ? ` at session ${options.session}` : ''}; states in it: ${[...new Set(parsed.rows.map((r) => r.state))].join(', ')}`);
  }
  console.log(lines.join('\n'));
  if (messages.length > 0) console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
  if (parsed.skipped > 0) console.error(`${parsed.skipped} row${parsed.skipped === 1 ? ' was' : 's were'} skipped; see the messages above, correct the export and import again`);
  return hasErrors(messages) ? 1 : 0;
}

await runCommand({ usage: IMPORT_USAGE, parse: parseImportOptions, run });
