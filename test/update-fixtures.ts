/** Rewrites the expected.txt of test/fixtures/<case>/ and test/bad-inputs/<case>/ from the current output. Run it deliberately (npm run fixtures:update) and review the diff. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BAD_INPUTS, badInputCases, listen, runBadInput } from './helpers/bad-inputs.js';
import { FIXTURES, fixtureCases, runFixture } from './helpers/fixtures.js';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

for (const name of (await fixtureCases()).filter(wanted)) {
  await writeFile(join(FIXTURES, name, 'expected.txt'), await runFixture(name));
  console.log(`wrote fixtures/${name}/expected.txt`);
}
const server = await listen();
for (const name of (await badInputCases()).filter(wanted)) {
  await writeFile(join(BAD_INPUTS, name, 'expected.txt'), (await runBadInput(name, server.port)).report);
  console.log(`wrote bad-inputs/${name}/expected.txt`);
}
await server.close();
