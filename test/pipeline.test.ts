import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReview, type Outputs } from '../scripts/lib/build/pipeline.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { CLAIMS_CSV_HEADER, RECOMMENDATIONS_CSV_HEADER } from '../scripts/lib/render/csv.js';
import { buildModel } from '../scripts/lib/model/model.js';
import { publicEdition } from '../scripts/lib/edition/edition.js';
import { bodyText, fold, openPdf } from './helpers/pdf.js';
import { GOLDEN, GOLDEN_FILES, goldenNames, goldenOutputs } from './helpers/golden.js';
import { renderContext, ROOT, SAMPLE, validReview } from './helpers/project.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const sampleReview = () => validReview(SAMPLE);

describe('goldens: test/golden/<id>/ holds the reviewed text outputs of a review (npm run fixtures:update writes them)', async () => {
  for (const id of await goldenNames()) {
    it(`${id}: ${GOLDEN_FILES.join(', ')} byte for byte`, async () => {
      const outputs = await goldenOutputs(id);
      for (const file of GOLDEN_FILES) expect(outputs[file], file).toBe(await readFile(join(GOLDEN, id, file), 'utf8'));
    });
  }
});

describe('claims.csv of a review whose sources have a URL, a date and a publisher (test/samples/cz-golden.yaml)', () => {
  const wg2012 = ['wg-2012', 'Report of the Working Group on the Universal Periodic Review: Czech Republic (A/HRC/22/3)', 'un', 'UN Human Rights Council', '2012-12-26', 'https://undocs.org/A/HRC/22/3'];
  const wg2008 = ['wg-2008', 'Report of the Working Group on the Universal Periodic Review: Czech Republic (A/HRC/8/33)', 'un', 'UN Human Rights Council', '2008-05-23', ''];
  const government = 'Government of the Czech Republic';

  it('holds every cell where the header says, one row per claim and cited source', async () => {
    const outputs = await renderReview(await validReview(join(ROOT, 'test/samples/cz-golden.yaml')), await renderContext());
    expect(parse(decode(outputs['claims.csv']), { bom: true }) as string[][]).toEqual([
      ['review_id', 'claim_id', 'theme', 'kind', 'basis', 'evidence', 'actor', 'claim', 'source_id', 'source_title', 'source_type', 'source_publisher', 'source_date', 'source_url', 'speaker', 'source_role', 'restricted', 'responds_to', 'bears_on', 'source_at'],
      ['cz-golden', 'c1', 'roma-inclusion', 'stated-reform', 'sourced', 'self-reported', government, 'In January 2008 the Governmental Agency for Elimination of Social Exclusion in Roma Localities was established; it operates in 12 selected localities.', ...wg2008, 'government', 'reports', '', '', '', ''],
      ['cz-golden', 'c2', 'roma-inclusion', 'stated-reform', 'sourced', 'self-reported', government, 'The temporary placement of socially disadvantaged children in practical schools would be abolished, and the ethnicity of children in practical schools would be monitored.', ...wg2012, 'government', 'reports', '', '', '', ''],
      ['cz-golden', 'c3', 'roma-inclusion', 'observed-gap', 'sourced', 'independent', 'Denmark', 'Roma children remain segregated in schools, with a disproportionate number in special schools, although Roma make up only 2 per cent of the population.', ...wg2012, '', 'reports', '', '', '', ''],
      ['cz-golden', 'c4', 'non-discrimination', 'context', 'sourced', 'independent', government, 'The Anti-Discrimination Act was adopted in 2009; it entrusts the Ombudsman with powers to help victims of discrimination.', ...wg2012, '', 'reports', '', '', '', ''],
      ['cz-golden', 'c5', 'roma-inclusion', 'context', 'inferred', 'unsourced', '', 'Both reports record what the Government says it has done for Roma inclusion; neither measures its results.', '', '', '', '', '', '', '', '', '', '', '', ''],
    ]);
  });
});

