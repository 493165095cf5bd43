/** Rewrites test/fixtures/<case>/expected.txt from the current output. Run it deliberately (npm run fixtures:update) and review the diff. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, fixtureCases, runFixture } from './helpers/fixtures.js';

for (const name of await fixtureCases()) {
  await writeFile(join(FIXTURES, name, 'expected.txt'), await runFixture(name));
  console.log(`wrote ${name}/expected.txt`);
}
