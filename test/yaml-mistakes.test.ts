/**
 * YAML mistakes made by hand on the real sample: each gives one message, on the line that was changed, in the
 * catalogue's plain words rather than the parser's (test/cases/yaml-* hold the exact texts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReviewFile } from '../scripts/lib/review/validate.js';
import { ROOT } from './helpers/project.js';

const FILE = 'data/reviews/kz-upr48.yaml';
const lines = readFileSync(join(ROOT, FILE), 'utf8').split('\n');

/** Each mistake: the changed line, or undefined where it does not apply; and the words its message must hold. */
const MISTAKES: Record<string, { change: (line: string) => string | undefined; says: RegExp }> = {
  'a colon deleted': { change: (l) => (/^\s*(- )?[a-z_]+: [^"'\s]/.test(l) ? l.replace(': ', ' ') : undefined), says: /no colon after/ },
  'a field indented 2 spaces too far': { change: (l) => (/^\s+[a-z_]+: /.test(l) ? `  ${l}` : undefined), says: /indented 2 spaces more than line \d+/ },
  'a field indented 1 space short': { change: (l) => (/^\s+[a-z_]+: /.test(l) ? l.slice(1) : undefined), says: /indented 1 space less than line \d+/ },
  'a tab for two spaces': { change: (l) => (/^ {2}[ -]*[a-z_]+:/.test(l) ? l.replace(/^ {2}/, '\t') : undefined), says: /indented with a tab/ },
  'a colon inside a text': { change: (l) => (/^\s+text: [^"'|>]/.test(l) ? l.replace(/(text: \S+ \S+)/, '$1: and') : undefined), says: /holds a colon followed by a space/ },
  'a quotation mark never closed': { change: (l) => (/^\s+(- )?[a-z_]+: [A-Za-z]/.test(l) && !l.includes('#') ? l.replace(': ', ': "') : undefined), says: /never closed/ },
};

describe('hand-made YAML mistakes in the Kazakhstan sample', () => {
  for (const [name, { change, says }] of Object.entries(MISTAKES)) {
    it(`${name}: one yaml-syntax message, on the changed line, in plain words`, () => {
      let tried = 0;
      // every third line keeps the test quick; together the mistakes still reach every kind of line
      for (let i = 0; i < lines.length; i += 3) {
        const changed = change(lines[i]!);
        if (changed === undefined) continue;
        const text = [...lines.slice(0, i), changed, ...lines.slice(i + 1)].join('\n');
        const { messages } = checkReviewFile(FILE, new TextEncoder().encode(text));
        const where = `line ${i + 1}: ${JSON.stringify(changed)}`;
        expect(messages.map((m) => m.ruleId), where).toEqual(['yaml-syntax']);
        expect(messages[0]!.line, where).toBe(i + 1);
        expect(messages[0]!.reason, where).toMatch(says);
        expect(messages[0]!.excerpt?.some((row) => row.startsWith(`  > ${i + 1} |`)), where).toBe(true);
        tried++;
      }
      expect(tried).toBeGreaterThanOrEqual(3);
    });
  }
});
