#!/usr/bin/env -S npx tsx
/** `npm run docs`: writes the README's rule table from the diagnostics catalogue, the one source of truth. */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withRuleTable } from './lib/diagnostics/rule-table.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const before = await readFile(README, 'utf8');
const after = withRuleTable(before);
if (after !== before) await writeFile(README, after);
console.log(after === before ? `${README} is up to date` : `wrote the rule table in ${README}`);
