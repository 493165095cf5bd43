/**
 * Property-based tests with fast-check. CI runs each property 200 times with a fixed seed; FC_RUNS=<n> runs
 * more (or fewer), and FC_SEED=<n> tries another seed. A failure prints the seed and the shrunk counterexample.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';
import { briefingAttachments, renderReview, type RenderContext } from '../scripts/lib/build/pipeline.js';
import { defuseCell, renderClaimsCsv, renderCsv, type Cell } from '../scripts/lib/render/csv.js';
import { briefingDefinition } from '../scripts/lib/pdfmake/briefing.js';
import { renderSummary } from '../scripts/lib/render/summary.js';
import { externalReference } from '../scripts/lib/pdfmake/resources.js';
import { buildModel } from '../scripts/lib/model/model.js';
import { wrapLongLines } from '../scripts/lib/render/summary.js';
import { CITATION_ROLES, CLAIM_KINDS, reviewSchema, SOURCE_TYPES, SPEAKER_TYPES, type Review } from '../scripts/lib/review/schema.js';
import { wrapText } from '../scripts/lib/text/wrap.js';
import { runInProcess } from './helpers/cases.js';
import { renderContext, SAMPLE, tempDir } from './helpers/project.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const SEED = Number(process.env.FC_SEED ?? 20261127);
const params = { numRuns: RUNS, seed: SEED };
const PDF_RUNS = Number(process.env.FC_PDF_RUNS ?? 15);

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** Text as data holds it: any code point, including controls, lone surrogates, bidi controls, emoji and `{{…}}`. */
const text = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
  fc.constantFrom('=cmd', '-5', '＠x', '{{constructor.constructor}}', '<b>x</b> &amp;', 'a\u202eb', 'x'.repeat(300)),
);
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/);

/** A review that the schema accepts, with every reference resolved. */
const review = fc
  .record({
    themeIds: fc.uniqueArray(slug, { minLength: 1, maxLength: 3 }),
    sourceIds: fc.uniqueArray(slug, { maxLength: 4 }),
    claimIds: fc.uniqueArray(slug, { maxLength: 6 }),
    title: text,
    summary: fc.option(text, { nil: undefined }),
    session: fc.integer({ min: 1, max: 99 }),
  })
  .chain(({ themeIds, sourceIds, claimIds, ...meta }) =>
    fc.record({
      meta: fc.constant(meta),
      themes: fc.tuple(...themeIds.map((id) => fc.record({ id: fc.constant(id), title: text }))),
      sources: fc.tuple(...sourceIds.map((id) => fc.record({ id: fc.constant(id), title: text, type: fc.constantFrom(...SOURCE_TYPES), url: fc.option(fc.webUrl(), { nil: undefined }) }))),
      claims: fc.tuple(
        ...claimIds.map((id) =>
          fc.record({
            id: fc.constant(id),
            theme: fc.constantFrom(...themeIds),
            kind: fc.constantFrom(...CLAIM_KINDS),
            text,
            actor: fc.option(text, { nil: undefined }),
            speaker: fc.option(fc.constantFrom(...SPEAKER_TYPES), { nil: undefined }),
            sources: fc.shuffledSubarray(sourceIds).chain((ids) =>
              fc.tuple(...ids.map((source) => fc.oneof(fc.constant(source), fc.record({ source: fc.constant(source), role: fc.constantFrom(...CITATION_ROLES), at: fc.option(text, { nil: undefined }) }, { requiredKeys: ['source', 'role'] }))))),
            responds_to: fc.subarray(claimIds.filter((other) => other !== id)),
          }),
        ),
      ),
    }),
  )
  .map(({ meta, themes, sources, claims }) =>
    reviewSchema.parse({
      id: 'prop',
      title: meta.title,
      state: 'Propland',
      session: meta.session,
      as_of: '2025-01-20',
      ...(meta.summary === undefined ? {} : { summary: meta.summary }),
      themes,
      sources: sources.map(({ url, ...s }) => (url ? { ...s, url } : s)),
      claims: claims.map(({ actor, speaker, ...c }) => ({ ...c, ...(actor ? { actor } : {}), ...(speaker ? { speaker } : {}), basis: c.sources.length > 0 ? 'sourced' : 'inferred' })),
    }),
  );

