import Handlebars from 'handlebars';
import { TemplateError } from '../diagnostics/errors.js';
import { registerHelpers } from './helpers.js';

/** Template sources by path relative to templates/, e.g. `summary.txt.hbs`, `partials/claim.pdf.hbs`. */
export type TemplateSources = Readonly<Record<string, string>>;

type Render = (context: object, options?: Handlebars.RuntimeOptions) => string;

export interface Templates {
  render(name: string, context: object): string;
}

const PARTIAL = /^partials\/(.+)\.hbs$/;

/** Handlebars' own parse error: `Parse error on line 3:`, the line, a caret, `Expecting 'ID', 'CLOSE', got 'EOF'`. */
const PARSE_ERROR = /^Parse error on line (\d+):[\s\S]*\nExpecting (.+), got '([^']+)'/;

function located(error: unknown, file: string): TemplateError {
  if (error instanceof TemplateError) return error;
  const parse = PARSE_ERROR.exec(String((error as { message?: unknown }).message));
  if (parse) {
    const unclosed = parse[3] === 'EOF' && parse[2]!.includes("'OPEN_ENDBLOCK'");
    return new TemplateError({ kind: 'parse', unclosed, found: parse[3]! }, file, Number(parse[1]), 1, { cause: error });
  }
  const e = error as { message?: string; lineNumber?: number; column?: number; hash?: { loc?: { first_line: number; first_column: number } } };
  const line = e.lineNumber ?? e.hash?.loc?.first_line ?? 1;
  const column = (e.column ?? e.hash?.loc?.first_column ?? 0) + 1;
  const detail = String(e.message ?? error).split('\n')[0]!.replace(/ - \d+:\d+$/, '').replace(/ in \[object Object\]/, ' in the data');
  return new TemplateError({ kind: 'handlebars', detail }, file, line, column, { cause: error });
}

function compile(hb: typeof Handlebars, file: string, source: string, noEscape: boolean): Render {
  let template: HandlebarsTemplateDelegate;
  try {
    template = hb.compile(source, { strict: true, noEscape, preventIndent: false });
  } catch (error) {
    throw located(error, file);
  }
  return (context, options) => {
    try {
      return template(context, options);
    } catch (error) {
      throw located(error, file);
    }
  };
}

/**
 * Compiles every template once, with an isolated Handlebars environment. Only template files are ever
 * compiled: data reaches them as values, so `{{...}}` inside a claim comes out literally.
 * Text outputs (`*.txt.hbs`, `*.csv.hbs`) are not HTML-escaped; the PDF markup is, so data cannot open a tag.
 */
export function compileTemplates(sources: TemplateSources): Templates {
  const key = JSON.stringify(Object.entries(sources));
  if (last?.key !== key) last = { key, templates: compileAll(sources) };
  return last.templates;
}

/**
 * The templates compiled last, by their sources' text. Handlebars compiles each template on its first render;
 * kept, the compiled templates serve every later build of this process with the same sources (a watching build's
 * new session, the start-up snapshot's heap, which holds those of its warm-up build). Helpers hold no state.
 */
let last: { key: string; templates: Templates } | undefined;

function compileAll(sources: TemplateSources): Templates {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const mains = new Map<string, Render>();
  for (const [file, source] of Object.entries(sources)) {
    const noEscape = /\.txt\.hbs$/.test(file);
    const render = compile(hb, `templates/${file}`, source, noEscape);
    const partial = PARTIAL.exec(file);
    if (partial) hb.registerPartial(partial[1]!, render as HandlebarsTemplateDelegate);
    else mains.set(file, render);
  }
  return {
    render(name, context) {
      const render = mains.get(name);
      if (!render) throw new TemplateError({ kind: 'missing', name }, `templates/${name}`, 1, 1);
      return render(context);
    },
  };
}
