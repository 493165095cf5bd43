/**
 * The layout check on built PDFs, from the command line: `npx tsx test/check-layout.ts out/x/briefing.pdf …`
 * prints `path rule p.N: text` for each finding (and exits 1 if any), or with `--json` one object, path → findings.
 * The suite runs it in two processes at once to check the 199 imported briefings in half the time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkLayout, formatFindings, layoutSpec } from './helpers/layout.js';
import { ROOT } from './helpers/project.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const spec = layoutSpec(JSON.parse(await readFile(join(ROOT, 'templates/pdf-styles.json'), 'utf8')));
const found: Record<string, string[]> = {};
for (const path of args.filter((a) => a !== '--json')) {
  const findings = formatFindings(await checkLayout(await readFile(path), spec));
  if (findings.length > 0) found[path] = findings;
}
if (json) process.stdout.write(`${JSON.stringify(found)}\n`);
else for (const [path, findings] of Object.entries(found)) for (const f of findings) process.stdout.write(`${path} ${f}\n`);
process.exitCode = Object.keys(found).length > 0 && !json ? 1 : 0;
