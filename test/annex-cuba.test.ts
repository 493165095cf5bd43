/**
 * The recommendations annex at real size: Cuba's 386 recommendations of session 16 (UPR Info), imported, built,
 * and read back from the PDF with pdfjs: each recommendation once, the same texts grouped, the index by state.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sameTextKey } from '../scripts/lib/model/annex.js';
import { destinationPage, openPdf, pageLines, type PdfDocument } from './helpers/pdf.js';
import { ROOT, runBuild, runScript, tempDir } from './helpers/project.js';

const CSV = join(ROOT, '../shared/upr-info/upr-info-sessions-14-17.csv');
const HAVE = existsSync(CSV);
const ATTRIBUTION = 7.5;

interface Row {
  text: string;
  from: string;
  response: string;
}

interface Entry {
  number: number;
  page: number;
  text: string;
  /** the states of the attribution line, each as often as it made the text */
  states: string[];
}

/** The states of an attribution line: before the first " · ", split at commas outside brackets, `×n` repeated. */
function statesOf(line: string): string[] {
  const list = line.split(' · ')[0]!;
  const parts = list.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  return parts.flatMap((part) => {
    const name = part.replace(/\(.*\)/, '').trim();
    const times = Number(/×(\d+)/.exec(part)?.[1] ?? 1);
    return name === '' ? [] : Array.from({ length: times }, () => name);
  });
}

const numbersOf = (text: string) => text.split(/[, ]+/).filter((n) => n !== '').map(Number);
const squash = (text: string) => text.replace(/\s+/g, '');

/** The annex's entries, page by page: a line "12 noted …" opens one, lines in the attribution size close it. */
async function readEntries(pdf: PdfDocument, from: number, to: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  let open: (Entry & { attribution: string }) | undefined;
  const close = () => {
    if (open) entries.push({ number: open.number, page: open.page, text: open.text.trim(), states: statesOf(open.attribution.trim()) });
    open = undefined;
  };
  for (let page = from; page <= to; page++) {
    for (const line of (await pageLines(pdf, page)).slice(0, -1)) {
      const start = /^(\d+) ?(supported\/noted\/pending|supported\/noted|supported\/pending|noted\/pending|supported|noted|pending) ?(.*)$/.exec(line.text);
      const size = line.items[0]!.size;
      if (start && Math.abs(line.items[0]!.size - 8) < 0.1) {
        close();
        open = { number: Number(start[1]), page, text: start[3]!, states: [], attribution: '' };
      } else if (open && Math.abs(size - ATTRIBUTION) < 0.05) open.attribution += ` ${line.text}`;
      else if (open && open.attribution === '' && Math.abs(size - 9.5) < 0.1) open.text += ` ${line.text}`;
      else close();
    }
  }
  close();
  return entries;
}

