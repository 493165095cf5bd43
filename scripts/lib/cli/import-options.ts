import { UsageError } from '../diagnostics/errors.js';
import { IMPORT_FORMATS } from '../importers/registry.js';
import { isCalendarDate } from '../review/schema.js';
import { parseStrict } from './options.js';
import type { ImportFormat } from '../importers/types.js';

export interface ImportOptions {
  format?: ImportFormat;
  file?: string;
  state?: string;
  all: boolean;
  session?: number;
  out: string;
  /** the review file to import into, whatever its name */
  into?: string;
  encoding?: string;
  /** as_of of a new review, overriding the export's date */
  asOf?: string;
  help: boolean;
}

const formats = () => [...IMPORT_FORMATS.values()].map((f) => `  ${f.name.padEnd(18)}${f.description}`).join('\n');

export const IMPORT_USAGE = `Usage: npm run import -- <format> <file> (--state <name> | --all) [options]

Imports recommendations from an export into review files, one per state and session. The file may be
an Excel workbook (.xls or .xlsx) or CSV (commas, semicolons or tabs; UTF-8, UTF-16, windows-1252 or
Mac OS Roman): what it is is read from its bytes, not its name. An existing review of the same state
(by ISO code) and session in --out is updated, whatever its file name; otherwise <out>/<iso>-upr<n>.yaml
is created. Re-importing replaces only the recommendations (and adds the themes and source they need);
everything else is kept as written.

Formats:
${formats()}

Options:
  --state <name>      import this state under review: its name in any case, with or without accents,
                      another name it goes by (Ivory Coast), or its ISO code (CI)
  --all               import every state in the file
  --session <n>       only this UPR session
  --out <dir>         folder of the review files (default: data/reviews)
  --into <file>       import into this review file (one state and session)
  --as-of <date>      as_of of a new review, YYYY-MM-DD (default: the export's date, else today)
  --encoding <label>  the file's encoding, as a WHATWG label (utf-8, utf-16le, macintosh, windows-1252, …);
                      by default it is detected
  --help              show this help

Exit codes: 0 imported, 1 rows skipped or data errors, 2 wrong usage or unwritable output.`;

function parseSession(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new UsageError(`--session is "${value}"; give a session number such as 7`);
  return Number(value);
}

function parseAsOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isCalendarDate(value)) throw new UsageError(`--as-of is "${value}"; give a date as YYYY-MM-DD, such as 2015-08-14`);
  return value;
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
      into: { type: 'string' },
      'as-of': { type: 'string' },
      encoding: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  const base = { all: values.all!, out: values.out!, help: values.help!, state: values.state, encoding: values.encoding, into: values.into };
  if (values.help) return base;
  const [name, file, ...extra] = positionals;
  if (name === undefined || file === undefined) throw new UsageError('name the export format and the file, such as: npm run import -- upr-info export.csv --state Kazakhstan');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; give one format and one file`);
  const format = IMPORT_FORMATS.get(name);
  if (!format) throw new UsageError(`"${name}" is not a format this tool imports; use one of ${[...IMPORT_FORMATS.keys()].join(', ')}`);
  if (values.all === (values.state !== undefined)) throw new UsageError('choose what to import: --state <name> for one state, or --all for every state in the file');
  if (values.into !== undefined && values.all) throw new UsageError('--into imports one review; use it with --state (and --session when the file holds several sessions), not --all');
  return { ...base, format, file, session: parseSession(values.session), asOf: parseAsOf(values['as-of']) };
}
