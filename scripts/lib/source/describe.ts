import type { DataPath } from './positions.js';

const ELEMENT_NAMES: Record<string, string> = { themes: 'theme', sources: 'source', claims: 'claim', recommendations: 'recommendation', recipients: 'recipient' };
/** Fields that hold one mapping, named as a reader knows them. */
const SINGLE_NAMES: Record<string, string> = { sender: 'the sender' };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Names the element that a data path points into, as a reader knows it: `claim "c7"`, `source 3`, `the review`. */
export function describeOwner(data: unknown, path: DataPath, whole = 'the review'): string {
  const [list, index] = path;
  if (typeof list === 'string' && path.length > 1 && SINGLE_NAMES[list]) return SINGLE_NAMES[list];
  if (typeof list !== 'string' || typeof index !== 'number') return whole;
  const name = ELEMENT_NAMES[list] ?? list.replace(/s$/, '');
  const items = record(data)?.[list];
  const item = Array.isArray(items) ? record(items[index]) : undefined;
  const id = item?.id ?? item?.email;
  // an id with a line break would break the one-line message format
  return typeof id === 'string' && id !== '' && !/[\u0000-\u001f\u007f]/.test(id) ? `${name} "${id}"` : `${name} ${index + 1}`;
}

/** The data's value at a path, or undefined. */
export function valueAt(data: unknown, path: DataPath): unknown {
  let value: unknown = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else value = record(value) && Object.hasOwn(record(value)!, segment) ? record(value)![segment] : undefined;
  }
  return value;
}

/** The field that holds a text value, for messages: `"text"` for `claims.3.text`, `"tags"` for `claims.3.tags.0`. */
export function textField(path: DataPath): string {
  return `"${String(path.findLast((p) => typeof p === 'string'))}"`;
}

/** A field's name for messages: `"kind"`, or `"sources" item 2`. */
export function describeField(path: DataPath): string {
  const last = path.at(-1);
  if (typeof last === 'number') return `"${String(path.at(-2))}" item ${last + 1}`;
  return `"${String(last)}"`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
};

/** A type that the format expects, named as a reader knows it. */
export function expectedTypeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

/** The type of a value the file holds, named as a reader knows it. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

/** Every text value in the data with its path, depth first in data order. */
export function* textValues(value: unknown, path: (string | number)[] = []): Generator<[DataPath, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* textValues(v, [...path, i]);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) yield* textValues(v, [...path, k]);
}