describe('the sample briefing', () => {
  let review: Review;
  let outputs: Outputs;
  beforeAll(async () => {
    review = await sampleReview();
    outputs = await renderReview(review, await renderContext());
  });

  it('writes a CSV that parses back to one row per claim and cited source', () => {
    const rows = parse(decode(outputs['claims.csv']), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CLAIMS_CSV_HEADER]);
    const expected = review.claims.flatMap((c) => (c.sources.length ? c.sources : ['']).map((s) => [c.id, c.text, s]));
    expect(rows.map((r) => [r.claim_id, r.claim, r.source_id])).toEqual(expected);
    const sources = new Map(review.sources.map((s) => [s.id, s]));
    for (const row of rows.filter((r) => r.source_id)) expect(row.source_title).toBe(sources.get(row.source_id!)!.title);
  });

  it('keeps the summary within 78 columns and in kind order', () => {
    const text = decode(outputs['summary.txt']);
    for (const line of text.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(78);
    const order = ['STATED REFORMS', 'OBSERVED GAPS', 'CONTEXT', 'SOURCES'].map((h) => text.indexOf(`\n${h}\n`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    for (const claim of review.claims) expect(fold(text)).toContain(fold(claim.text).split(' ').slice(0, 6).join(' '));
  });

  it('puts every section, claim and source into the PDF text', async () => {
    const pdf = await openPdf(outputs['briefing.pdf']);
    const text = await bodyText(pdf);
    for (const heading of ['Summary', 'Key figures', 'Stated reforms and observed gaps', 'Claims by theme', 'Sources', 'Method']) {
      expect(text).toContain(heading);
    }
    for (const claim of review.claims) expect(text).toContain(fold(claim.text));
    for (const source of review.sources) expect(text).toContain(fold(source.title));
    expect(text).toContain('[inferred]');
    const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, string> };
    expect(info.Title).toBe(review.title);
    expect(info.Subject).toContain('Kazakhstan');
    expect(info.Keywords).toContain('Political modernization');
    expect(info.Language).toBe('en-GB');
  });

  it('links citation numbers to their source and keeps the styles of inline text', async () => {
    const pdf = await openPdf(outputs['briefing.pdf']);
    const dests: string[] = [];
    const fonts = new Set<string>();
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      for (const a of (await page.getAnnotations()) as { subtype: string; dest?: unknown }[]) if (a.subtype === 'Link' && typeof a.dest === 'string') dests.push(a.dest);
      const content = await page.getTextContent();
      for (const item of content.items) if ('fontName' in item) fonts.add(item.fontName);
      page.cleanup();
    }
    const citations = review.claims.reduce((n, c) => n + c.sources.length, 0);
    expect(dests.filter((d) => d.startsWith('source-')).length).toBeGreaterThanOrEqual(citations);
    expect(fonts.size).toBeGreaterThanOrEqual(3);
  });

  it('gives byte-identical outputs when built twice', async () => {
    const again = await renderReview(review, await renderContext());
    for (const name of Object.keys(outputs) as (keyof Outputs)[]) expect(Buffer.compare(again[name]!, outputs[name]!)).toBe(0);
  });

  it('derives evidence labels from source types when the claim names no speaker', () => {
    const model = buildModel({
      ...review,
      sources: [
        { id: 'g', title: 'Ministry', type: 'government' },
        { id: 'n', title: 'NGO report', type: 'ngo' },
      ],
      claims: [
        { id: 'a', theme: review.themes[0]!.id, kind: 'context', basis: 'sourced', text: 'A', sources: ['g'] },
        { id: 'b', theme: review.themes[0]!.id, kind: 'observed-gap', basis: 'sourced', text: 'B', sources: ['n'] },
        { id: 'c', theme: review.themes[0]!.id, kind: 'observed-gap', basis: 'sourced', text: 'C', sources: ['g', 'n'] },
        { id: 'd', theme: review.themes[0]!.id, kind: 'context', basis: 'inferred', text: 'D', sources: [] },
      ],
    });
    expect(model.claims.map((c) => c.evidence)).toEqual(['self-reported', 'independent', 'mixed', 'unsourced']);
  });
});

describe('characters of the data', () => {
  it('keeps Kazakh letters, & and literal {{…}} through all three outputs', async () => {
    const review = await sampleReview();
    const text = 'Қазақстан Әділет Ңң Өө Ұұ Үү Іі & {{constructor.constructor}} <b>';
    const claims = [{ ...review.claims[1]!, text }, ...review.claims.slice(2)];
    const outputs = await renderReview({ ...review, claims }, await renderContext());
    expect(fold(decode(outputs['summary.txt']))).toContain(text);
    expect(decode(outputs['claims.csv'])).toContain(text);
    const pdfText = await bodyText(await openPdf(outputs['briefing.pdf']));
    expect(pdfText).toContain(text);
  });
});

describe('templates own the wording and the order', () => {
  it('rewords a heading and reorders sections when only the template changes', async () => {
    const review = await sampleReview();
    const base = (await readFile(join(ROOT, 'templates/briefing.pdf.hbs'), 'utf8'))
      .replace('{{> sources.pdf}}\n', '')
      .replace('{{> summary.pdf}}\n', '{{> summary.pdf}}\n{{> sources.pdf}}\n');
    const sources = (await readFile(join(ROOT, 'templates/partials/sources.pdf.hbs'), 'utf8')).replace('>Sources<', '>Bibliography<');
    const context = await renderContext({ 'briefing.pdf.hbs': base, 'partials/sources.pdf.hbs': sources });
    const text = await bodyText(await openPdf((await renderReview(review, context))['briefing.pdf']));
    expect(text).toContain('Bibliography');
    expect(text).not.toMatch(/\bSources\b/);
    expect(text.indexOf('Bibliography')).toBeLessThan(text.indexOf('Key figures'));
  });

  it('names the template file and line when a template uses a missing field', async () => {
    const review = await sampleReview();
    const context = await renderContext({ 'summary.txt.hbs': 'Title\n{{review.nonexistent}}\n' });
    await expect(renderReview(review, context)).rejects.toMatchObject({ file: 'templates/summary.txt.hbs', line: 2, column: 3 });
  });
});

