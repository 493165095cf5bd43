import { UsageError } from '../diagnostics/errors.js';
import { IMPORT_FORMATS } from '../importers/registry.js';
import { parseStrict } from './options.js';
import type { ImportFormat } from '../importers/types.js';

export interface ImportOptions {
  format?: ImportFormat;
  file?: string;
  state?: string;
  all: boolean;
  session?: number;
  out: string;
  encoding?: string;
  help: boolean;
}

const formats = () => [...IMPORT_FORMATS.values()].map((f) => `  ${f.name.padEnd(18)}${f.description}`).join('\n');

export const IMPORT_USAGE = `Usage: npm run import -- <format> <file> (--state <name> | --all) [options]

Imports recommendations from an export into review files, one per state and session:
<out>/<state>-upr<session>.yaml. Re-importing into an existing file replaces only its
recommendations (and adds the themes and source they need); everything else is kept as written.

Formats:
${formats()}

Options:
  --state <name>      import this state under review (its name as in the export, or its slug)
  --all               import every state in the file
  --session <n>       only this UPR session
  --out <dir>         folder of the review files (default: data/reviews)
  --encoding <label>  the file's encoding, as a WHATWG label (utf-8, macintosh, windows-1252, …);
                      by default UTF-8 is recognised and anything else is detected
  --help              show this help

Exit codes: 0 imported, 1 rows skipped or data errors, 2 wrong usage or unwritable output.`;

function parseSession(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--session is "${value}"; give a session number such as 7`);
  return Number(value);
}

/** Parses the import command line; unknown options, a missing file or an unknown format are usage errors. */
export function parseImportOptions(args: readonly string[]): ImportOptions {
  const { values, positionals } = parseStrict(
    args,
    {
      state: { type: 'string' },
      all: { type: 'boolean', default: false },
      session: { type: 'string' },
      out: { type: 'string', default: 'data/reviews' },
      encoding: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  const base = { all: values.all!, out: values.out!, help: values.help!, state: values.state, encoding: values.encoding };
  if (values.help) return base;
  const [name, file, ...extra] = positionals;
  if (name === undefined || file === undefined) throw new UsageError('name the export format and the file, such as: npm run import -- upr-info export.csv --state Kazakhstan');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; give one format and one file`);
  const format = IMPORT_FORMATS.get(name);
  if (!format) throw new UsageError(`"${name}" is not a format this tool imports; use one of ${[...IMPORT_FORMATS.keys()].join(', ')}`);
  if (values.all === (values.state !== undefined)) throw new UsageError('choose what to import: --state <name> for one state, or --all for every state in the file');
  return { ...base, format, file, session: parseSession(values.session) };
}
