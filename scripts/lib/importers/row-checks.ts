import type { RowProblem } from '../diagnostics/rules.js';
import { LIMITS } from '../source/limits.js';
import { hazardsIn } from '../source/hazards.js';

/**
 * What the build would refuse in a row's texts, found before anything is written: a text longer than a review
 * allows, or a character the build reports as an error, each with the column's name.
 */
export function textProblems(values: Readonly<Record<string, string | readonly string[] | undefined>>): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const [column, value] of Object.entries(values)) {
    const texts = typeof value === 'string' ? [value] : (value ?? []);
    if (Array.isArray(value) && value.length > LIMITS.itemRefs) problems.push({ kind: 'values', column, values: value.length, limit: LIMITS.itemRefs });
    for (const text of texts) {
      if (text.length > LIMITS.textLength) {
        problems.push({ kind: 'long', column, length: text.length, limit: LIMITS.textLength });
        break;
      }
      const bad = firstHazard(text);
      if (bad) {
        problems.push({ kind: 'hazard', column, ...bad });
        break;
      }
    }
  }
  return problems;
}

function firstHazard(text: string): Pick<Extract<RowProblem, { kind: 'hazard' }>, 'codePoint' | 'hazard' | 'index'> | undefined {
  for (const { cp, rule, index } of hazardsIn(text)) if (rule !== 'invisible-character') return { codePoint: cp, hazard: rule, index };
  return undefined;
}
