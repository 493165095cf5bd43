/** The process edge shared by the entry scripts: parse the options, run, turn failures into an exit code and a message. */
import { OutputError, UsageError } from './lib/errors.js';

export interface Command<O extends { help: boolean }> {
  usage: string;
  parse(args: readonly string[]): O;
  run(options: O): Promise<number>;
  /** a command's own failures, before the common ones */
  explain?(error: unknown): { code: number; text: string } | undefined;
}

function explainCommon(error: unknown, usage: string): { code: number; text: string } {
  if (error instanceof UsageError) return { code: 2, text: `${error.message}\n\n${usage}` };
  if (error instanceof OutputError) return { code: 2, text: error.message };
  return { code: 70, text: `internal error: ${(error as Error)?.message ?? String(error)}; please report it (run with DEBUG=1 for details)` };
}

export async function runCommand<O extends { help: boolean }>(command: Command<O>): Promise<void> {
  try {
    const options = command.parse(process.argv.slice(2));
    if (options.help) {
      console.log(command.usage);
      return;
    }
    process.exitCode = await command.run(options);
  } catch (error) {
    const { code, text } = command.explain?.(error) ?? explainCommon(error, command.usage);
    console.error(text);
    if (process.env.DEBUG === '1') console.error(error);
    process.exitCode = code;
  }
}
