/**
 * A checker of the machine-checkable PDF/UA-1 conditions (Matterhorn protocol 1.1) that apply to a briefing,
 * in place of veraPDF (on neither the npm registry nor Debian). It reads the PDF twice, independently of the
 * code that wrote it: with pdf.js (the marked content of every page's text, the XMP, the mark info) and with
 * qpdf's JSON (the whole structure tree from the catalog, the annotations, the pages). README "Accessibility"
 * lists the checkpoints covered and those not.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openPdf } from './pdf.js';

const run = promisify(execFile);

export type UaRule =
  | 'marked'
  | 'pdfua-id'
  | 'title'
  | 'display-title'
  | 'language'
  | 'tab-order'
  | 'marked-content'
  | 'tree-content'
  | 'heading-levels'
  | 'figure-alt'
  | 'table-headers'
  | 'link-annotations';

export interface UaFailure {
  rule: UaRule;
  detail: string;
}

/** A structure element as the tree holds it, with its kids in order. */
export interface StructNode {
  role: string;
  alt?: string;
  lang?: string;
  scope?: string;
  kids: (StructNode | { page: number; mcid: number } | { annotation: string })[];
}

export interface UaReport {
  failures: UaFailure[];
  /** the structure tree from the catalog's StructTreeRoot (one Document element, for our briefings) */
  tree: StructNode[];
  /** the text of the tree's marked content, in the tree's order, white space folded */
  treeText: string;
  /** the alternative texts of every element, in the tree's order */
  alts: string[];
}

type Json = Record<string, unknown>;

/** qpdf --json of a PDF: every object by "n 0 R". */
async function qpdfObjects(bytes: Uint8Array): Promise<Map<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'upr-ua-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, bytes);
    const { stdout } = await run('qpdf', ['--json', '--json-key=qpdf', file], { maxBuffer: 512 * 1024 * 1024 });
    const objects = (JSON.parse(stdout) as { qpdf: [unknown, Record<string, { value?: unknown; stream?: { dict: unknown } }>] }).qpdf[1];
    return new Map(Object.entries(objects).map(([key, o]) => [key.replace(/^obj:/, ''), o.value ?? o.stream?.dict]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A qpdf string value: `u:text` or `b:hex` (UTF-16BE with its mark, or PDFDocEncoding close enough to Latin-1). */
function pdfString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('u:')) return value.slice(2);
  if (!value.startsWith('b:')) return value;
  const bytes = Buffer.from(value.slice(2), 'hex');
  return bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString('utf16le') : bytes.toString('latin1');
}

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

class Objects {
  constructor(readonly all: Map<string, unknown>) {}
  get(value: unknown): unknown {
    return typeof value === 'string' && / 0 R$/.test(value) ? this.all.get(value) : value;
  }
  dict(value: unknown): Json {
    const v = this.get(value);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
  }
  list(value: unknown): unknown[] {
    const v = this.get(value);
    return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  }
}

