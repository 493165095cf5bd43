#!/usr/bin/env -S npx tsx
/** `npm run build`: the zx entry point. It alone touches files and the process; the pipeline in lib/ is pure. */
import { chalk } from 'zx';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_USAGE, parseBuildOptions, type BuildOptions } from './lib/cli/options.js';
import { hasErrors, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { TemplateError, UsageError } from './lib/errors.js';
import { dejaVuFonts, loadCoverage } from './lib/pdf/fonts.js';
import type { PdfStyles } from './lib/pdf/document.js';
import { checkReviews, renderReview, type RenderContext } from './lib/pipeline.js';
import { compileTemplates } from './lib/render/templates.js';
import { runCommand } from './command.js';
import { displayPath, readDataFiles, readJson, readTemplates, writeFilesAtomically } from './io.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = join(ROOT, 'templates');

function sourceDateEpoch(): number | undefined {
  const value = process.env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`SOURCE_DATE_EPOCH is "${value}"; set it to whole seconds since 1970, or unset it`);
  return Number(value);
}

function templateMessage(error: TemplateError): Message {
  return { file: displayPath(join(ROOT, error.file)), line: error.line, column: error.column, ruleId: 'template-error', severity: 'error', reason: `${error.message}; fix the template` };
}

async function renderContext(options: BuildOptions): Promise<RenderContext> {
  const [sources, styles] = await Promise.all([readTemplates(TEMPLATES), readJson<PdfStyles>(join(TEMPLATES, 'pdf-styles.json'))]);
  return { templates: compileTemplates(sources), styles, fonts: dejaVuFonts(), excel: options.excel, sourceDateEpoch: sourceDateEpoch() };
}

async function build(options: BuildOptions): Promise<number> {
  const files = await readDataFiles(options.data);
  const context = await renderContext(options);
  const checked = checkReviews(files, { strict: options.strict, coverage: await loadCoverage(context.fonts) });
  const selected = options.only ? checked.filter((c) => c.id !== undefined && options.only!.includes(c.id)) : checked;
  const unknown = options.only?.filter((id) => !checked.some((c) => c.id === id)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--only names ${unknown.join(', ')}, which no review file in ${displayPath(options.data)} declares`);
  const lines: string[] = [];
  const messages: Message[] = [];
  for (const item of selected) {
    messages.push(...item.messages);
    const name = item.id ?? displayPath(item.path);
    if (!item.review) {
      lines.push(`${chalk.red('✗')} ${name}  not built: ${summarizeMessages(item.messages)}`);
    } else if (options.check) {
      lines.push(`${chalk.green('✓')} ${name}  valid`);
    } else {
      try {
        const written = await writeFilesAtomically(join(options.out, item.review.id), await renderReview(item.review, context));
        lines.push(`${chalk.green('✓')} ${name}  ${written.map(displayPath).join('  ')}`);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        messages.push(templateMessage(error));
        lines.push(`${chalk.red('✗')} ${name}  not built: template error`);
      }
    }
  }
  if (files.length === 0) lines.push(`no review files in ${displayPath(options.data)}`);
  console.log(lines.join('\n'));
  if (messages.length > 0) console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
  return hasErrors(messages) ? 1 : 0;
}

await runCommand({ usage: BUILD_USAGE, parse: parseBuildOptions, run: build, templateMessage });
