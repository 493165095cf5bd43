/** The edge shared by the entry scripts: run a command, turn its errors into a message and an exit code. */
import { formatMessages } from './lib/diagnostics/report.js';
import type { Message } from './lib/diagnostics/message.js';
import { OutputError, TemplateError, UsageError } from './lib/errors.js';

export interface Command<O extends { help: boolean }> {
  usage: string;
  parse(args: readonly string[]): O;
  run(options: O): Promise<number>;
  /** turns a template error into a message, for commands that render */
  templateMessage?(error: TemplateError): Message;
}

function explain(error: unknown, command: Command<{ help: boolean }>): { code: number; text: string } {
  if (error instanceof UsageError) return { code: 2, text: `${error.message}\n\n${command.usage}` };
  if (error instanceof OutputError) return { code: 2, text: error.message };
  if (error instanceof TemplateError && command.templateMessage) return { code: 1, text: formatMessages([command.templateMessage(error)]) };
  return { code: 70, text: `internal error: ${(error as Error)?.message ?? String(error)}; please report it (run with DEBUG=1 for details)` };
}

/** Parses the arguments, runs the command and sets process.exitCode; a stack trace is shown only under DEBUG=1. */
export async function runCommand<O extends { help: boolean }>(command: Command<O>): Promise<void> {
  try {
    const options = command.parse(process.argv.slice(2));
    if (options.help) {
      console.log(command.usage);
      return;
    }
    process.exitCode = await command.run(options);
  } catch (error) {
    const { code, text } = explain(error, command as unknown as Command<{ help: boolean }>);
    console.error(text);
    if (process.env.DEBUG === '1') console.error(error);
    process.exitCode = code;
  }
}
