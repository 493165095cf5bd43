/**
 * The follow-up in the build, on the committed two-cycle fixture (test/cases/followup-two-cycles: Demoland at
 * sessions 3 and 15, six and five recommendations written so that each class, override and position change
 * occurs once). The expected rows were worked out by hand from the two files, not taken from the output.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { FOLLOWUP_CSV_HEADER } from '../scripts/lib/render/csv.js';
import { CASES, runInProcess } from './helpers/cases.js';
import { bodyText, destinationPage, openPdf } from './helpers/pdf.js';
import { ROOT, tempDir } from './helpers/project.js';
import { checkLayout, formatFindings, layoutSpec } from './helpers/layout.js';

interface OutlineItem {
  title: string;
  items: OutlineItem[];
}

const build = (root: string) => runInProcess(['--data', join(root, 'data'), '--out', join(root, 'out'), '--jobs', '1']);

describe('a review that follows another: the two-cycle fixture built', () => {
  let root: string;
  let rows: Record<string, string>[];
  let first: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    root = await tempDir('upr-followup-');
    await cp(join(CASES, 'followup-two-cycles', 'data'), join(root, 'data'), { recursive: true });
    first = await build(root);
    rows = parseCsv(await readFile(join(root, 'out', 'xd-upr15', 'followup.csv')), { columns: true }) as Record<string, string>[];
  });

  it('reports the predecessor it found in the build line, and writes followup.csv for the later review only', async () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^✓ xd-upr15 {2}follows xd-upr3 \(found\): {2}\S+claims\.csv .*followup\.csv$/m);
    expect(first.stdout).toMatch(/^✓ xd-upr3 {2}\S*claims\.csv/m);
    await expect(readFile(join(root, 'out', 'xd-upr3', 'followup.csv'))).rejects.toThrow(/ENOENT/);
  });

  it('has the documented header and one row per current recommendation, then one per previous one that nothing follows up', async () => {
    const header = (await readFile(join(root, 'out', 'xd-upr15', 'followup.csv'), 'utf8')).split('\r\n')[0];
    expect(header).toBe(FOLLOWUP_CSV_HEADER.join(','));
    expect(rows.map((r) => [r.recommendation_id, r.previous_recommendation_id, r.class])).toEqual([
      ['n1', 'p1', 'repeated'], // the same text from another state
      ['n2', 'p2', 'repeated'], // "in line with" for "in accordance with": stop words
      ['n3', 'p3', 'repeated'], // "in all circumstances" added
      ['n4', '', 'new'],
      ['n5', 'p4', 'related'], // no shared word: the same_as makes it
      ['n6', '', 'new'], // the same text as p5: the not_same_as rules it out
      ['', 'p5', 'unmatched'],
    ]);
  });

  it('lets the overrides win: same_as matches texts that share no word, not_same_as parts identical ones, on both sides', () => {
    const [n5, n6, p5] = [rows[4]!, rows[5]!, rows[6]!];
    expect([n5.override, Number(n5.similarity) < 0.5]).toEqual(['same_as', true]);
    expect([n6.override, n6.similarity, p5.override, p5.status]).toEqual(['not_same_as', '', 'not_same_as', 'commitment-not-raised-again']);
  });

  it('reports a position change both ways: noted then and supported now, and supported then and noted now', () => {
    expect(rows.filter((r) => r.position_change !== '').map((r) => [r.recommendation_id, r.response_then, r.response_now, r.position_change])).toEqual([
      ['n2', 'noted', 'supported', 'noted → supported'],
      ['n3', 'supported', 'noted', 'supported → noted'],
    ]);
  });

  it("gives last cycle's commitments their status, and the previous review's assessment with its evidence label", () => {
    expect(rows.map((r) => [r.status, r.assessment, r.evidence])).toEqual([
      ['repeated-commitment', 'not-implemented', 'independent'],
      ['asked-again', '', ''],
      ['repeated-commitment', '', ''],
      ['new', '', ''],
      ['commitment-again', '', ''],
      ['new', '', ''],
      ['commitment-not-raised-again', '', ''],
    ]);
  });

  it('writes SINCE THE LAST REVIEW into summary.txt, and one line for the review without a predecessor', async () => {
    const later = await readFile(join(root, 'out', 'xd-upr15', 'summary.txt'), 'utf8');
    expect(later).toContain('Previous review:   xd-upr3, session 3\n');
    expect(later).toContain("Of this review's recommendations, 3 repeat one of last time, 1 asks for the\nsame in other words, 2 are new; 1 of the 5 previous ones is not raised again.");
    expect(later).toContain('a strong sign they were not implemented):\n  - Ratify the Optional Protocol to the Convention against Torture (France) →');
    expect(later).toContain('assessment: not implemented, evidence: independent (xd-upr3)');
    const earlier = await readFile(join(root, 'out', 'xd-upr3', 'summary.txt'), 'utf8');
    expect(earlier).toContain('Previous review:   none in the data folder\n');
    expect(earlier).not.toContain('SINCE THE LAST REVIEW');
  });

  it('puts "Since the last review" in the PDF, its bookmarks and its contents, and passes the layout check', async () => {
    const bytes = new Uint8Array(await readFile(join(root, 'out', 'xd-upr15', 'briefing.pdf')));
    const pdf = await openPdf(bytes);
    const outline = (await pdf.getOutline()) as OutlineItem[];
    const since = outline.find((o) => o.title === 'Since the last review');
    expect(since?.items.map((i) => i.title)).toEqual(['Themes then and now', 'Repeated recommendations', 'Position changes', "Last cycle's commitments"]);
    const text = await bodyText(pdf);
    expect(text).toMatch(/Contents.*Since the last review/);
    expect(text).toContain('recommended again in near-identical words: a strong sign it was not implemented');
    expect(text).toContain('Themes that appeared: Detention.');
    const styles = JSON.parse(await readFile(join(ROOT, 'templates', 'pdf-styles.json'), 'utf8')) as Parameters<typeof layoutSpec>[0];
    // the section's pages (up to the next section's) have no finding; findings elsewhere are the layout test's business
    const pages = await Promise.all(outline.map(async (o) => (await destinationPage(pdf, (o as OutlineItem & { dest: string }).dest)).page));
    const at = outline.indexOf(since!);
    const findings = (await checkLayout(bytes, layoutSpec(styles))).filter((f) => f.page >= pages[at]! && f.page <= (pages[at + 1] ?? Infinity));
    expect(formatFindings(findings)).toEqual([]);
    const alone = await openPdf(new Uint8Array(await readFile(join(root, 'out', 'xd-upr3', 'briefing.pdf'))));
    expect(((await alone.getOutline()) as OutlineItem[]).map((o) => o.title)).not.toContain('Since the last review');
    expect(await bodyText(alone)).toContain('Previous review none in the data folder');
  });

  it('rebuilds the later review when the earlier one changes, and only then', async () => {
    const again = await build(root);
    expect(again.stdout).toContain('nothing changed: 2 reviews are up to date');
    const path = join(root, 'data', 'xd-upr3.yaml');
    await writeFile(path, (await readFile(path, 'utf8')).replace('    from: Spain\n    response: supported', '    from: Spain\n    response: noted'));
    const edited = await build(root);
    expect(edited.stdout).toMatch(/^✓ xd-upr15 {2}follows xd-upr3 \(found\):/m);
    expect(edited.stdout).toMatch(/^✓ xd-upr3 {2}\S/m);
    const csv = await readFile(join(root, 'out', 'xd-upr15', 'followup.csv'), 'utf8');
    expect(csv).toContain('xd-upr15,xd-upr3,n3,p3,repeated,0.829,death-penalty,,noted,noted,,');
  });

  it('builds the later review with a warning when the earlier one has errors, and says why in its briefing', async () => {
    const path = join(root, 'data', 'xd-upr3.yaml');
    await writeFile(path, (await readFile(path, 'utf8')).replace('    sources: [ngo]\n', '    sources: [ngo, s9]\n'));
    const broken = await build(root);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^✓ xd-upr15 {2}follows xd-upr3 \(found\), which could not be read:/m);
    expect(broken.stderr).toMatch(/xd-upr15\.yaml:5:1 {2}warning {2}review "xd-upr15" follows "xd-upr3", which could not be read \(xd-upr3\.yaml:32:20: claim "c1" cites unknown source "s9"/);
    const summary = await readFile(join(root, 'out', 'xd-upr15', 'summary.txt'), 'utf8');
    expect(summary).toContain('Previous review:   xd-upr3 (could not be read)');
    expect(summary).toContain('This review follows xd-upr3 (xd-upr3.yaml), which could not be read:\nxd-upr3.yaml:32:20: claim "c1" cites unknown source "s9"; declare it under\nsources or correct the id\n');
  });
});
