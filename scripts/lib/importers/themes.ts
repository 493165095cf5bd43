import type { Theme } from '../review/schema.js';
import { normalizeName, slugify } from './slug.js';

interface ThemeLinks {
  /** the theme id an export's issue belongs to */
  themeOf(issue: string): string;
  /** themes created for issues that no declared theme takes, sorted by title */
  created: Theme[];
}

/**
 * Files each issue under a declared theme: one that lists the issue under `issues`, else one whose title is the
 * issue's name, else one whose id is the issue's slug. Any other issue gets a new theme: slug id, name as title.
 */
export function linkThemes(declared: readonly Theme[], issues: Iterable<string>): ThemeLinks {
  const byName = new Map<string, string>();
  for (const theme of declared) for (const issue of theme.issues ?? []) if (!byName.has(normalizeName(issue))) byName.set(normalizeName(issue), theme.id);
  for (const theme of declared) if (!byName.has(normalizeName(theme.title))) byName.set(normalizeName(theme.title), theme.id);
  const ids = new Set(declared.map((t) => t.id));
  const created: Theme[] = [];
  for (const issue of issues) {
    const name = normalizeName(issue);
    if (byName.has(name)) continue;
    const id = slugify(issue);
    if (!ids.has(id)) {
      ids.add(id);
      created.push({ id, title: issue });
    }
    byName.set(name, id);
  }
  created.sort((a, b) => a.title.localeCompare(b.title, 'en') || a.id.localeCompare(b.id));
  return { themeOf: (issue) => byName.get(normalizeName(issue)) ?? slugify(issue), created };
}
