import { UsageError } from '../diagnostics/errors.js';
import { allStateNames, findState, nearestNames, type State } from '../review/states.js';
import { parseStrict } from './options.js';

export interface NewOptions {
  state?: State;
  session?: number;
  out: string;
  help: boolean;
}

export const NEW_USAGE = `Usage: npm run new -- --state <name> --session <n> [--out <dir>]

Writes a new review file, <out>/<iso>-upr<session>.yaml, with the schema line, the state and the
session's dates, one claim that builds as it is, and commented examples of a theme, a source and a claim.
It never overwrites a file, nor writes a second review of a state and session that has one.

Options:
  --state <name>   the state under review: its name in any case, with or without accents, another name
                   it goes by (Ivory Coast), or its ISO code (CI)
  --session <n>    the UPR Working Group session
  --out <dir>      folder of the review files (default: data/reviews)
  --help           show this help

Exit codes: 0 written, 2 wrong usage, an existing review, or an unwritable folder.`;

export function parseState(value: string): State {
  const state = findState(value);
  if (state) return state;
  const near = nearestNames(value, allStateNames());
  throw new UsageError(`no state is called "${value}" in the table of UN member and observer states${near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : '; give its name or its ISO code (CI)'}`);
}

export function parseNewOptions(args: readonly string[]): NewOptions {
  const { values } = parseStrict(args, {
    state: { type: 'string' },
    session: { type: 'string' },
    out: { type: 'string', default: 'data/reviews' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return { out: values.out!, help: true };
  if (values.state === undefined || values.session === undefined) throw new UsageError('name the state and the session, such as: npm run new -- --state "Côte d\'Ivoire" --session 19');
  if (!/^[1-9]\d{0,3}$/.test(values.session)) throw new UsageError(`--session is "${values.session}"; give a session number such as 19`);
  return { state: parseState(values.state), session: Number(values.session), out: values.out!, help: false };
}
