import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

export interface BuildOptions {
  data: string;
  out: string;
  only?: string[];
  strict: boolean;
  check: boolean;
  excel: boolean;
  help: boolean;
}

export const BUILD_USAGE = `Usage: npm run build -- [options]

Builds every review in data/reviews/ into out/<id>/: briefing.pdf, claims.csv, summary.txt.

Options:
  --data <dir|file>   review file, or folder of .yaml/.yml/.json files (default: data/reviews)
  --out <dir>         output folder (default: out)
  --only <id>[,<id>]  build only these review ids
  --strict            treat warnings as errors
  --check             validate only; write nothing
  --excel             start claims.csv with a byte order mark, for Excel
  --help              show this help

Exit codes: 0 built, 1 data errors (or warnings under --strict), 2 wrong usage or unwritable output.`;

/** Parses the build command line; unknown options and stray arguments are usage errors. */
export function parseBuildOptions(args: readonly string[]): BuildOptions {
  try {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string', default: 'data/reviews' },
        out: { type: 'string', default: 'out' },
        only: { type: 'string' },
        strict: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        excel: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const only = values.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return { data: values.data!, out: values.out!, only, strict: values.strict!, check: values.check!, excel: values.excel!, help: values.help! };
  } catch (cause) {
    throw new UsageError(`${(cause as Error).message.replace(/\. To specify.*$/s, '')}; run with --help for the options`, { cause });
  }
}
