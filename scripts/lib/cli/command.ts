/** The process edge shared by the entry scripts: parse the options, run, turn failures into an exit code and a message. */
import { OutputError, UsageError } from '../diagnostics/errors.js';

interface Command<O extends { help: boolean }> {
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

/** Runs a command with `args`, printing what it prints, and returns its exit code. Tests call it in-process. */
export async function execute<O extends { help: boolean }>(command: Command<O>, args: readonly string[]): Promise<number> {
  try {
    const options = command.parse(args);
    if (options.help) {
      console.log(command.usage);
      return 0;
    }
    return await command.run(options);
  } catch (error) {
    return report(command, error);
  }
}

function report<O extends { help: boolean }>(command: Command<O>, error: unknown): number {
  const { code, text } = command.explain?.(error) ?? explainCommon(error, command.usage);
  console.error(text);
  if (process.env.DEBUG === '1') console.error(error);
  return code;
}

/** The entry point's edge: runs the command on the process's arguments and sets the exit code. */
export async function runCommand<O extends { help: boolean }>(command: Command<O>): Promise<void> {
  process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.exitCode = report(command, error);
  });
  process.exitCode = await execute(command, process.argv.slice(2));
}
