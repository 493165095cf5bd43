import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { createMessage, type Message } from '../diagnostics/message.js';
import { isRuleId, type FieldValue, type RuleArgs, type RuleId, type RuleParams, type TextFormat } from '../diagnostics/rules.js';
import { describeField, describeOwner, expectedTypeName, typeName, valueAt } from './describe.js';
import { locate, locateKey, type DataPath, type SourceFile } from './positions.js';
import { descriptionAt, keysAt } from './schema-walk.js';
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

/** A schema's description as words inside a message: `The date …` → `the date …` (an acronym stays as it is). */
const asPhrase = (description: string) => description.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());

/**
 * The allowed key that `key` was probably meant to be: the first word of a key that lost its colon
 * (`title "A report` → `title`), or the nearest by edit distance (at most a third of its letters, at least one).
 */
function suggestKey(key: string, allowed: readonly string[]): { suggestion: string; colon?: boolean } | undefined {
  const firstWord = /^([\w$-]+)[\s"']/.exec(key)?.[1];
  if (firstWord && allowed.includes(firstWord)) return { suggestion: firstWord, colon: true };
  const lower = key.toLowerCase();
  const best = allowed
    .map((candidate) => ({ candidate, d: distance(lower, candidate.toLowerCase()) }))
    .reduce<{ candidate: string; d: number } | undefined>((b, c) => (b === undefined || c.d < b.d ? c : b), undefined);
  return best && best.d <= Math.max(1, Math.ceil(key.length / 3)) ? { suggestion: best.candidate } : undefined;
}

/** One zod issue as a positioned message; `whole` names the file's top level. */
function explain(issue: Exclude<Issue, { code: 'unrecognized_keys' }>, data: unknown, file: SourceFile, whole: string, schema?: z.ZodType): Message {
  const path = issue.path as DataPath;
  const owner = describeOwner(data, path, whole);
  const field = { owner: owner === whole ? undefined : owner, field: describeField(path) };
  const raw = valueAt(data, path);
  const value = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
  const report = <R extends RuleId>(rule: R, ...params: RuleArgs<R>) => createMessage(file.path, locate(file, path), rule, ...params);
  const description = schema && descriptionAt(schema, path);
  const about = description ? { about: asPhrase(description) } : {};
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && raw === undefined) {
    return createMessage(file.path, locate(file, path.slice(0, -1)), 'required-field', { owner, field: field.field, ...about });
  }
  switch (issue.code) {
    case 'invalid_type':
      // a date written as a number (`as_of: 2025`) gets its format
      return report('wrong-type', { kind: 'field', ...field, expected: expectedTypeName(issue.expected), actual: typeName(raw), ...(/YYYY/.test(description ?? '') ? about : {}) });
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
  const inside =
    issue.errors.find((branch) => branch.length > 0 && branch.every((sub) => sub.path.length > 0 || sub.code === 'unrecognized_keys')) ??
    // a value of the right type for one branch only (a text where a year may also be a number): that branch's issues
    single(issue.errors.filter((branch) => branch.length > 0 && !branch.some((sub) => (sub.code === 'invalid_type' || sub.code === 'invalid_value') && sub.path.length === 0)));
  if (inside === undefined) return [issue];
  return inside.flatMap((sub) => expandUnion({ ...sub, path: [...issue.path, ...sub.path] } as Issue));
}

const single = <T>(items: readonly T[]): T | undefined => (items.length === 1 ? items[0] : undefined);

/**
 * Turns zod's issues into positioned messages; unknown keys point at the key itself, with the allowed key they were
 * probably meant to be. `whole` names the file's top level; `schema` gives the allowed keys and the fields' descriptions.
 */
export function schemaMessages(issues: readonly Issue[], data: unknown, file: SourceFile, whole = 'the review', schema?: z.ZodType): Message[] {
  const all = issues.flatMap(expandUnion);
  const unknown = all.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [];
    const path = issue.path as DataPath;
    const owner = describeOwner(data, [...path, ''], whole);
    const present = Object.keys((valueAt(data, path) as Record<string, unknown> | undefined) ?? {});
    const allowed = schema ? keysAt(schema, path).filter((k) => !present.includes(k) && !k.startsWith('$')) : [];
    return issue.keys.map((key) => ({ path, key, owner, ...suggestKey(key, allowed) }));
  });
  // a missing field that an unknown key was probably meant to be is said once, by the unknown key's message
  const meant = new Set(unknown.flatMap((u) => (u.suggestion ? [JSON.stringify([...u.path, u.suggestion])] : [])));
  const missing = (issue: Issue) => (issue.code === 'invalid_type' || issue.code === 'invalid_value') && valueAt(data, issue.path as DataPath) === undefined;
  return [
    ...all.filter((issue) => issue.code !== 'unrecognized_keys' && !(missing(issue) && meant.has(JSON.stringify(issue.path)))).map((issue) => explain(issue as Exclude<Issue, { code: 'unrecognized_keys' }>, data, file, whole, schema)),
    ...unknown.map(({ path, key, ...params }) => createMessage(file.path, locateKey(file, path, key), 'unknown-key', { key, ...params })),
  ];
}
