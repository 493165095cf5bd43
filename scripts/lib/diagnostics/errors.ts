import { reasonOf, type TemplateProblem } from './rules.js';

/** Errors raised at stage boundaries; each wraps its cause instead of swallowing it. */
export class DataParseError extends Error {
  override name = 'DataParseError';
}

/** A template that cannot be compiled or rendered: what is wrong (in the catalogue's words) and where. */
export class TemplateError extends Error {
  override name = 'TemplateError';
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

export class RenderError extends Error {
  override name = 'RenderError';
}

export class OutputError extends Error {
  override name = 'OutputError';
}

export class UsageError extends Error {
  override name = 'UsageError';
}
