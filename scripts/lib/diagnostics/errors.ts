/** Errors raised at stage boundaries; each wraps its cause instead of swallowing it. */
export class DataParseError extends Error {
  override name = 'DataParseError';
}

export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
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
