import type Handlebars from 'handlebars';
import { wrapText } from '../text/wrap.js';

export const TEXT_WIDTH = 78;

type Options = Handlebars.HelperOptions;

/** The helpers templates may use. Each is a pure function of its arguments. */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('wrap', function (this: unknown, options: Options) {
    const { indent = '', hang = indent, width = TEXT_WIDTH } = options.hash as { indent?: string; hang?: string; width?: number };
    return wrapText(options.fn(this), width, indent, hang).join('\n');
  });
  hb.registerHelper('underline', (text: string, char: string) => String(char).repeat(Math.min(TEXT_WIDTH, Array.from(String(text)).length)));
  hb.registerHelper('padNumber', (n: number) => `[${n}]`.padEnd(5));
  hb.registerHelper('upper', (text: string) => String(text).toUpperCase());
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('plural', (count: number, singular: string, plural: string) => `${count} ${count === 1 ? singular : plural}`);
  hb.registerHelper('percent', (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`));
  hb.registerHelper('join', (items: unknown, separator: string) => (Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : ''));
}
