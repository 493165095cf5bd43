#!/usr/bin/env -S npx tsx
/** `npm run new`: writes a review skeleton. It alone touches files; lib/review/skeleton.ts is pure. */
import { chalk } from 'zx';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NEW_USAGE, parseNewOptions, type NewOptions } from './lib/cli/new-options.js';
import { UsageError } from './lib/diagnostics/errors.js';
import { formatMessages } from './lib/diagnostics/report.js';
import { execute, runCommand } from './lib/cli/command.js';
import { today } from './lib/cli/today.js';
import { describeExisting } from './lib/importers/target.js';
import { reviewSkeleton, skeletonId } from './lib/review/skeleton.js';
import { checkReviewFile } from './lib/review/validate.js';
import { displayPath, readDataFilesIfAny, readIfExists, writeFilesAtomically } from './lib/io/files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = join(ROOT, 'data', 'review.schema.json');

async function run(options: NewOptions): Promise<number> {
  const state = options.state!;
  const session = options.session!;
  const name = `${skeletonId(state, session)}.yaml`;
  const path = join(options.out, name);
  if (await readIfExists(path)) throw new UsageError(`${displayPath(path)} already exists; edit it, or choose another folder with --out`);
  const other = (await readDataFilesIfAny(options.out)).map(describeExisting).find((e) => e.state === state.iso && e.session === session);
  if (other) throw new UsageError(`${other.path} is already a review of ${state.name} at session ${session}; edit it rather than start a second one`);
  const text = reviewSkeleton({ state, session, schemaPath: relative(options.out, SCHEMA).split('\\').join('/'), today: today() });
  const bytes = new TextEncoder().encode(text);
  const checked = checkReviewFile(displayPath(path), bytes);
  if (!checked.review || checked.messages.length > 0) throw new Error(`the skeleton for ${state.name} does not validate: ${formatMessages(checked.messages)}`);
  await writeFilesAtomically(options.out, { [name]: bytes });
  console.log(`${chalk.green('✓')} wrote ${displayPath(path)}: a review of ${state.name} (${state.iso}) at session ${session}; fill it in, then npm run build`);
  return 0;
}

const newCommand = { usage: NEW_USAGE, parse: parseNewOptions, run };

/** The command in-process: prints what the script prints and returns its exit code. Tests call it. */
export const runArgs = (args: readonly string[]): Promise<number> => execute(newCommand, args);

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runCommand(newCommand);
