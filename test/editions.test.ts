import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasRestrictedMaterial, publicEdition } from '../scripts/lib/edition/edition.js';
import { buildModel } from '../scripts/lib/model/model.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { filesContaining, filesUnder } from './helpers/leak.js';
import { checkPdfUa, type UaReport } from './helpers/pdf-ua.js';
import { openPdf, pageTexts } from './helpers/pdf.js';
import { ROOT, runScript, SAMPLE, tempDir, validReview } from './helpers/project.js';

const RESTRICTED_SAMPLE = join(ROOT, 'test/samples/restricted.yaml');
const MARKER = 'zqxsecret7';
const OUTPUTS = ['briefing.pdf', 'claims.csv', 'summary.txt'];

const restrictedReview = () => validReview(RESTRICTED_SAMPLE);

describe('publicEdition', () => {
  it('removes restricted claims and sources, and what only they needed', async () => {
    const review = await restrictedReview();
    const edition = publicEdition(review);
    expect(edition.claims.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(edition.claims[1]!.sources).toEqual(['s-ngo']);
    expect(edition.sources.map((s) => s.id)).toEqual(['s-gov', 's-ngo']);
    expect(edition.themes.map((t) => t.id)).toEqual(['freedoms']);
    expect(JSON.stringify(edition).toLowerCase()).not.toContain(MARKER);
    expect(hasRestrictedMaterial(review)).toBe(true);
    expect(hasRestrictedMaterial(edition)).toBe(false);
  });

  it('drops links to restricted claims: responds_to and an assessment\'s claims', async () => {
    const review = await restrictedReview();
    const linked: Review = {
      ...review,
      claims: review.claims.map((c) => (c.id === 'c2' ? { ...c, responds_to: ['c1', 'c-zqxsecret7'] } : c)),
      recommendations: [{ id: 'r1', text: 'Free assembly', from: 'Norway', response: 'supported', themes: ['freedoms'], assessment: { status: 'not-implemented', claims: ['c2', 'c4'] } }],
    };
    const edition = publicEdition(linked);
    expect(edition.claims.find((c) => c.id === 'c2')!.responds_to).toEqual(['c1']);
    expect(edition.recommendations[0]!.assessment!.claims).toEqual(['c2']);
    expect(linked.claims.find((c) => c.id === 'c2')!.responds_to).toEqual(['c1', 'c-zqxsecret7']);
  });

  it('renumbers citations with no holes', async () => {
    const model = buildModel(publicEdition(await restrictedReview()));
    expect(model.sources.map((s) => s.number)).toEqual([1, 2]);
    expect(model.claims.map((c) => c.citation)).toEqual(['[1]', '[2]']);
    expect(model.claims.map((c) => c.evidence)).toEqual(['self-reported', 'independent']);
  });

  it('returns a review without restricted material as it is', async () => {
    const review = await validReview(SAMPLE);
    expect(publicEdition(review)).toBe(review);
  });
});

describe('the two editions, as npm run build writes them', () => {
  let out: string;
  beforeAll(async () => {
    const dir = await tempDir();
    out = join(dir, 'out');
    await runScript('build.ts', ['--data', RESTRICTED_SAMPLE, '--out', out]);
    await runScript('build.ts', ['--data', SAMPLE, '--out', out, '--only', 'kz-upr48']);
  });

  it('finds the marker in no file of the public edition, attachments and metadata included', async () => {
    const dir = join(out, 'tl-upr48', 'public');
    const files = await filesUnder(dir);
    expect(files).toEqual(expect.arrayContaining(OUTPUTS));
    expect(await filesContaining(dir, files, MARKER)).toEqual([]);
  });

  it('finds the marker, with the same search, in every artefact of the restricted edition', async () => {
    const dir = join(out, 'tl-upr48');
    expect(await filesContaining(dir, OUTPUTS, MARKER)).toEqual(OUTPUTS);
  });

  it("holds the marker in the restricted edition's structure tree, and not in the public one's tree or alternative texts", async () => {
    const read = async (path: string) => checkPdfUa(new Uint8Array(await readFile(join(out, 'tl-upr48', path))));
    const [full, pub] = await Promise.all([read('briefing.pdf'), read('public/briefing.pdf')]);
    const texts = (report: UaReport) => [report.treeText, ...report.alts, JSON.stringify(report.tree)].join('\n').toLowerCase();
    expect(texts(full)).toContain(MARKER);
    expect(pub.failures).toEqual([]);
    expect(pub.alts.length).toBeGreaterThan(0);
    expect(texts(pub)).not.toContain(MARKER);
  });

  it('labels every page of the restricted edition RESTRICTED, and no page of the public one', async () => {
    const full = await pageTexts(await openPdf(await readFile(join(out, 'tl-upr48', 'briefing.pdf'))));
    expect(full.length).toBeGreaterThan(1);
    for (const page of full) expect(page.match(/RESTRICTED/g)?.length).toBe(2);
    const pub = await pageTexts(await openPdf(await readFile(join(out, 'tl-upr48', 'public', 'briefing.pdf'))));
    for (const page of pub) expect(page).not.toContain('RESTRICTED');
    expect(await readFile(join(out, 'tl-upr48', 'summary.txt'), 'utf8')).toMatch(/^RESTRICTED: /);
  });

  it('does not label a review without restricted material, whose two editions are the same', async () => {
    const pages = await pageTexts(await openPdf(await readFile(join(out, 'kz-upr48', 'briefing.pdf'))));
    for (const page of pages) expect(page).not.toContain('RESTRICTED');
    for (const name of OUTPUTS) {
      const [full, pub] = await Promise.all([readFile(join(out, 'kz-upr48', name)), readFile(join(out, 'kz-upr48', 'public', name))]);
      expect(Buffer.compare(full, pub)).toBe(0);
    }
  });

  it('numbers the public summary\'s sources 1, 2 with no hole', async () => {
    const summary = await readFile(join(out, 'tl-upr48', 'public', 'summary.txt'), 'utf8');
    const sources = summary.slice(summary.indexOf('\nSOURCES\n'));
    expect([...sources.matchAll(/^\s*\[(\d+)\]/gm)].map((m) => Number(m[1]))).toEqual([1, 2]);
    expect(summary).toContain('Assemblies are still dispersed in practice. [2]');
  });

  it('marks each restricted claim and source [restricted] in the restricted edition, with a legend, and nothing in the public one', async () => {
    const review = await restrictedReview();
    const summary = (await readFile(join(out, 'tl-upr48', 'summary.txt'), 'utf8')).replace(/\s+/g, ' ');
    expect(summary).toContain('[restricted] marks each claim and source');
    for (const claim of review.claims.filter((c) => c.restricted)) expect(summary).toContain(`[restricted] ${claim.text}`);
    for (const source of review.sources.filter((s) => s.restricted)) expect(summary).toContain(`[restricted] ${source.title}`);
    const marks = review.claims.filter((c) => c.restricted).length + review.sources.filter((s) => s.restricted).length;
    expect(summary.split('[restricted] ').length - 1).toBe(marks + 1);
    const pdf = (await pageTexts(await openPdf(await readFile(join(out, 'tl-upr48', 'briefing.pdf'))))).join(' ');
    // each restricted claim twice (its table row and Claims by theme), each restricted source once, the legend once
    const inTable = review.claims.filter((c) => c.restricted && c.kind !== 'context').length;
    expect(pdf.split('[restricted]').length - 1).toBe(marks + inTable + 1);
    const csv = parse(await readFile(join(out, 'tl-upr48', 'claims.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const restrictedSources = new Set(review.sources.filter((s) => s.restricted).map((s) => s.id));
    for (const row of csv) {
      const claim = review.claims.find((c) => c.id === row.claim_id)!;
      expect(row.restricted, `${row.claim_id} ${row.source_id}`).toBe(claim.restricted || restrictedSources.has(row.source_id!) ? 'yes' : '');
    }
    for (const name of OUTPUTS.filter((n) => n !== 'briefing.pdf')) {
      expect(await readFile(join(out, 'tl-upr48', 'public', name), 'utf8')).not.toMatch(/\[restricted\]|,yes\r?\n/);
    }
    const pub = (await pageTexts(await openPdf(await readFile(join(out, 'tl-upr48', 'public', 'briefing.pdf'))))).join(' ');
    expect(pub).not.toContain('[restricted]');
  });
});
