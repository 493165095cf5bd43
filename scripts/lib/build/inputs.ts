/** What every artefact is made from, hashed: the review's data file and everything the build shares between reviews. */
import { EDITIONS, type EditionName } from '../edition/edition.js';
import type { Graphic } from '../render/graphic.js';
import type { TemplateSources } from '../render/templates.js';
import type { BriefingConfig } from '../config/schema.js';
import { bytesDigest, digestsOf, hashDigests, sha256Hex } from './manifest.js';

/** The build's own inputs as read: templates, the style sheet, the fonts (their sha256, face by face) and package.json. */
export interface BuildSources {
  templates: TemplateSources;
  styleText: string;
  fontDigests: readonly string[];
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
    fonts: sources.fontDigests.join(' '),
    version: String((JSON.parse(sources.packageText) as { version?: string }).version),
  };
}

/** The shared inputs' digests, made once per set of shared inputs rather than once per review. */
const sharedDigests = new WeakMap<Readonly<Record<string, string>>, Record<string, string>>();

/**
 * Each edition's inputs hash for one data file (hashInputs of the shared inputs, the data, the edition and the
 * previous review it follows, if any), as the manifest records it beside every artefact.
 */
export function reviewInputs(shared: Readonly<Record<string, string>>, data: Uint8Array, previous?: Uint8Array | string): Record<EditionName, string> {
  let digests = sharedDigests.get(shared);
  if (!digests) sharedDigests.set(shared, (digests = digestsOf(shared)));
  // a review that follows another is made from both: an edit to the previous review rebuilds it
  const before = previous === undefined ? {} : digestsOf({ previous });
  const own = { ...digests, data: bytesDigest(data), ...before };
  return Object.fromEntries(EDITIONS.map((edition) => [edition, hashDigests({ ...own, edition: sha256Hex(edition) })])) as Record<EditionName, string>;
}