function readTree(objects: Objects, pageIndex: Map<string, number>, root: Json): StructNode[] {
  const element = (ref: unknown, page: number | undefined): StructNode => {
    const dict = objects.dict(ref);
    const own = typeof dict['/Pg'] === 'string' ? pageIndex.get(dict['/Pg']) : page;
    const attributes = objects.list(dict['/A']).map((a) => objects.dict(a));
    const scope = attributes.map((a) => a['/Scope']).find((s) => typeof s === 'string') as string | undefined;
    const node: StructNode = { role: String(dict['/S']).replace(/^\//, ''), alt: pdfString(dict['/Alt']), lang: pdfString(dict['/Lang']), scope: scope?.replace(/^\//, ''), kids: [] };
    for (const kid of objects.list(dict['/K'])) {
      if (typeof kid === 'number') node.kids.push({ page: own ?? -1, mcid: kid });
      else {
        const k = objects.dict(kid);
        if (k['/Type'] === '/MCR') node.kids.push({ page: pageIndex.get(String(k['/Pg'])) ?? own ?? -1, mcid: Number(k['/MCID']) });
        else if (k['/Type'] === '/OBJR') node.kids.push({ annotation: String(k['/Obj']) });
        else if (k['/S']) node.kids.push(element(kid, own));
      }
    }
    return node;
  };
  return objects.list(root['/K']).map((k) => element(k, undefined));
}

function* walk(nodes: readonly StructNode[]): Generator<StructNode> {
  for (const node of nodes) {
    yield node;
    yield* walk(node.kids.filter((k): k is StructNode => 'role' in k));
  }
}

interface PageContent {
  /** text by MCID */
  marked: Map<number, string>;
  /** text outside any structure content or artifact */
  unmarked: string[];
}

/** Each page's text by marked content, read with pdf.js: in a structure element's content (an MCID), in an artifact, or in neither. */
async function pageContents(bytes: Uint8Array): Promise<{ pages: PageContent[]; xmp: string; marked: boolean }> {
  const pdf = await openPdf(bytes);
  const pages: PageContent[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent({ includeMarkedContent: true } as never);
    const stack: { mcid?: number; artifact: boolean }[] = [];
    const page: PageContent = { marked: new Map(), unmarked: [] };
    for (const item of content.items as unknown as { type?: string; tag?: string; id?: string | null; str?: string }[]) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
        const mcid = item.id ? Number(/_mc(\d+)$/.exec(item.id)?.[1]) : undefined;
        stack.push({ mcid: Number.isFinite(mcid) ? mcid : undefined, artifact: item.tag === 'Artifact' });
      } else if (item.type === 'endMarkedContent') stack.pop();
      else if (typeof item.str === 'string' && item.str.trim() !== '') {
        if (stack.some((s) => s.artifact)) continue;
        const mcid = stack.findLast((s) => s.mcid !== undefined)?.mcid;
        if (mcid === undefined) page.unmarked.push(item.str);
        else page.marked.set(mcid, (page.marked.get(mcid) ?? '') + item.str + ' ');
      }
    }
    pages.push(page);
  }
  const metadata = await pdf.getMetadata();
  const xmp = (metadata.metadata as { getRaw(): string } | null)?.getRaw() ?? '';
  const markInfo = (await pdf.getMarkInfo()) as { Marked?: boolean } | null;
  await pdf.destroy();
  return { pages, xmp, marked: markInfo?.Marked === true };
}

function headingFailure(tree: readonly StructNode[]): string | undefined {
  const levels = [...walk(tree)].flatMap((n) => (/^H[1-6]$/.test(n.role) ? [Number(n.role.slice(1))] : []));
  if (levels.length > 0 && levels[0] !== 1) return `the first heading is an H${levels[0]}`;
  const skip = levels.findIndex((level, i) => i > 0 && level > levels[i - 1]! + 1);
  return skip > 0 ? `heading ${skip + 1} is an H${levels[skip]} after an H${levels[skip - 1]}` : undefined;
}

