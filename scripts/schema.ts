#!/usr/bin/env -S npx tsx
/** `npm run schema`: writes data/review.schema.json from the zod schema, the one source of truth. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema } from './lib/review/json-schema.js';

const target = fileURLToPath(new URL('../data/review.schema.json', import.meta.url));
await writeFile(target, renderJsonSchema());
console.log(`wrote ${target}`);
