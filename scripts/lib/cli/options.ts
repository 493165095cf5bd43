import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { UsageError } from '../diagnostics/errors.js';
import { parseShard, type Shard } from '../build/shard.js';

export interface BuildOptions {
  data: string;
  out: string;
  only?: string[];
  strict: boolean;
  check: boolean;
  excel: boolean;
  /** how many reviews to render at once (worker threads) */
  jobs: number;
  /** rebuild every review, even those whose inputs have not changed */
  force: boolean;
  shard?: Shard;
  /** build, then again whenever an input changes, until Ctrl-C */
  watch: boolean;
  /** folders whose manifests to join into --out, instead of building */
  mergeManifests?: string[];
  help: boolean;
}

export const BUILD_USAGE = `Usage: npm run build -- [options]

Builds every review in data/reviews/ into out/<id>/: briefing.pdf, claims.csv, recommendations.csv, summary.txt.

Options:
  --data <dir|file>   review file, or folder of .yaml/.yml/.json files (default: data/reviews)
  --out <dir>         output folder (default: out)
  --only <id>[,<id>]  build only these review ids
  --strict            treat warnings as errors
  --check             validate only; write nothing
  --excel             start the CSV files with a byte order mark, for Excel
  --jobs <n>          render up to n reviews at once (default: the number of CPU cores)
  --force             rebuild every review, even those whose inputs have not changed
  --watch             build, then rebuild what a change touches whenever a review, a template, the
                      briefing config or the fonts change, until Ctrl-C (npm run dev is the same)
  --shard <k>/<n>     build only part k of n (split by a hash of the review id), for CI runners
  --merge-manifests <dir>...
                      join the manifests (and files) of shard builds into --out; builds nothing
  --help              show this help

Exit codes: 0 built, 1 data errors (or warnings under --strict), 2 wrong usage or unwritable output.`;

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** parseArgs, strict: unknown options (and stray arguments, unless allowed) are usage errors. */
export function parseStrict<T extends OptionSpec>(args: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], strict: true, allowPositionals, options });
  } catch (cause) {
    throw new UsageError(`${(cause as Error).message.replace(/\. To specify.*$/s, '')}; run with --help for the options`, { cause });
  }
}

/** Parses the build command line. */
export function parseBuildOptions(args: readonly string[]): BuildOptions {
  const { values, positionals } = parseStrict(args, {
    data: { type: 'string', default: 'data/reviews' },
    out: { type: 'string', default: 'out' },
    only: { type: 'string' },
    strict: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    excel: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    force: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    shard: { type: 'string' },
    'merge-manifests': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  }, true);
  const merge = values['merge-manifests']!;
  if (!merge && positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; run with --help for the options`);
  if (merge && positionals.length === 0) throw new UsageError('--merge-manifests needs the folders of the shard builds, e.g. --merge-manifests shard-1 shard-2');
  if (values.watch && (merge || values.shard !== undefined)) throw new UsageError(`--watch builds one folder of reviews as you edit them; it does not go with ${merge ? '--merge-manifests' : '--shard'}`);
  const only = values.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return {
    data: values.data!, out: values.out!, only, strict: values.strict!, check: values.check!, excel: values.excel!,
    jobs: values.jobs === undefined ? availableParallelism() : parseJobs(values.jobs),
    force: values.force!, watch: values.watch!, shard: values.shard === undefined ? undefined : parseShard(values.shard),
    mergeManifests: merge ? positionals : undefined, help: values.help!,
  };
}

function parseJobs(value: string): number {
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new UsageError(`--jobs is "${value}"; give a whole number of reviews to render at once, 1 or more`);
  return Number(value);
}

export interface DistributeOptions {
  out: string;
  stakeholders: string;
  ledger: string;
  smtp?: string;
  dryRun: boolean;
  force: boolean;
  help: boolean;
}

export const DISTRIBUTE_USAGE = `Usage: npm run distribute -- [options]

Emails each recipient in data/stakeholders.yaml their edition of each of their final briefings, as built
by npm run build: subject the title and edition, body what changed and the edition's summary.txt, the PDF
attached (OpenPGP-encrypted for a restricted recipient with a key; a digest above digest_above briefings).
Only what changed in content since the delivery ledger's records is sent; drafts are held back.

Options:
  --smtp <url>           SMTP server, e.g. smtps://user:pass@mail.example.org (default: $SMTP_URL)
  --dry-run              write each message to <out>/.outbox/*.eml and send nothing
                         (the default when no SMTP URL is given)
  --force                send every briefing again, whatever the ledger says
  --out <dir>            where npm run build wrote the briefings and manifest.json (default: out)
  --stakeholders <file>  sender and recipients (default: data/stakeholders.yaml)
  --ledger <file>        the delivery ledger, one line per accepted message (default: ledger/deliveries.jsonl)
  --help                 show this help

Exit codes: 0 delivered (or held back, or nothing to send), 1 errors in the stakeholders file, a file that
no longer matches the manifest, or a message not delivered, 2 wrong usage or nothing built.`;

export function parseDistributeOptions(args: readonly string[]): DistributeOptions {
  const { values } = parseStrict(args, {
    out: { type: 'string', default: 'out' },
    stakeholders: { type: 'string', default: 'data/stakeholders.yaml' },
    ledger: { type: 'string', default: 'ledger/deliveries.jsonl' },
    smtp: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  return { out: values.out!, stakeholders: values.stakeholders!, ledger: values.ledger!, smtp: values.smtp, dryRun: values['dry-run']!, force: values.force!, help: values.help! };
}