/** Checks a PDF against the conditions above; no failures means it meets every one of them. */
export async function checkPdfUa(bytes: Uint8Array): Promise<UaReport> {
  const [objects, { pages, xmp, marked }] = [new Objects(await qpdfObjects(bytes)), await pageContents(bytes)];
  const catalog = objects.dict(objects.dict(objects.all.get('trailer'))['/Root']);
  const ordered = orderedPages(objects, catalog);
  const pageIndex = new Map(ordered.map((ref, i) => [ref, i]));
  const root = objects.dict(catalog['/StructTreeRoot']);
  const tree = catalog['/StructTreeRoot'] ? readTree(objects, pageIndex, root) : [];
  const failures: UaFailure[] = [];
  const fail = (rule: UaRule, detail: string) => failures.push({ rule, detail });

  if (!marked) fail('marked', 'the catalog has no MarkInfo with Marked true');
  if (!/<pdfuaid:part>1<\/pdfuaid:part>|pdfuaid:part="1"/.test(xmp)) fail('pdfua-id', 'the XMP metadata has no pdfuaid:part 1');
  if (!/<dc:title>[\s\S]*?<rdf:li[^>]*>[^<]+<\/rdf:li>/.test(xmp)) fail('title', 'the XMP metadata has no dc:title');
  if (objects.dict(catalog['/ViewerPreferences'])['/DisplayDocTitle'] !== true) fail('display-title', 'ViewerPreferences has no DisplayDocTitle true');
  if (!pdfString(catalog['/Lang'])?.trim()) fail('language', 'the catalog has no Lang');
  const untabbed = ordered.findIndex((ref) => objects.dict(ref)['/Tabs'] !== '/S');
  if (untabbed >= 0) fail('tab-order', `page ${untabbed + 1} has no Tabs /S`);

  const unmarked = pages.findIndex((p) => p.unmarked.length > 0);
  if (unmarked >= 0) fail('marked-content', `page ${unmarked + 1}: "${pages[unmarked]!.unmarked[0]}" is neither in a structure element nor an artifact`);

  // every marked text is in the tree exactly once, and the tree points at nothing that is not there
  const seen = new Set<string>();
  const texts: string[] = [];
  let treeProblem: string | undefined;
  const links = new Set<string>();
  const visit = (node: StructNode): void => {
    for (const kid of node.kids) {
      if ('role' in kid) visit(kid);
      else if ('annotation' in kid) {
        if (node.role === 'Link') links.add(kid.annotation);
      } else {
        const key = `${kid.page}:${kid.mcid}`;
        if (seen.has(key)) treeProblem ??= `marked content ${kid.mcid} of page ${kid.page + 1} is in the tree twice`;
        seen.add(key);
        const text = pages[kid.page]?.marked.get(kid.mcid);
        if (text !== undefined) texts.push(text);
      }
    }
  };
  tree.forEach(visit);
  pages.forEach((page, i) => {
    for (const [mcid, text] of page.marked) if (!seen.has(`${i}:${mcid}`)) treeProblem ??= `"${fold(text)}" on page ${i + 1} is marked but in no element of the tree`;
  });
  if (tree.length === 0 && pages.some((p) => p.marked.size > 0 || p.unmarked.length > 0)) treeProblem ??= 'the structure tree is empty';
  if (treeProblem) fail('tree-content', treeProblem);

  const headings = headingFailure(tree);
  if (headings) fail('heading-levels', headings);
  const elements = [...walk(tree)];
  const figure = elements.find((n) => n.role === 'Figure' && !n.alt?.trim());
  if (figure) fail('figure-alt', 'a Figure has no alternative text');
  const table = elements.find((n) => n.role === 'Table' && ![...walk([n])].some((c) => c.role === 'TH' && c.scope));
  if (table) fail('table-headers', 'a Table has no TH cell with a Scope');
  const annotations = ordered.flatMap((ref) => objects.list(objects.dict(ref)['/Annots']).filter((a) => objects.dict(a)['/Subtype'] === '/Link').map(String));
  const outside = annotations.filter((a) => !links.has(a));
  if (outside.length > 0) fail('link-annotations', `${outside.length} of ${annotations.length} link annotations are in no Link element`);
  const described = annotations.filter((a) => !pdfString(objects.dict(a)['/Contents'])?.trim());
  if (described.length > 0) fail('link-annotations', `${described.length} link annotations have no Contents`);

  return { failures, tree, treeText: fold(texts.join(' ')), alts: elements.flatMap((n) => (n.alt ? [n.alt] : [])) };
}

/** The pages in document order, from the catalog's page tree. */
function orderedPages(objects: Objects, catalog: Json): string[] {
  const out: string[] = [];
  const visit = (ref: unknown) => {
    const node = objects.dict(ref);
    if (node['/Type'] === '/Page') out.push(String(ref));
    else for (const kid of objects.list(node['/Kids'])) visit(kid);
  };
  visit(catalog['/Pages']);
  return out;
}
