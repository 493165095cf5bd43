import type { z } from 'zod';
import { createMessage, type Message } from '../diagnostics/message.js';
import { isRuleId, type FieldValue, type RuleArgs, type RuleId, type RuleParams, type TextFormat } from '../diagnostics/rules.js';
import { describeField, describeOwner, expectedTypeName, typeName, valueAt } from './describe.js';
import { locate, locateKey, type DataPath, type SourceFile } from './positions.js';
import { SLUG } from './slug.js';

type Issue = z.core.$ZodIssue;

/** The rules a zod refinement may report: those whose message takes just a field and its value. */
type RefinementRule = { [R in RuleId]: [RuleParams<R>] extends [FieldValue] ? ([FieldValue] extends [RuleParams<R>] ? R : never) : never }[RuleId];

/** The options of a zod refinement that reports `rule`: `.refine(check, refinement('invalid-date'))`. */
export const refinement = (rule: RefinementRule) => ({ params: { rule } });

const refinementRule = (issue: Issue): RefinementRule | undefined => {
  const rule = (issue as { params?: { rule?: unknown } }).params?.rule;
  return isRuleId(rule) ? (rule as RefinementRule) : undefined;
};

const FORMATS: Partial<Record<string, TextFormat>> = { iso: 'country-code', date: 'partial-date', accent: 'colour' };
const SLUG_PATTERN = String(SLUG);

/** One zod issue as a positioned message; `whole` names the file's top level. */
function explain(issue: Exclude<Issue, { code: 'unrecognized_keys' }>, data: unknown, file: SourceFile, whole: string): Message {
  const path = issue.path as DataPath;
  const owner = describeOwner(data, path, whole);
  const field = { owner: owner === whole ? undefined : owner, field: describeField(path) };
  const raw = valueAt(data, path);
  const value = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
  const report = <R extends RuleId>(rule: R, ...params: RuleArgs<R>) => createMessage(file.path, locate(file, path), rule, ...params);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && raw === undefined) {
    return createMessage(file.path, locate(file, path.slice(0, -1)), 'required-field', { owner, field: field.field });
  }
  switch (issue.code) {
    case 'invalid_type':
      return report('wrong-type', { kind: 'field', ...field, expected: expectedTypeName(issue.expected), actual: typeName(raw) });
    case 'invalid_value':
      return report('invalid-value', { kind: 'choice', ...field, value, allowed: issue.values.map(String) });
    case 'too_small':
      if (issue.origin === 'array') return report('invalid-value', { kind: 'empty-list', ...field, minimum: Number(issue.minimum) });
      if (issue.origin === 'string') return report('invalid-value', { kind: 'empty-text', ...field });
      return report('invalid-value', { kind: 'too-small', ...field, value, minimum: Number(issue.minimum) });
    case 'too_big':
      return report('invalid-value', { kind: 'too-big', ...field, value, maximum: Number(issue.maximum) });
    case 'invalid_format':
      if ('pattern' in issue && issue.pattern === SLUG_PATTERN) {
        if (path.at(-1) !== 'id') return report('invalid-slug', { kind: 'field', ...field, value });
        return report('invalid-slug', { kind: 'id', element: field.owner?.split(' ')[0] ?? 'review', value });
      }
      return report('invalid-value', { kind: 'format', ...field, value, format: FORMATS[String(path.at(-1))] ?? 'date' });
    case 'custom': {
      const rule = refinementRule(issue);
      if (rule) return report(rule, { ...field, value });
      return report('invalid-value', { kind: 'schema', ...field, value, detail: issue.message });
    }
    default:
      return report('invalid-value', { kind: 'schema', ...field, value, detail: issue.message });
  }
}

/**
 * A union (a source id or `{ source, role, at }`) fails in every branch; when the value took one branch's shape
 * (all its issues lie inside the value), report those, so the message names the field that is wrong; otherwise
 * the union's own message.
 */
function expandUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const inside = issue.errors.find((branch) => branch.length > 0 && branch.every((sub) => sub.path.length > 0 || sub.code === 'unrecognized_keys'));
  if (inside === undefined) return [issue];
  return inside.flatMap((sub) => expandUnion({ ...sub, path: [...issue.path, ...sub.path] } as Issue));
}

/** Turns zod's issues into positioned messages; unknown keys point at the key itself. `whole` names the file's top level. */
export function schemaMessages(issues: readonly Issue[], data: unknown, file: SourceFile, whole = 'the review'): Message[] {
  return issues.flatMap(expandUnion).flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [explain(issue, data, file, whole)];
    const path = issue.path as DataPath;
    const owner = describeOwner(data, [...path, ''], whole);
    return issue.keys.map((key) => createMessage(file.path, locateKey(file, path, key), 'unknown-key', { owner, key }));
  });
}
