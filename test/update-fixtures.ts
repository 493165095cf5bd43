/**
 * Rewrites the goldens from the current output: test/cases/<case>/expected.txt and test/golden/<id>/. Run it
 * deliberately (`npm run fixtures:update [-- name…]`) and review the diff; no test ever writes a golden.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CASES, caseNames, listen, runCase } from './helpers/cases.js';
import { goldenNames, goldenOutputs, goldenStructure, GOLDEN, STRUCTURE_GOLDEN } from './helpers/golden.js';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

const server = await listen();
for (const name of (await caseNames()).filter(wanted)) {
  await writeFile(join(CASES, name, 'expected.txt'), (await runCase(name, server.port)).report);
  console.log(`wrote cases/${name}/expected.txt`);
}
await server.close();
for (const id of (await goldenNames()).filter(wanted)) {
  for (const [file, text] of Object.entries(await goldenOutputs(id))) {
    await writeFile(join(GOLDEN, id, file), text);
    console.log(`wrote golden/${id}/${file}`);
  }
  if (id === STRUCTURE_GOLDEN.id) {
    await writeFile(join(GOLDEN, id, STRUCTURE_GOLDEN.file), await goldenStructure(id));
    console.log(`wrote golden/${id}/${STRUCTURE_GOLDEN.file}`);
  }
}
