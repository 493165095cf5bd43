#!/usr/bin/env -S npx tsx
/** `npm run schema`: writes data/review.schema.json and data/stakeholders.schema.json from the zod schemas, the one source of truth. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderStakeholdersJsonSchema } from './lib/delivery/json-schema.js';
import { renderReviewJsonSchema } from './lib/review/json-schema.js';

for (const [name, text] of [['review.schema.json', renderReviewJsonSchema()], ['stakeholders.schema.json', renderStakeholdersJsonSchema()]] as const) {
  const target = fileURLToPath(new URL(`../data/${name}`, import.meta.url));
  await writeFile(target, text);
  console.log(`wrote ${target}`);
}
