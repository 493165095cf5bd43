/** The process edge shared by the entry scripts: parse the options, run, turn failures into an exit code and a message. */
import { describeChain, ExpectedError, INTERNAL_EXIT, UsageError } from '../diagnostics/errors.js';

export interface Command<O extends { help: boolean }> {
  usage: string;
  parse(args: readonly string[]): O;
  run(options: O): Promise<number>;
  /** a command's own failures, before the common ones */
  explain?(error: unknown): { code: number; text: string } | undefined;
}

/** An expected failure says what happened and how to fix it; anything else is a bug, shown with its cause chain. */
function explainCommon(error: unknown, usage: string): { code: number; text: string } {
  if (error instanceof UsageError) return { code: error.exitCode, text: `${error.message}\n\n${usage}` };
  if (error instanceof ExpectedError) return { code: error.exitCode, text: error.message };
  return { code: INTERNAL_EXIT, text: `internal error: ${describeChain(error)}; please report it (run with DEBUG=1 for details)` };
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

/** Prints a failure as the command reports it and returns the exit code it means (a watching build reports each build's failure and goes on). */
export function report<O extends { help: boolean }>(command: Command<O>, error: unknown): number {
  const { code, text } = command.explain?.(error) ?? explainCommon(error, command.usage);
  console.error(text);
  if (process.env.DEBUG === '1') console.error(error);
  return code;
}

/**
 * The entry point's edge: runs the command on the process's arguments and sets the exit code. An exception
 * or rejection that nothing caught leaves the process in a state nobody planned for, so it is reported and the
 * process exits at once (a half-done output switch is finished or undone by the next build). Output whose
 * reader went away (`| head`) is dropped, and the build goes on.
 */
export async function runCommand<O extends { help: boolean }>(command: Command<O>): Promise<void> {
  const fail = (error: unknown) => process.exit(report(command, error));
  process.on('uncaughtException', fail).on('unhandledRejection', fail);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') fail(error);
    });
  }
  process.exitCode = await execute(command, process.argv.slice(2));
}
