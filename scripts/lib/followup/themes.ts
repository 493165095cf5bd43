import type { Recommendation, Theme } from '../review/schema.js';
import { themeLabel } from './words.js';

/** A recommendation's themes, each with the labels it is compared by. */
export interface ThemeLabels {
  byTheme: [id: string, labels: string[]][];
  all: Set<string>;
}

/**
 * The theme labels of each recommendation: for each of its theme ids, the labels of the declared theme's
 * title and of every issue it files (an imported theme's title is the export's issue name; a person's theme
 * lists the issues it gathers), or of the id itself when the theme is not declared. Labels, not ids, are
 * compared, because two imports may give the same issue different ids.
 */
export function themeLabels(recommendations: readonly Recommendation[], themes: readonly Theme[] = []): ThemeLabels[] {
  const byId = new Map(themes.map((t) => [t.id, [t.title, ...(t.issues ?? [])].map(themeLabel)]));
  return recommendations.map((r) => {
    const byTheme = r.themes.map((id): [string, string[]] => [id, byId.get(id) ?? [themeLabel(id.replace(/-/g, ' '))]]);
    return { byTheme, all: new Set(byTheme.flatMap(([, labels]) => labels)) };
  });
}

/** The theme ids of `query` that share a label with `target`'s themes, in `query`'s order. */
export function sharedThemes(query: ThemeLabels, target: ThemeLabels): string[] {
  return query.byTheme.filter(([, labels]) => labels.some((l) => target.all.has(l))).map(([id]) => id);
}
