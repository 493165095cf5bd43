import { reasonOf, type TemplateProblem } from './rules.js';

/**
 * Errors raised at stage boundaries; each wraps its cause instead of swallowing it. An expected failure (bad
 * data, bad usage, an output that cannot be written, an input that cannot be read) is an `ExpectedError`: its
 * message says what happened and how to fix it, `code` names it for scripts (stable: never renamed), and
 * `exitCode` is what the command exits with. Anything else is unexpected: an internal error, exit 70.
 */
export abstract class ExpectedError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
}

/** A template that cannot be compiled or rendered: what is wrong (in the catalogue's words) and where. */
export class TemplateError extends ExpectedError {
  override name = 'TemplateError';
  readonly code = 'UPR_TEMPLATE';
  readonly exitCode = 1;
  constructor(
    readonly problem: TemplateProblem,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    options?: ErrorOptions,
  ) {
    super(reasonOf('template-error', problem), options);
  }
}

export class UsageError extends ExpectedError {
  override name = 'UsageError';
  readonly code = 'UPR_USAGE';
  readonly exitCode = 2;
}

/** An output that cannot be written: a read-only folder, a file in the way, a full disk. */
export class OutputError extends ExpectedError {
  override name = 'OutputError';
  readonly code = 'UPR_OUTPUT';
  readonly exitCode = 2;
}

/** An input of the build itself (a template, the style sheet, a font) that cannot be read. */
export class InputError extends ExpectedError {
  override name = 'InputError';
  readonly code = 'UPR_INPUT';
  readonly exitCode = 66;
}

/** Not expected: the parser failed on a file in a way it should not (it reports bad syntax as messages). */
export class DataParseError extends Error {
  override name = 'DataParseError';
  readonly code = 'UPR_PARSER_FAILED';
}

/** Not expected: pdfmake failed, or was handed what it must not load. */
export class RenderError extends Error {
  override name = 'RenderError';
  readonly code = 'UPR_RENDER_FAILED';
}

/** The exit code of an unexpected error. */
export const INTERNAL_EXIT = 70;

/** The exit code a failure ends a command with. */
export function exitCodeOf(error: unknown): number {
  return error instanceof ExpectedError ? error.exitCode : INTERNAL_EXIT;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The message with the messages of its causes: `cannot render (via pdfmake failed) (via ENOMEM)`. */
export function describeChain(error: unknown): string {
  const parts = [messageOf(error)];
  const seen = new Set<unknown>([error]);
  for (let cause = (error as Error | undefined)?.cause; cause !== undefined && !seen.has(cause); cause = (cause as Error).cause) {
    seen.add(cause);
    parts.push(`(via ${messageOf(cause)})`);
  }
  return parts.join(' ');
}

/** An error as plain data, so that it can cross a worker thread's boundary and keep its class, code and cause. */
export interface ErrorData {
  name: string;
  message: string;
  stack?: string;
  /** a system error's code (ENOSPC, …) */
  errno?: string;
  template?: { problem: TemplateProblem; file: string; line: number; column: number };
  cause?: ErrorData;
}

export function toErrorData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const errno = (error as NodeJS.ErrnoException).code;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(typeof errno === 'string' && !(error instanceof ExpectedError) ? { errno } : {}),
    ...(error instanceof TemplateError ? { template: { problem: error.problem, file: error.file, line: error.line, column: error.column } } : {}),
    ...(error.cause === undefined ? {} : { cause: toErrorData(error.cause) }),
  };
}

const CLASSES: Record<string, new (message: string, options?: ErrorOptions) => Error> = { DataParseError, UsageError, OutputError, InputError, RenderError };

/** The error that `toErrorData` described, of the same class where it is one of ours. */
export function fromErrorData(data: ErrorData): Error {
  const options = data.cause === undefined ? undefined : { cause: fromErrorData(data.cause) };
  const error = data.template
    ? new TemplateError(data.template.problem, data.template.file, data.template.line, data.template.column, options)
    : new (CLASSES[data.name] ?? Error)(data.message, options);
  if (!CLASSES[data.name] && !data.template) error.name = data.name;
  if (data.errno !== undefined) (error as NodeJS.ErrnoException).code = data.errno;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
