import { LIMITS } from '../source/limits.js';
import { hazardsIn } from '../source/hazards.js';

const count = (n: number) => n.toLocaleString('en-GB');
const NAMES: Record<string, string> = { 'control-character': 'a control character', 'lone-surrogate': 'half of a surrogate pair', 'bidi-control': 'a bidirectional override' };

/**
 * What the build would refuse in a row's texts, found before anything is written: a text longer than a review
 * allows, or a character the build reports as an error. Each is said in words, with the column's name.
 */
export function textProblems(values: Readonly<Record<string, string | readonly string[] | undefined>>): string[] {
  const problems: string[] = [];
  for (const [column, value] of Object.entries(values)) {
    const texts = typeof value === 'string' ? [value] : (value ?? []);
    if (Array.isArray(value) && value.length > LIMITS.itemRefs) problems.push(`${column} lists ${count(value.length)} values, more than the limit of ${LIMITS.itemRefs}`);
    for (const text of texts) {
      if (text.length > LIMITS.textLength) {
        problems.push(`${column} has ${count(text.length)} characters, more than the limit of ${count(LIMITS.textLength)} for one text`);
        break;
      }
      const bad = firstHazard(text);
      if (bad) {
        problems.push(`${column} holds U+${bad.cp.toString(16).toUpperCase().padStart(4, '0')} (${NAMES[bad.rule]}) at character ${bad.at}, which a review may not hold`);
        break;
      }
    }
  }
  return problems;
}

function firstHazard(text: string): { cp: number; rule: string; at: number } | undefined {
  for (const { cp, rule, index } of hazardsIn(text)) if (rule !== 'invisible-character') return { cp, rule, at: index };
  return undefined;
}
