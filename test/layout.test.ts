/** The layout check (test/helpers/layout.ts) catches each rule on a layout broken on purpose, and holds for the briefings we build. */
import type { DocumentDefinition } from '../scripts/lib/pdfmake/printer.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { checkReviews, renderEditions, renderReview, type RenderContext } from '../scripts/lib/build/pipeline.js';
import { checkLayout, formatFindings, layoutSpec, RULES, type LayoutSpec } from './helpers/layout.js';
import { renderContext, ROOT, runTsx, SAMPLE, validReview } from './helpers/project.js';
import { EXPORTS, sharedBuild, sharedExportsPresent } from './helpers/shared-build.js';
import { sizedReview, sizeName, type Size } from './helpers/sized-review.js';

/** Every count the issue names (0, 1, 50, 400 recommendations; 0, 1, 40 claims; 1 and 60 themes; long and short texts) at least twice. */
const SIZES: Size[] = (
  [
    [0, 0, 1, false], [0, 1, 60, true], [0, 40, 1, true], [1, 0, 60, false], [1, 1, 1, true], [1, 40, 60, false],
    [50, 0, 1, true], [50, 40, 1, false], [50, 1, 60, true], [400, 0, 60, true], [400, 40, 1, false], [400, 40, 60, false], [400, 1, 1, true],
  ] as const
).map(([recommendations, claims, themes, long]) => ({ recommendations, claims, themes, long }));

let context: RenderContext;
let spec: LayoutSpec;
beforeAll(async () => {
  context = await renderContext();
  spec = layoutSpec(context.styles);
});

/** A short document with the briefing's page, styles, running header and footer, around `content`. */
function page(content: Content[]): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: context.styles.pageMargins,
    header: () => ({ text: 'Demoland · UPR session 48 briefing', style: 'header' }),
    footer: (n: number, of: number) => ({ text: `Information as of 2025-01-20 · Page ${n} of ${of}`, style: 'footer' }),
    content,
    styles: JSON.parse(JSON.stringify(context.styles.styles).replaceAll('"@accent"', '"#1f5f8b"')),
    defaultStyle: context.styles.defaultStyle,
  } as TDocumentDefinitions;
}

const paragraph = 'The government reported progress on access to justice while observers noted gaps in legal aid.';
const recommendation = (attribution: Content): Content[] => [
  { text: [{ text: 'supported', style: 'response-supported' }, '  Abolish the death penalty in all circumstances and ratify the Second Optional Protocol. '], style: 'recommendation' },
  attribution,
];
/** A table header, after a sentence that uses its words as a briefing does (right-aligned cells are judged by the document's words). */
const headerRow = (width: number, cells: [string, 'left' | 'right'][]): Content[] => ['Recommendations: 12 received, 9 supported, 3 noted; share supported 75%; observed gaps.', { table: { widths: cells.map(() => width), body: [cells.map(([text, alignment]) => ({ text, style: 'th', alignment }))] } }];
const chart = (scale: number) => ({
  svg: `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="20" font-family="DejaVuSans" font-size="8">Justice</text></svg>`,
  width: 200 * scale,
});

/** Each rule's case: a layout that breaks exactly that rule, and the same content laid out right. */
const CASES: Record<(typeof RULES)[number], { broken: Content[]; right: Content[]; findings: string[] }> = {
  'printable-area': {
    broken: [paragraph, { text: 'In the margin', absolutePosition: { x: 20, y: 400 } }, { text: 'Under the body', relativePosition: { x: 0, y: 715 } }],
    right: [paragraph, { text: 'In the margin', absolutePosition: { x: 60, y: 400 } }, { text: 'Under the body', relativePosition: { x: 0, y: 690 } }],
    findings: ['printable-area p.1: In the margin', 'printable-area p.1: Under the body'],
  },
  overlap: {
    broken: [{ text: 'First words', absolutePosition: { x: 60, y: 400 } }, { text: 'Second words', absolutePosition: { x: 80, y: 402 } }],
    right: [{ text: 'First words', absolutePosition: { x: 60, y: 400 } }, { text: 'Second words', absolutePosition: { x: 80, y: 420 } }],
    findings: ['overlap p.1: "First words" over "Second words"'],
  },
  'empty-page': {
    broken: [paragraph, { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 400, y2: 0 }], pageBreak: 'before' }, { text: paragraph, pageBreak: 'before' }],
    right: [paragraph, { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 400, y2: 0 }], pageBreak: 'before' }, paragraph],
    findings: ['empty-page p.2: Demoland · UPR session 48 briefing / Information as of 2025-01-20 · Page 2 of 3'],
  },
  'orphan-heading': {
    broken: [paragraph, { text: 'Justice', style: 'h2', outline: true }, { text: paragraph, pageBreak: 'before' }],
    right: [paragraph, { text: 'Justice', style: 'h2', outline: true, pageBreak: 'before' }, paragraph],
    findings: ['orphan-heading p.1: Justice'],
  },
  'split-attribution': {
    broken: recommendation({ text: 'France, WEOG', style: 'evidence', pageBreak: 'before' }),
    right: [...recommendation({ text: 'France, WEOG', style: 'evidence' }), { text: paragraph, pageBreak: 'before' }],
    findings: ['split-attribution p.2: "France, WEOG" ends "supported Abolish the death penalty in all circumstances and…" (page 1)'],
  },
  'split-header-word': {
    broken: headerRow(60, [['Recommendations', 'left'], ['Observed gaps', 'left'], ['Recommendations', 'right'], ['Share supported', 'right']]),
    right: headerRow(100, [['Recommendations', 'left'], ['Observed gaps', 'left'], ['Recommendations', 'right'], ['Share supported', 'right']]),
    findings: ['split-header-word p.1: Recommen|dations', 'split-header-word p.1: Recommen|dations'],
  },
  'small-text': {
    broken: [paragraph, chart(0.6)],
    right: [paragraph, chart(1)],
    findings: ['small-text p.1: 1 item under 6 pt, down to 4.8 pt: Justice'],
  },
};

