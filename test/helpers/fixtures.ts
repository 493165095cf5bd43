import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrors } from '../../scripts/lib/diagnostics/message.js';
import { formatMessages } from '../../scripts/lib/diagnostics/report.js';
import { fontCoverage } from '../../scripts/lib/pdfmake/fonts.js';
import { readFontFaces } from '../../scripts/lib/io/fonts.js';
import { checkStakeholdersFile } from '../../scripts/lib/delivery/stakeholders.js';
import { checkReviews } from '../../scripts/lib/build/pipeline.js';

/** A data/ file by this name is checked as the stakeholders file, against the valid reviews beside it. */
const STAKEHOLDERS = 'stakeholders.yaml';

export const FIXTURES = new URL('../fixtures', import.meta.url).pathname;

export async function fixtureCases(): Promise<string[]> {
  return (await readdir(FIXTURES, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Validates a case's data/ folder as build and distribute would and prints its messages and exit code, as expected.txt holds them. */
export async function runFixture(name: string): Promise<string> {
  const dir = join(FIXTURES, name);
  const options = JSON.parse(await readFile(join(dir, 'options.json'), 'utf8').catch(() => '{}')) as { strict?: boolean };
  const names = (await readdir(join(dir, 'data'))).sort();
  const files = await Promise.all(names.map(async (n) => ({ path: `data/${n}`, bytes: new Uint8Array(await readFile(join(dir, 'data', n))) })));
  const reviews = files.filter((f) => f.path !== `data/${STAKEHOLDERS}`);
  const checked = checkReviews(reviews, { strict: options.strict, coverage: fontCoverage(() => readFontFaces().faces) });
  const messages = checked.flatMap((c) => c.messages);
  const stakeholders = files.find((f) => f.path === `data/${STAKEHOLDERS}`);
  if (stakeholders) {
    const known = new Set(checked.flatMap((c) => (c.review ? [c.review.id] : [])));
    messages.push(...checkStakeholdersFile(stakeholders.path, stakeholders.bytes, known).messages);
  }
  const report = formatMessages(messages);
  return `${report}${report ? '\n' : ''}exit ${hasErrors(messages) ? 1 : 0}\n`;
}