describe.skipIf(!HAVE)(HAVE ? "Cuba's 386 recommendations of session 16 in the annex" : "Cuba's annex: skipped, ../shared/upr-info is absent", () => {
  let rows: Row[];
  let pdf: PdfDocument;
  let entries: Entry[];
  let index: { state: string; numbers: number[]; page: number }[];
  let indexPages: number[];
  /** the baseline of the index's first line on its first page: links above it are the last theme's */
  let indexTop: number;

  beforeAll(async () => {
    const data = await tempDir('annex-cuba-data-');
    const out = await tempDir('annex-cuba-out-');
    try {
      const imported = await runScript('import.ts', ['upr-info', CSV, '--state', 'Cuba', '--session', '16', '--out', data]);
      expect(imported.code, imported.stderr).toBe(0);
      rows = (parse(await readFile(join(data, 'cu-upr16.yaml'), 'utf8')) as { recommendations: Row[] }).recommendations;
      const built = await runBuild(['--data', data, '--out', out]);
      expect(built.code, built.stderr).toBe(0);
      pdf = await openPdf(await readFile(join(out, 'cu-upr16/briefing.pdf')));
    } finally {
      await Promise.all([rm(data, { recursive: true }), rm(out, { recursive: true })]);
    }
    const outline = (await pdf.getOutline()) as { title: string; dest: string | unknown[]; items: { title: string; dest: string | unknown[] }[] }[];
    const annex = outline.find((o) => o.title === 'Annex: the recommendations')!;
    const byState = annex.items.find((i) => i.title === 'Index by recommending state')!;
    const first = (await destinationPage(pdf, annex.dest)).page;
    const indexFirst = (await destinationPage(pdf, byState.dest)).page;
    entries = await readEntries(pdf, first, indexFirst);
    indexPages = Array.from({ length: pdf.numPages - indexFirst + 1 }, (_, i) => indexFirst + i);
    index = [];
    let listed = false;
    for (const page of indexPages) {
      for (const line of (await pageLines(pdf, page)).slice(0, -1)) {
        if (!listed && line.text.startsWith('Each recommending state')) (listed = true), (indexTop = line.y);
        if (!listed) continue;
        const text = line.text.replace(/\(\d+ recommendations\)$/, '').trim();
        const row = /^(.+?)(?: \([^)]*\))?: ?([\d, ]+)$/.exec(text);
        if (/^[\d, ]+$/.test(text) && index.length > 0) index.at(-1)!.numbers.push(...numbersOf(text));
        else if (row) index.push({ state: row[1]!.trim(), numbers: numbersOf(row[2]!), page });
      }
    }
  }, 300_000);

  it('has 386 recommendations as rows of the data', () => {
    expect(rows).toHaveLength(386);
  });

  it('lists each recommendation once: one numbered entry per group of the same text, numbered 1 to n in order', () => {
    const groups = new Set(rows.map((r) => sameTextKey(r.text)));
    expect(entries.map((e) => e.number)).toEqual(Array.from({ length: groups.size }, (_, i) => i + 1));
    expect(groups.size).toBeLessThan(new Set(rows.map((r) => r.text.trim())).size);
  });

  it('names every recommending state of every row once: the states listed add up to the rows, state by state', () => {
    const count = (names: string[]) => [...names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>())].sort();
    expect(count(entries.flatMap((e) => e.states))).toEqual(count(rows.map((r) => r.from)));
  });

  it('groups identical texts: "Ratify the ICESCR" is one entry with its 7 states, the standing invitation one with Austria, Spain, Hungary and Montenegro', () => {
    const entryOf = (text: string) => entries.filter((e) => squash(e.text) === squash(text));
    const icescr = entryOf('Ratify the ICESCR');
    expect(icescr).toHaveLength(1);
    expect(icescr[0]!.states.sort()).toEqual(rows.filter((r) => r.text.trim() === 'Ratify the ICESCR').map((r) => r.from).sort());
    expect(icescr[0]!.states).toHaveLength(7);
    const invitation = entryOf('Extend/Issue a standing invitation to the Special Procedures of the Human Rights Council');
    expect(invitation).toHaveLength(1);
    expect(invitation[0]!.states.sort()).toEqual(['Austria', 'Hungary', 'Montenegro', 'Spain']);
    for (const text of new Set(rows.map((r) => r.text.trim()))) expect(entryOf(text).length, text).toBeLessThanOrEqual(1);
  });

  it('has an index by recommending state whose numbers are the entries that name the state, each linked to its page', async () => {
    const expected = new Map<string, number[]>();
    for (const e of entries) for (const s of new Set(e.states)) expected.set(s, [...(expected.get(s) ?? []), e.number]);
    expect(index.map((i) => i.state).sort()).toEqual([...expected.keys()].sort());
    for (const { state, numbers } of index) expect(numbers, state).toEqual(expected.get(state));
    const pageOf = new Map(entries.map((e) => [e.number, e.page]));
    let links = 0;
    for (const page of indexPages) {
      for (const a of (await (await pdf.getPage(page)).getAnnotations()) as { subtype: string; dest?: string; rect: number[] }[]) {
        if (a.subtype !== 'Link' || typeof a.dest !== 'string' || !a.dest.startsWith('rec-') || (page === indexPages[0] && a.rect[1]! > indexTop)) continue;
        expect((await destinationPage(pdf, a.dest)).page, a.dest).toBe(pageOf.get(Number(a.dest.slice(4))));
        links++;
      }
    }
    expect(links).toBe(index.reduce((n, i) => n + i.numbers.length, 0));
  });
});
