import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderReview } from '../../scripts/lib/build/pipeline.js';
import { renderContext, ROOT, validReview } from './project.js';

/** test/golden/<id>/: the text outputs of a review, byte for byte, as reviewed. */
export const GOLDEN = join(ROOT, 'test/golden');
/** The text outputs a golden holds. */
export const GOLDEN_FILES = ['claims.csv', 'recommendations.csv', 'summary.txt'] as const;

export async function goldenNames(): Promise<string[]> {
  return (await readdir(GOLDEN, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** A golden's review: the sample in data/reviews/, or a test sample in test/samples/. */
export function goldenReviewFile(id: string): string {
  const path = [join(ROOT, 'data/reviews', `${id}.yaml`), join(ROOT, 'test/samples', `${id}.yaml`)].find((p) => existsSync(p));
  if (!path) throw new Error(`test/golden/${id}/ has no review: add data/reviews/${id}.yaml or test/samples/${id}.yaml`);
  return path;
}

/** The text outputs of a golden's review as the pipeline renders them now (its restricted edition). */
export async function goldenOutputs(id: string): Promise<Record<(typeof GOLDEN_FILES)[number], string>> {
  const outputs = await renderReview(await validReview(goldenReviewFile(id)), await renderContext());
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return Object.fromEntries(GOLDEN_FILES.map((f) => [f, decode(outputs[f])])) as Record<(typeof GOLDEN_FILES)[number], string>;
}

/** The golden that holds `pdfinfo -struct-text` of the sample's briefing: its structure tree, as a screen reader meets it. */
export const STRUCTURE_GOLDEN = { id: 'kz-upr48', file: 'structure.txt' } as const;

/** `pdfinfo -struct-text` of a golden's briefing, object numbers left out (they say nothing of the tree). */
export async function goldenStructure(id: string): Promise<string> {
  const pdf = (await renderReview(await validReview(goldenReviewFile(id)), await renderContext()))['briefing.pdf'];
  const dir = await mkdtemp(join(tmpdir(), 'upr-struct-'));
  try {
    await writeFile(join(dir, 'briefing.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdfinfo', ['-struct-text', join(dir, 'briefing.pdf')], { maxBuffer: 64 * 1024 * 1024 });
    return stdout.replace(/Object \d+ \d+/g, 'Object');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
