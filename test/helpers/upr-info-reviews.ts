import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { batchRows, toRecommendations } from '../../scripts/lib/importers/batch.js';
import { decodeImport } from '../../scripts/lib/importers/decode.js';
import { linkThemes } from '../../scripts/lib/importers/themes.js';
import { parseUprInfo } from '../../scripts/lib/importers/upr-info.js';
import type { Recommendation, Theme } from '../../scripts/lib/review/schema.js';

/** The shared exports lie beside the checkout, never inside it. */
export const UPR_INFO = fileURLToPath(new URL('../../../shared/upr-info/', import.meta.url));
export const exportPath = (sessions: string) => join(UPR_INFO, `upr-info-sessions-${sessions}.csv`);
export const hasExports = (...sessions: string[]) => sessions.every((s) => existsSync(exportPath(s)));

/** One imported review, as `npm run import` would write it for a new file: its themes and recommendations. */
export interface ImportedReview {
  id: string;
  state: string;
  session: number;
  themes: Theme[];
  recommendations: Recommendation[];
}

/** Reads a UPR Info export in-process with the importer's own decoder, parser, batching and theme links. */
export async function importExport(sessions: string): Promise<ImportedReview[]> {
  const path = exportPath(sessions);
  const decoded = decodeImport(path, await readFile(path));
  if (decoded.text === undefined) throw new Error(`cannot decode ${path}`);
  const parsed = parseUprInfo(decoded.text, path);
  if (parsed.rows.length === 0) throw new Error(`no rows in ${path}`);
  return batchRows(parsed.rows, {}).map((batch) => {
    const links = linkThemes([], batch.rows.flatMap((r) => r.issues));
    return { id: batch.id, state: batch.state, session: batch.session, themes: links.created, recommendations: toRecommendations(batch.rows, links.themeOf, 'upr-info') };
  });
}

/** Pairs the reviews of two exports by state: the earlier cycle's review of a state and the later one's. */
export function pairByState(previous: readonly ImportedReview[], current: readonly ImportedReview[]): { previous: ImportedReview; current: ImportedReview }[] {
  const byState = new Map(previous.map((r) => [r.state, r]));
  return current.flatMap((c) => (byState.has(c.state) ? [{ previous: byState.get(c.state)!, current: c }] : []));
}