describe('the layout check', () => {
  it.each(RULES)('catches a layout that breaks "%s", and passes the same content laid out right', async (rule) => {
    const { broken, right, findings } = CASES[rule];
    expect(formatFindings(await checkLayout(await context.printer.render(page(broken) as DocumentDefinition), spec))).toEqual(findings);
    expect(formatFindings(await checkLayout(await context.printer.render(page(right) as DocumentDefinition), spec))).toEqual([]);
  });
});

/**
 * What today's briefings break, finding by finding (test/layout-known.json): a case absent from it must pass the
 * check. A fix and a new breakage both fail this test, so that the list is mended deliberately, never loosened.
 */
const KNOWN_FILE = join(ROOT, 'test/layout-known.json');
const KNOWN = JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as Record<'generated' | 'imported', Record<string, string[]>>;

/**
 * `LAYOUT_KNOWN_UPDATE=1 npx vitest run test/layout.test.ts` writes what it finds into the list instead of comparing:
 * for a deliberate change of the layout, whose diff is then reviewed by hand before it is committed.
 */
async function expectKnown(part: 'generated' | 'imported', key: string | undefined, found: string[] | Record<string, string[]>): Promise<void> {
  if (process.env.LAYOUT_KNOWN_UPDATE !== '1') return void expect(found).toEqual(key === undefined ? KNOWN[part] : (KNOWN[part][key] ?? []));
  const known = JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as typeof KNOWN;
  if (key === undefined) known[part] = found as Record<string, string[]>;
  else if ((found as string[]).length > 0) known[part][key] = found as string[];
  else delete known[part][key];
  await writeFile(KNOWN_FILE, `${JSON.stringify(known, null, 2)}\n`);
}

/** Findings by path (relative to `dir`) of the PDFs with any; identical PDFs are checked once, in two processes at once. */
async function checkInTwoProcesses(paths: readonly string[], dir: string): Promise<Record<string, string[]>> {
  const byHash = new Map<string, string[]>();
  for (const path of paths) {
    const hash = createHash('sha256').update(await readFile(join(dir, path))).digest('hex');
    byHash.set(hash, [...(byHash.get(hash) ?? []), path]);
  }
  const first = [...byHash.values()].map((same) => join(dir, same[0]!));
  const halves = [first.filter((_, i) => i % 2 === 0), first.filter((_, i) => i % 2 === 1)];
  const results = await Promise.all(halves.map((half) => runTsx(join(ROOT, 'test/check-layout.ts'), ['--json', ...half])));
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const findings = Object.assign({}, ...results.map((r) => JSON.parse(r.stdout) as Record<string, string[]>)) as Record<string, string[]>;
  const found: Record<string, string[]> = {};
  for (const same of byHash.values()) for (const path of same) if (findings[join(dir, same[0]!)]) found[path] = findings[join(dir, same[0]!)]!;
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

describe('the briefings we build pass the layout check, but for the known findings', () => {
  it.each(['restricted', 'public'])('the sample, %s edition', async (name) => {
    const [checked] = checkReviews([{ path: 'data/reviews/kz-upr48.yaml', bytes: await readFile(SAMPLE) }]);
    const edition = (await renderEditions(checked!.review!, context)).find((e) => e.edition === name)!;
    const pdf = Object.entries(edition.files).find(([path]) => path.endsWith('briefing.pdf'))![1];
    expect(formatFindings(await checkLayout(pdf, spec))).toEqual([]);
  });

  it.each(['cz-upr1', 'cz-upr14'])('the sample %s, whose two editions are the same PDF (it has no restricted material)', async (id) => {
    const review = await validReview(join(ROOT, 'data/reviews', `${id}.yaml`));
    const [restricted, ...others] = (await renderEditions(review, context)).map((e) => Object.entries(e.files).find(([path]) => path.endsWith('briefing.pdf'))![1]);
    for (const pdf of others) expect(Buffer.from(pdf).equals(Buffer.from(restricted!))).toBe(true);
    await expectKnown('generated', `sample ${id}`, formatFindings(await checkLayout(restricted!, spec)));
  });

  it.each(SIZES.map((size) => [sizeName(size), size] as const))('a generated review of %s', async (name, size) => {
    const pdf = (await renderReview(sizedReview('sized', size), context))['briefing.pdf'];
    await expectKnown('generated', name, formatFindings(await checkLayout(pdf, spec)));
  });

  it.skipIf(!sharedExportsPresent())(
    sharedExportsPresent() ? 'every state of the three UPR Info exports, imported and built' : 'every state of the UPR Info exports: skipped, ../shared/upr-info is absent',
    async () => {
      const { imports, build } = await sharedBuild();
      for (const name of EXPORTS) expect(imports[name].code, imports[name].stderr).toBe(0);
      expect(build.code, build.stderr).toBe(0);
      const ids = EXPORTS.flatMap((name) => imports[name].files).map((f) => f.replace(/\.yaml$/, '')).sort();
      expect(ids).toHaveLength(199);
      const found = await checkInTwoProcesses(ids.flatMap((id) => [`${id}/briefing.pdf`, `${id}/public/briefing.pdf`]), build.out);
      await expectKnown('imported', undefined, found);
    },
    900_000, // as test/import-shared.test.ts's: whichever file starts the shared build first, the other waits for it
  );
});
