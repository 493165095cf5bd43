import type { BriefingModel } from '../model/model.js';
import { wrapText } from '../text/wrap.js';
import { TEXT_WIDTH } from './helpers.js';
import type { Templates } from './templates.js';

/** Re-wraps any line a template left longer than the width, keeping its indentation. */
export function wrapLongLines(text: string, width = TEXT_WIDTH): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (Array.from(line).length <= width) return [line];
      const indent = /^\s*/.exec(line)![0];
      return wrapText(line, width, indent, indent);
    })
    .join('\n');
}

/** summary.txt: plain text, usable as an email body, wrapped at 78 columns. */
export function renderSummary(model: BriefingModel, templates: Templates): string {
  const text = templates.render('summary.txt.hbs', model);
  return `${wrapLongLines(text).replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