describe('recommendations beside claims', () => {
  const supported = 'Ensure that the new party law lowers the registration threshold further';
  const noted = '=Abolish the death penalty in law';

  async function withRecommendations(): Promise<Review> {
    const review = await sampleReview();
    const theme = review.themes[0]!.id;
    return {
      ...review,
      claims: review.claims.map((c) => (c.id === 'c2' ? { ...c, bears_on: ['r1', 'r2'] } : c)),
      themes: [...review.themes, { id: 'death-penalty', title: 'Death penalty' }],
      recommendations: [
        { id: 'r1', text: supported, from: 'Norway', from_group: 'WEOG', response: 'supported', themes: [theme], action: 4, source: 's1' },
        { id: 'r2', text: noted, from: 'France', response: 'noted', themes: ['death-penalty', theme] },
        { id: 'r3', text: 'Ratify the Second Optional Protocol', from: 'Chile', response: 'noted', themes: ['death-penalty'] },
      ],
    };
  }

  it('writes recommendations.csv, with the header alone when there are none, and defuses formulas', async () => {
    const sample = await renderReview(await sampleReview(), await renderContext());
    expect(decode(sample['recommendations.csv'])).toBe(`${RECOMMENDATIONS_CSV_HEADER.join(',')}\r\n`);
    const outputs = await renderReview(await withRecommendations(), await renderContext());
    const rows = parse(decode(outputs['recommendations.csv']), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.recommendation_id, r.recommending_state, r.regional_group, r.response, r.action, r.themes])).toEqual([
      ['r1', 'Norway', 'WEOG', 'supported', '4', 'political-modernization'],
      ['r2', 'France', '', 'noted', '', 'death-penalty;political-modernization'],
      ['r3', 'Chile', '', 'noted', '', 'death-penalty'],
    ]);
    expect(rows[1]!.text).toBe(`'${noted}`);
  });

  it('keeps one theme for claims and recommendations, and sets a supported one beside the claim that bears on it', async () => {
    const review = await withRecommendations();
    const model = buildModel(review);
    expect(model.themes.map((t) => t.id)).toEqual(review.themes.map((t) => t.id));
    const theme = model.themes[0]!;
    expect(theme.claims.length).toBeGreaterThan(0);
    expect(theme.rows.map((r) => [r.stated?.id, r.supported.map((s) => s.id)])).toEqual([['c1', []], ['c2', ['r1']], ['c3', []], ['c4', []], ['c5', []]]);
    expect(model.sections.mostNoted.map((t) => t.id)).toEqual(['death-penalty', 'political-modernization']);
    expect(model.sections.claimThemes.map((t) => t.id)).not.toContain('death-penalty');

    const outputs = await renderReview(review, await renderContext());
    const text = await bodyText(await openPdf(outputs['briefing.pdf']));
    expect(text).toContain('Supported recommendations Stated reforms Observed gaps');
    expect(text.split(supported).length - 1).toBe(2);
    expect(text.split(noted).length - 1).toBe(2);
    expect(text).toContain('received 3 recommendations at session 48: 1 supported and 2 noted');
    const summary = decode(outputs['summary.txt']);
    expect(summary).toContain('Themes with the most noted recommendations:\n  - Death penalty: 2 noted of 2\n  - Political modernization: 1 noted of 2\n');
  });
});

describe('recommendations in the public edition', () => {
  it('keep their themes and public sources, and lose only a restricted citation', async () => {
    const review = await sampleReview();
    const data: Review = {
      ...review,
      themes: [{ id: 't1', title: 'One' }],
      sources: [{ id: 'pub', title: 'Public', type: 'ngo' }, { id: 'sec', title: 'Secret', type: 'ngo', restricted: true }],
      claims: [{ id: 'c1', theme: 't1', kind: 'observed-gap', basis: 'sourced', text: 'Secret gap', sources: ['sec', 'pub'], restricted: true }],
      recommendations: [
        { id: 'r1', text: 'Do this', from: 'Norway', response: 'supported', themes: ['t1'], source: 'pub' },
        { id: 'r2', text: 'Do that', from: 'Chile', response: 'noted', themes: ['t1'], source: 'sec' },
      ],
    };
    const open = publicEdition(data);
    expect(open.claims).toEqual([]);
    expect(open.themes.map((t) => t.id)).toEqual(['t1']);
    expect(open.sources.map((s) => s.id)).toEqual(['pub']);
    expect(open.recommendations.map((r) => [r.id, r.source])).toEqual([['r1', 'pub'], ['r2', undefined]]);
  });
});
