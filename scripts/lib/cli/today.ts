import { parseSourceDateEpoch } from './source-date-epoch.js';

/** The day of a command in local time, YYYY-MM-DD, or the day of SOURCE_DATE_EPOCH when that is set. */
export function today(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = parseSourceDateEpoch(env.SOURCE_DATE_EPOCH);
  if (epoch !== undefined) return new Date(epoch * 1000).toISOString().slice(0, 10);
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
}
