import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderReview } from '../scripts/lib/build/pipeline.js';
import { TemplateError } from '../scripts/lib/diagnostics/errors.js';
import { createMessage } from '../scripts/lib/diagnostics/message.js';
import { formatMessages } from '../scripts/lib/diagnostics/report.js';
import { withRuleTable } from '../scripts/lib/diagnostics/rule-table.js';
import { reasonOf, rules } from '../scripts/lib/diagnostics/rules.js';
import { compileTemplates } from '../scripts/lib/render/templates.js';
import { parseData } from '../scripts/lib/source/parse.js';
import { refinement, schemaMessages } from '../scripts/lib/source/schema-messages.js';
import { readTemplateSources, renderContext, ROOT, SAMPLE, validReview } from './helpers/project.js';

/** What the build prints for a template error: the message made from the error, through the catalogue. */
async function templateMessage(render: () => unknown): Promise<string> {
  try {
    await render();
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return formatMessages([createMessage(error.file, error, 'template-error', error.problem)]);
  }
  throw new Error('the template rendered without an error');
}

describe('the diagnostics catalogue (scripts/lib/diagnostics/rules.ts)', () => {
  it('is what the README\'s rule table shows, row for row (npm run docs writes it)', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withRuleTable(readme));
    for (const id of Object.keys(rules)) expect(readme).toContain(`| \`${id}\` |`);
  });

  it('prints a message as "what happened; how to fix it", and the message alone where the rule has no hint', () => {
    expect(reasonOf('unknown-source', { owner: 'claim "c2"', source: 's9' })).toBe('claim "c2" cites unknown source "s9"; declare it under sources or correct the id');
    expect(reasonOf('wrong-type', { kind: 'field', field: '"session"', expected: 'a number', actual: 'text' })).toBe('"session" must be a number, not text');
  });

  it('reports a custom zod refinement under the rule it names, and one that names none as invalid-value', () => {
    const schema = z.strictObject({ day: z.string().refine(() => false, refinement('invalid-date')), code: z.string().refine(() => false, 'use a code from the list') });
    const parsed = parseData('x.yaml', new TextEncoder().encode('day: 2025-02-30\ncode: XX\n'));
    const result = schema.safeParse(parsed.data);
    expect(formatMessages(schemaMessages(result.error!.issues, parsed.data, parsed.source!))).toBe(
      [
        'x.yaml:1:6  error  "day" is "2025-02-30", which is not a calendar date; correct it  invalid-date',
        'x.yaml:2:7  error  "code" is "XX"; use a code from the list  invalid-value',
      ].join('\n'),
    );
  });
});

describe('template errors, in the catalogue\'s words, with the template\'s file and line', () => {
  it.each([
    ['a block never closed', { 'summary.txt.hbs': 'Title\n{{#each claims}}\n' }, 'templates/summary.txt.hbs:3:1  error  the template ends inside a block: a {{#…}} is never closed by its {{/…}}; check that every {{ has its }} and every {{#block}} its {{/block}}  template-error'],
    ['a tag without its closing braces', { 'summary.txt.hbs': 'Title\n\n  {{review.title}\n' }, 'templates/summary.txt.hbs:3:1  error  the template cannot be parsed on this line (Handlebars found INVALID); check that every {{ has its }} and every {{#block}} its {{/block}}  template-error'],
  ])('%s', async (_, sources, expected) => {
    expect(await templateMessage(() => compileTemplates(sources).render('summary.txt.hbs', {}))).toBe(expected);
  });

  it('a template that is missing', async () => {
    expect(await templateMessage(() => compileTemplates({}).render('summary.txt.hbs', {}))).toBe(
      'templates/summary.txt.hbs:1:1  error  there is no template summary.txt.hbs; restore it from the project  template-error',
    );
  });

  it('a field the data does not have', async () => {
    const context = await renderContext({ 'summary.txt.hbs': 'Title\n{{review.nonexistent}}\n' });
    expect(await templateMessage(async () => renderReview(await validReview(SAMPLE), context))).toBe(
      'templates/summary.txt.hbs:2:3  error  "nonexistent" not defined in the data; fix the template  template-error',
    );
  });

  it('markup that is not well formed, with its line in the rendered output', async () => {
    const base = (await readTemplateSources())['briefing.pdf.hbs'];
    const context = await renderContext({ 'briefing.pdf.hbs': `${base}\n<p>open\n` });
    expect(await templateMessage(async () => renderReview(await validReview(SAMPLE), context))).toMatch(
      /^templates\/briefing\.pdf\.hbs:1:1 {2}error {2}the rendered briefing markup is not well formed: <p> is never closed \(line \d+ of the output\); fix the template {2}template-error$/,
    );
  });
});
