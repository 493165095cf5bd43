import { UsageError } from '../diagnostics/errors.js';

/** SOURCE_DATE_EPOCH (reproducible-builds.org): whole seconds since 1970, or undefined when it is unset or empty. */
export function parseSourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`SOURCE_DATE_EPOCH is "${value}"; set it to whole seconds since 1970, or unset it`);
  return Number(value);
}