describe('properties (fast-check)', () => {
  let context: RenderContext;
  beforeAll(async () => {
    context = await renderContext();
  });

  /** Everything renderReview does except pdfmake's layout, which takes ~100 ms a review. */
  function renderText(r: Review) {
    const model = buildModel(r);
    const csv = renderClaimsCsv(model);
    const inputs = { config: context.config, logo: context.logo, date: new Date(0), attachments: briefingAttachments(r, new TextEncoder().encode(csv)) };
    const definition = briefingDefinition(model, context.templates, context.styles, inputs);
    return { definition, csv, summary: renderSummary(model, context.templates) };
  }

  it('any review the schema accepts renders its CSV, summary and PDF definition; the summary keeps its width and every claim', () => {
    fc.assert(
      fc.property(review, (r) => {
        const { definition, csv, summary } = renderText(r);
        expect(externalReference(definition)).toBeUndefined();
        for (const line of summary.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(78);
        for (const claim of r.claims) expect(squeeze(summary)).toContain(squeeze(claim.text));
        const rows = parse(csv) as string[][];
        expect(rows.length - 1).toBe(r.claims.reduce((n, c) => n + Math.max(1, c.sources.length), 0));
        expect(rows.slice(1).map((row) => row[7])).toEqual(r.claims.flatMap((c) => Array(Math.max(1, c.sources.length)).fill(defuseCell(c.text))));
      }),
      params,
    );
  });

  it(`any review the schema accepts builds a PDF without throwing (${PDF_RUNS} runs: pdfmake takes ~100 ms each; FC_PDF_RUNS raises it)`, async () => {
    await fc.assert(
      fc.asyncProperty(review, async (r) => {
        const outputs = await renderReview(r, context);
        expect(decode(outputs['briefing.pdf'].subarray(0, 5))).toBe('%PDF-');
      }),
      { ...params, numRuns: PDF_RUNS },
    );
  });

  it('any CSV we write parses back to the same cells, after formula defusing', () => {
    const cell: fc.Arbitrary<Cell> = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('=1+1', '+1', '-cmd', '@x', '\tx', '\rx', '\nx', '\0x', '＝x', '＋x', '－x', '＠x', '-5', '"q"', ',', ''),
      fc.integer(),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.array(fc.string(), { minLength: n, maxLength: n }), fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 8 }), fc.boolean())), ([header, rows, excel]) => {
        const csv = renderCsv(header, rows, { excel });
        const back = parse(csv, { bom: true, relax_quotes: false }) as string[][];
        expect(back).toEqual([header, ...rows].map((row) => row.map(defuseCell)));
        for (const row of back.slice(1)) for (const value of row) if (!/^[+-]?[\d.]/.test(value)) expect(value).not.toMatch(/^[=+\-@\t\r\n\0＝＋－＠]/);
      }),
      params,
    );
  });

  const word = fc.string({ unit: fc.constantFrom(...'abcxyz-é.,Жқ中😀'), minLength: 1, maxLength: 120 });
  const gap = fc.constantFrom(' ', '  ', '\n', '\t', ' \n ');

  it('wrapping never exceeds the width and never drops or reorders a word', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(word, gap)), fc.integer({ min: 10, max: 100 }), fc.nat(8), fc.nat(8), (parts, width, first, rest) => {
        const input = parts.map(([w, g]) => w + g).join('');
        const lines = wrapText(input, width, ' '.repeat(first), ' '.repeat(rest));
        for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(width);
        expect(squeeze(lines.join('\n'))).toBe(squeeze(input));
        const tokens = lines.join(' ').split(/\s+/);
        const fitting = parts.map(([w]) => w).filter((w) => Array.from(w).length <= width - Math.max(first, rest));
        let at = 0;
        for (const w of fitting) {
          at = tokens.indexOf(w, at);
          expect(at, `"${w}" stands whole, in order`).toBeGreaterThanOrEqual(0);
          at++;
        }
      }),
      params,
    );
  });

  it('the summary re-wraps any long line within 78 columns, keeping every character in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(12), fc.array(fc.tuple(word, gap), { maxLength: 30 }))), (lines) => {
        const input = lines.map(([indent, parts]) => ' '.repeat(indent) + parts.map(([w]) => w).join(' ')).join('\n');
        const output = wrapLongLines(input);
        for (const line of output.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(78);
        expect(squeeze(output)).toBe(squeeze(input));
      }),
      params,
    );
  });

  it('random mutations of the sample end as a build or as messages, never as an exception or a stack trace', async () => {
    const sample = await readFile(SAMPLE, 'utf8');
    const dir = await tempDir('upr-mutate-');
    const file = join(dir, 'review.yaml');
    await fc.assert(
      fc.asyncProperty(mutation(sample), async (mutated) => {
        await writeFile(file, mutated);
        const result = await runInProcess(['--data', file, '--out', join(dir, 'out'), '--check']);
        const printed = `${result.stdout}\n${result.stderr}`;
        expect(printed).not.toMatch(/^\s+at /m);
        expect(printed).not.toContain('internal error');
        expect([0, 1]).toContain(result.code);
        if (result.code === 1) expect(result.stderr).toMatch(/:\d+:\d+ {2}error {2}.+ {2}[a-z-]+$/m);
      }),
      params,
    );
  });
});

/** Paths to every node of the sample, so that a mutation can pick one. */
function nodePaths(node: Node | null, path: (string | number)[] = []): (string | number)[][] {
  if (isMap(node)) return node.items.flatMap((p) => (isScalar(p.key) ? [[...path, String(p.key.value)], ...nodePaths(p.value as Node, [...path, String(p.key.value)])] : []));
  if (isSeq(node)) return node.items.flatMap((item, i) => [[...path, i], ...nodePaths(item as Node, [...path, i])]);
  return [];
}

const HOSTILE = ['&a [*a]', '!!js/function x', '[[[[[[', '"\\ud800"', '\u202e', '{{x}}', '\0', '\t', ': :', '- -', '"', "'", '---', '<<: *x'];

/** Deleted keys, swapped types, truncation and inserted junk, applied to the sample's text. */
function mutation(sample: string): fc.Arbitrary<string> {
  const paths = nodePaths(parseDocument(sample).contents as Node);
  const swapped = fc.constantFrom<unknown>(42, -1, 1.5, 'text', '', [], {}, null, true, [1, 2], { id: 1 }, '2025-02-30');
  const edit = (change: (doc: ReturnType<typeof parseDocument>) => void) => {
    const doc = parseDocument(sample);
    change(doc);
    return doc.toString();
  };
  return fc.oneof(
    fc.constantFrom(...paths).map((p) => edit((doc) => doc.deleteIn(p))),
    fc.tuple(fc.constantFrom(...paths), swapped).map(([p, v]) => edit((doc) => doc.setIn(p, doc.createNode(v)))),
    fc.nat(sample.length).map((n) => sample.slice(0, n)),
    fc.tuple(fc.nat(sample.length), fc.constantFrom(...HOSTILE)).map(([n, junk]) => sample.slice(0, n) + junk + sample.slice(n)),
    fc.tuple(fc.nat(sample.length), fc.nat(sample.length)).map(([a, b]) => sample.slice(0, Math.min(a, b)) + sample.slice(Math.max(a, b))),
  );
}
