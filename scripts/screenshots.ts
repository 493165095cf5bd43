#!/usr/bin/env -S npx tsx
/** `npm run screenshots`: PNG images of the sample briefing's cover and side-by-side page for the README (pdftoppm). */
import { $ } from 'zx';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PDF = join(ROOT, 'out/kz-upr48/briefing.pdf');
const DOCS = join(ROOT, 'docs');
const SIDE_BY_SIDE = 'Stated reforms and observed gaps';

/** The page the side-by-side section starts on, from the PDF's own bookmarks. */
async function sideBySidePage(bytes: Uint8Array): Promise<number> {
  const pdf = await getDocument({ data: bytes, verbosity: 0 }).promise;
  const item = (await pdf.getOutline()).find((o) => o.title === SIDE_BY_SIDE);
  if (!item || !Array.isArray(item.dest)) throw new Error(`the briefing has no "${SIDE_BY_SIDE}" bookmark`);
  return (await pdf.getPageIndex(item.dest[0])) + 1;
}

async function main(): Promise<void> {
  $.verbose = false;
  if ((await $`command -v pdftoppm`.nothrow()).exitCode !== 0) {
    console.error('pdftoppm is not installed; apt-get install poppler-utils');
    process.exitCode = 2;
    return;
  }
  await $`npx tsx ${join(ROOT, 'scripts/build.ts')} --only kz-upr48`;
  const page = await sideBySidePage(new Uint8Array(await readFile(PDF)));
  await mkdir(DOCS, { recursive: true });
  for (const [name, n] of [['briefing-cover', 1], ['briefing-side-by-side', page]] as const) {
    await $`pdftoppm -png -r 90 -f ${n} -l ${n} -singlefile ${PDF} ${join(DOCS, name)}`;
    console.log(`docs/${name}.png  page ${n}`);
  }
}

try {
  await main();
} catch (error) {
  console.error(`screenshots failed: ${(error as Error).message}`);
  if (process.env.DEBUG === '1') console.error(error);
  process.exitCode = 1;
}
