/** What every artefact is made from, hashed: the review's data file and everything the build shares between reviews. */
import { EDITIONS, type EditionName } from '../edition/edition.js';
import type { Graphic } from '../render/graphic.js';
import type { TemplateSources } from '../render/templates.js';
import type { BriefingConfig } from '../config/schema.js';
import { hashInputs, sha256Hex } from './manifest.js';

/** The build's own inputs as read: templates, the style sheet, the fonts' bytes and package.json. */
export interface BuildSources {
  templates: TemplateSources;
  styleText: string;
  fontBytes: readonly Uint8Array[];
  packageText: string;
}

/**
 * The inputs every review shares, by name: templates, styles, house style (config and logo), the options that
 * change output, the fonts and the project's version. Values are text or hashes, never large.
 */
export function sharedInputs(sources: BuildSources, house: { config?: BriefingConfig; logo?: Graphic }, options: { excel: boolean; sourceDateEpoch?: number }): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(sources.templates).map(([name, text]) => [`templates/${name}`, text])),
    'templates/pdf-styles.json': sources.styleText,
    'templates/briefing.config.yaml': JSON.stringify({ config: house.config ?? null, logo: house.logo ?? null }),
    options: JSON.stringify({ excel: options.excel, sourceDateEpoch: options.sourceDateEpoch ?? null }),
    fonts: sources.fontBytes.map((bytes) => sha256Hex(bytes)).join(' '),
    version: String((JSON.parse(sources.packageText) as { version?: string }).version),
  };
}

/** Each edition's inputs hash for one data file, as the manifest records it beside every artefact. */
export function reviewInputs(shared: Readonly<Record<string, string>>, data: Uint8Array, previous?: Uint8Array | string): Record<EditionName, string> {
  // a review that follows another is made from both: an edit to the previous review rebuilds it
  const before: Record<string, Uint8Array | string> = previous === undefined ? {} : { previous };
  return Object.fromEntries(EDITIONS.map((edition) => [edition, hashInputs({ ...shared, data, edition, ...before })])) as Record<EditionName, string>;
}
