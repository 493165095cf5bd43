import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, inflateSync } from 'node:zlib';
import { openPdf, pageTexts } from './pdf.js';

/** The content of every stream in a PDF, inflated where it is Flate-compressed (content, XMP, attachments, object streams). */
function pdfStreams(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1');
  const streams: string[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    const raw = Buffer.from(bytes.subarray(start, end));
    try {
      streams.push(inflateSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1'));
    } catch {
      streams.push(raw.toString('latin1'));
    }
  }
  return streams;
}

/** Every text a PDF holds, as pdfjs reads it: page text, metadata, XMP, outline, link targets, the structure tree (roles, alternative texts, languages), attachments. */
async function pdfTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await openPdf(bytes);
  const texts = [...(await pageTexts(pdf))];
  const meta = (await pdf.getMetadata()) as { info?: unknown; metadata?: { getRaw(): string } | null };
  texts.push(JSON.stringify(meta.info ?? {}), meta.metadata?.getRaw() ?? '');
  texts.push(JSON.stringify(await pdf.getOutline()));
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    texts.push(JSON.stringify((await page.getAnnotations()).map((a: { url?: string; unsafeUrl?: string; dest?: unknown; contentsObj?: { str?: string } }) => [a.url, a.unsafeUrl, a.dest, a.contentsObj?.str])));
    texts.push(JSON.stringify(await page.getStructTree()));
  }
  const attachments = ((await pdf.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array }>;
  for (const attachment of Object.values(attachments)) texts.push(attachment.filename, ...(await artefactTexts(attachment.filename, attachment.content)));
  return texts;
}

/** Every reading of an artefact a leak could hide in: its bytes as UTF-8 and Latin-1, and for a PDF all of the above. */
export async function artefactTexts(name: string, bytes: Uint8Array): Promise<string[]> {
  const texts = [new TextDecoder().decode(bytes), Buffer.from(bytes).toString('latin1')];
  if (name.toLowerCase().endsWith('.pdf')) texts.push(...pdfStreams(bytes), ...(await pdfTexts(bytes)));
  return texts;
}

/** Files under a folder, recursively, relative to it. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

/** The artefacts under `dir` whose any reading contains `marker` (case-insensitive). */
export async function filesContaining(dir: string, files: readonly string[], marker: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of files) {
    const texts = await artefactTexts(file, new Uint8Array(await readFile(join(dir, file))));
    if (texts.some((t) => t.toLowerCase().includes(marker.toLowerCase()))) hits.push(file);
  }
  return hits;
}
