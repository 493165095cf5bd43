#!/usr/bin/env -S npx tsx
/**
 * The benchmark's peers (npm run bench runs this; see scripts/bench.ts). Given the same briefings:
 *   prepare <data> <docs.json>          each valid review's briefing as the peers' document (pdfmake/peer-document.ts)
 *   run <engine> <docs.json> <out dir>  writes every document's PDF with pdfkit, typst or chromium
 *       [--only <id>] [--part k/n] [--warm <n>]
 *   project <review file> --warm <n>    the project's own render, in process
 * With --warm the first document is rendered once to warm up, then n times; the medians (wall and CPU, ms) are
 * printed as JSON. An engine that cannot load prints why and exits 3, so the bench can say it was skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readFontFaces } from './lib/io/fonts.js';
import { onPath } from './lib/io/which.js';
import { htmlSource } from './lib/peers/html.js';
import { typstSource } from './lib/peers/typst.js';
import { pdfkitFloor } from './lib/pdfmake/floor.js';
import type { PeerDocument } from './lib/pdfmake/peer-document.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FAMILY = 'DejaVu Sans';
const SKIPPED = 3;

type Render = (doc: PeerDocument, out: string) => Promise<void> | void;

class Unavailable extends Error {}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function pdfkit(): Render {
  const render = pdfkitFloor(readFontFaces());
  return async (doc, out) => writeFileSync(join(out, `${doc.id}.pdf`), await render(doc));
}

interface TypstCompiler {
  pdf(args: { mainFileContent: string }): Buffer;
}

function typst(): Render {
  let compiler: TypstCompiler;
  try {
    const { NodeCompiler } = createRequire(import.meta.url)('@myriaddreamin/typst-ts-node-compiler') as { NodeCompiler: { create(args: object): TypstCompiler } };
    compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: Object.values(readFontFaces().faces).map((bytes) => Buffer.from(bytes)) }] });
  } catch (error) {
    throw new Unavailable(`Typst skipped: @myriaddreamin/typst-ts-node-compiler cannot load here (${(error as Error).message.split('\n')[0]}); npm ci installs it as a devDependency`);
  }
  return (doc, out) => writeFileSync(join(out, `${doc.id}.pdf`), compiler.pdf({ mainFileContent: typstSource(doc, FAMILY) }));
}

function chromium(): Render {
  const binary = onPath('chromium');
  if (!binary) throw new Unavailable('Chromium skipped: no chromium binary on the PATH (the bench never downloads a browser)');
  const dir = join(new URL('.', import.meta.resolve('dejavu-fonts-ttf/package.json')).pathname, 'ttf');
  const urls = { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italics: 'DejaVuSans-Oblique.ttf', bolditalics: 'DejaVuSans-BoldOblique.ttf' };
  const fontUrls = Object.fromEntries(Object.entries(urls).map(([face, file]) => [face, pathToFileURL(join(dir, file)).href])) as Record<keyof typeof urls, string>;
  return (doc, out) => {
    const html = join(out, `${doc.id}.html`);
    writeFileSync(html, htmlSource(doc, FAMILY, fontUrls));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${join(out, `${doc.id}.pdf`)}`, pathToFileURL(html).href];
    const result = spawnSync(binary, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`chromium exited ${result.status} on ${html}`);
  };
}

const ENGINES: Record<string, () => Render> = { pdfkit, typst, chromium };

/** Part k of n: the documents dealt out largest first, as the project's pool hands out reviews. */
function part(docs: PeerDocument[], spec: string | undefined): PeerDocument[] {
  if (!spec) return docs;
  const [k, n] = spec.split('/').map(Number) as [number, number];
  const size = (d: PeerDocument) => JSON.stringify(d.blocks).length;
  return [...docs].sort((a, b) => size(b) - size(a)).filter((_, i) => i % n === k - 1);
}

async function timed(times: number, work: () => Promise<unknown> | unknown): Promise<{ wallMs: number; cpuMs: number }> {
  await work();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpu);
    walls.push(performance.now() - started);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(walls), cpuMs: median(cpus) };
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { only: { type: 'string' }, part: { type: 'string' }, warm: { type: 'string' } } });
  const [mode, ...rest] = positionals;
  // the project's pipeline is loaded only by the modes that use it, so a peer's process loads only the peer
  const project = async () => ({ ...(await import('./lib/peers/documents.js')), ...(await import('./lib/io/files.js')) });
  if (mode === 'prepare') {
    const { loadProject, peerDocuments, readDataFiles } = await project();
    const [data, file] = rest as [string, string];
    const docs = peerDocuments(await readDataFiles(data), await loadProject(ROOT));
    writeFileSync(file, JSON.stringify(docs));
    console.log(`${docs.length} briefings as the peers' documents in ${file}`);
    return 0;
  }
  if (mode === 'project') {
    const { loadProject, renderInProcess, readDataFiles } = await project();
    const [file] = await readDataFiles(rest[0]!);
    const loaded = await loadProject(ROOT);
    console.log(JSON.stringify(await timed(Number(values.warm ?? 5), () => renderInProcess(file!, loaded))));
    return 0;
  }
  const [engine, docsFile, out] = rest as [string, string, string];
  if (mode !== 'run' || !ENGINES[engine] || !docsFile || !out) throw new Error(`usage: bench-peers run <${Object.keys(ENGINES).join('|')}> <docs.json> <out dir> [--only id] [--part k/n] [--warm n]`);
  const docs = part((JSON.parse(readFileSync(docsFile, 'utf8')) as PeerDocument[]).filter((d) => !values.only || d.id === values.only), values.part);
  let render: Render;
  try {
    render = ENGINES[engine]!();
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    console.log(error.message);
    return SKIPPED;
  }
  mkdirSync(out, { recursive: true });
  if (values.warm) console.log(JSON.stringify(await timed(Number(values.warm), () => render(docs[0]!, out))));
  else for (const doc of docs) await render(doc, out);
  return 0;
}

process.exitCode = await main();
