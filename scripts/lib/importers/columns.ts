import { createMessage, START, type Message } from '../diagnostics/message.js';

/**
 * One field a format reads, and the header names it goes by. A name listed with `after` counts only when the
 * nearest named column before it is that field: the UPR Info workbook says `Rgrp` twice, once after `SuR` (the
 * state's group) and once after `RS` (the recommending state's).
 */
export interface ColumnSpec<F extends string> {
  field: F;
  names: readonly string[];
  after?: { field: F; names: readonly string[] };
  required?: boolean;
}

/** How a header name is compared: case, spaces and punctuation aside ("From-Rgrp" = "from rgrp" = "FromRgrp"). */
export const headerKey = (name: string) => name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');

export interface Columns<F extends string> {
  index: Map<F, number>;
  missing: F[];
  /** header columns no field takes, with their 1-based number */
  unknown: { column: number; name: string }[];
  /** a field two columns claim */
  duplicates: { field: F; columns: number[] }[];
}

export function mapColumns<F extends string>(header: readonly string[], specs: readonly ColumnSpec<F>[]): Columns<F> {
  const index = new Map<F, number>();
  const claimed = new Map<F, number[]>();
  const unknown: { column: number; name: string }[] = [];
  let previous: F | undefined;
  header.forEach((name, i) => {
    const key = headerKey(name);
    if (key === '') return;
    const named = specs.find((s) => s.names.some((n) => headerKey(n) === key));
    const spec = named ?? specs.find((s) => s.after && s.after.field === previous && s.after.names.some((n) => headerKey(n) === key));
    if (!spec) {
      unknown.push({ column: i + 1, name });
      return;
    }
    claimed.set(spec.field, [...(claimed.get(spec.field) ?? []), i + 1]);
    if (!index.has(spec.field)) index.set(spec.field, i);
    if (named) previous = spec.field;
  });
  const missing = specs.filter((s) => s.required && !index.has(s.field)).map((s) => s.field);
  const duplicates = [...claimed].filter(([, cols]) => cols.length > 1).map(([field, columns]) => ({ field, columns }));
  return { index, missing, unknown, duplicates };
}

/** Notes for columns the format ignores, and errors for a field claimed twice. */
export function columnMessages<F extends string>(file: string, columns: Columns<F>, title: (field: F) => string): Message[] {
  return [
    ...columns.unknown.map((u) => createMessage(file, START, 'unknown-column', u)),
    ...columns.duplicates.map((d) => createMessage(file, START, 'duplicate-column', { columns: d.columns, field: title(d.field) })),
  ];
}
