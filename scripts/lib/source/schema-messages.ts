import type { z } from 'zod';
import { createMessage, type Message } from '../diagnostics/message.js';
import type { RuleId } from '../diagnostics/rules.js';
import { describeField, describeOwner, typeName, valueAt } from './describe.js';
import { locate, locateKey, type SourceFile } from './positions.js';

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
};

interface Explained {
  rule: RuleId;
  reason: string;
}

function explain(issue: Issue, data: unknown, whole: string): Explained {
  const path = issue.path as (string | number)[];
  const owner = describeOwner(data, path, whole);
  const at = owner === whole ? '' : `${owner}: `;
  const field = describeField(path);
  const value = valueAt(data, path);
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return { rule: 'required-field', reason: `${owner} has no ${field}; add it` };
      return {
        rule: 'wrong-type',
        reason: `${at}${field} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${typeName(value)}`,
      };
    case 'invalid_value':
      if (value === undefined) return { rule: 'required-field', reason: `${owner} has no ${field}; add it` };
      return {
        rule: 'invalid-value',
        reason: `${at}${field} is ${shown}; use one of ${issue.values.map(String).join(', ')}`,
      };
    case 'too_small':
      if (issue.origin === 'array') return { rule: 'invalid-value', reason: `${at}${field} is empty; add at least ${issue.minimum}` };
      if (issue.origin === 'string') return { rule: 'invalid-value', reason: `${at}${field} is empty; write a value` };
      return { rule: 'invalid-value', reason: `${at}${field} is ${shown}; it must be at least ${issue.minimum}` };
    case 'too_big':
      return { rule: 'invalid-value', reason: `${at}${field} is ${shown}; it must be at most ${issue.maximum}` };
    case 'invalid_format':
      if (path.at(-1) === 'id' || path.at(-1) === 'theme') {
        const what = path.at(-1) === 'id' ? `${owner === whole ? 'review' : owner.split(' ')[0]} id` : `${at}${field}`;
        return {
          rule: 'invalid-slug',
          reason: `${what} ${shown} is not a slug; use lowercase letters, digits and hyphens (at most 64), starting with a letter or digit`,
        };
      }
      return { rule: 'invalid-value', reason: `${at}${field} is ${shown}; ${formatHint(path)}` };
    case 'custom':
      return { rule: 'invalid-date', reason: `${at}${field} is ${shown}, which is not a calendar date; correct it` };
    default:
      return { rule: 'invalid-value', reason: `${at}${field} is ${shown}; ${issue.message}` };
  }
}

function formatHint(path: readonly (string | number)[]): string {
  const last = path.at(-1);
  if (last === 'iso') return 'write the two capital letters of ISO 3166-1 alpha-2, such as KZ';
  if (last === 'date') return 'write it as YYYY, YYYY-MM or YYYY-MM-DD';
  if (last === 'accent') return 'write a colour as #RRGGBB, such as #1f5f8b';
  return 'write it as YYYY-MM-DD';
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
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const owner = describeOwner(data, [...path, ''], whole);
      return issue.keys.map((key) =>
        createMessage(file.path, locateKey(file, path, key), 'unknown-key', `${owner} has an unknown field "${key}"; remove it or correct its spelling`),
      );
    }
    const { rule, reason } = explain(issue, data, whole);
    const position = rule === 'required-field' ? locate(file, path.slice(0, -1)) : locate(file, path);
    return [createMessage(file.path, position, rule, reason)];
  });
}
