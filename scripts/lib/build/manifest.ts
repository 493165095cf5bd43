import { createHash } from 'node:crypto';
import { isEditionName, type EditionName } from '../edition/edition.js';

/** One built file, as out/manifest.json lists it. Paths are relative to out/ and use `/`. */
export interface ManifestEntry {
  review: string;
  edition: EditionName;
  path: string;
  bytes: number;
  sha256: string;
  /** sha256 of everything the artefact was made from: data file, templates, styles, options, edition */
  inputs: string;
}

export interface ManifestReview {
  id: string;
  title: string;
}

export interface Manifest {
  version: 1;
  reviews: ManifestReview[];
  artefacts: ManifestEntry[];
}

export const MANIFEST_FILE = 'manifest.json';
export const SUMS_FILE = 'SHA256SUMS';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** One hash over named inputs; independent of the order they are given in. */
export function hashInputs(inputs: Readonly<Record<string, Uint8Array | string>>): string {
  const lines = Object.keys(inputs)
    .sort()
    .map((name) => `${sha256Hex(inputs[name]!)}  ${name}\n`);
  return sha256Hex(lines.join(''));
}

/** The manifest entries of one review's edition; `files` are named relative to out/<review>/. */
export function manifestEntries(review: string, edition: EditionName, files: Readonly<Record<string, Uint8Array>>, inputs: string): ManifestEntry[] {
  return Object.entries(files).map(([name, bytes]) => ({ review, edition, path: `${review}/${name}`, bytes: bytes.byteLength, sha256: sha256Hex(bytes), inputs }));
}

const byPath = (a: ManifestEntry, b: ManifestEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const byId = (a: ManifestReview, b: ManifestReview) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createManifest(reviews: readonly ManifestReview[], artefacts: readonly ManifestEntry[]): Manifest {
  return { version: 1, reviews: [...reviews].sort(byId), artefacts: [...artefacts].sort(byPath) };
}

/**
 * The manifest after a build: what this build wrote, plus the earlier entries of reviews it did not rebuild
 * (their files were left untouched: a refused review, or one outside --only).
 */
export function mergeManifest(previous: Manifest | undefined, built: Manifest): Manifest {
  const rebuilt = new Set(built.reviews.map((r) => r.id));
  const kept = previous ? previous.artefacts.filter((a) => !rebuilt.has(a.review)) : [];
  const keptIds = new Set(kept.map((a) => a.review));
  const keptReviews = previous ? previous.reviews.filter((r) => keptIds.has(r.id)) : [];
  return createManifest([...keptReviews, ...built.reviews], [...kept, ...built.artefacts]);
}

/** Deterministic JSON: sorted, no timestamps. */
export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The format `sha256sum -c` reads: hash, two spaces, path relative to out/. */
export function renderSha256Sums(manifest: Manifest): string {
  return manifest.artefacts.map((a) => `${a.sha256}  ${a.path}\n`).join('');
}

function isEntry(value: unknown): value is ManifestEntry {
  const a = value as Partial<ManifestEntry> | null;
  return (
    typeof a === 'object' && a !== null && typeof a.review === 'string' && typeof a.path === 'string' && typeof a.bytes === 'number' &&
    typeof a.sha256 === 'string' && /^[0-9a-f]{64}$/.test(a.sha256) && typeof a.inputs === 'string' && isEditionName(a.edition)
  );
}

/** Reads a manifest back; anything that is not one (a hand edit, an older format) gives undefined. */
export function parseManifest(text: string): Manifest | undefined {
  try {
    const data = JSON.parse(text) as Partial<Manifest>;
    if (data.version !== 1 || !Array.isArray(data.artefacts) || !Array.isArray(data.reviews)) return undefined;
    if (!data.artefacts.every(isEntry)) return undefined;
    if (!data.reviews.every((r) => typeof r?.id === 'string' && typeof r?.title === 'string')) return undefined;
    return createManifest(data.reviews, data.artefacts);
  } catch {
    return undefined;
  }
}

/** The file beside a review's outputs (out/<id>/.inputs.sha256) that holds the hash of everything they were made from. */
export const STAMP_FILE = '.inputs.sha256';

/** Each review's artefacts, by review id. */
export function artefactsByReview(manifest: Manifest | undefined): Map<string, ManifestEntry[]> {
  const map = new Map<string, ManifestEntry[]>();
  for (const entry of manifest?.artefacts ?? []) {
    const list = map.get(entry.review);
    if (list) list.push(entry);
    else map.set(entry.review, [entry]);
  }
  return map;
}

/**
 * A review needs no rebuild when the manifest lists artefacts of every edition, each made from exactly the
 * inputs it would be made from now. (Callers pass only entries whose files still hold the listed bytes.)
 */
export function isUpToDate(entries: readonly ManifestEntry[] | undefined, inputs: Readonly<Record<EditionName, string>>): boolean {
  const editions = Object.keys(inputs) as EditionName[];
  return entries !== undefined && editions.every((edition) => {
    const own = entries.filter((e) => e.edition === edition);
    return own.length > 0 && own.every((e) => e.inputs === inputs[edition]);
  });
}

/**
 * Joins the manifests of shard builds into one. A path listed twice must list the same bytes; otherwise it is
 * a conflict, returned rather than resolved, because either choice could ship the wrong file.
 */
export function joinManifests(manifests: readonly Manifest[]): { manifest: Manifest; conflicts: string[] } {
  const byPathMap = new Map<string, ManifestEntry>();
  const reviews = new Map<string, ManifestReview>();
  const conflicts: string[] = [];
  for (const manifest of manifests) {
    for (const review of manifest.reviews) reviews.set(review.id, review);
    for (const entry of manifest.artefacts) {
      const earlier = byPathMap.get(entry.path);
      if (earlier && earlier.sha256 !== entry.sha256) conflicts.push(entry.path);
      byPathMap.set(entry.path, entry);
    }
  }
  return { manifest: createManifest([...reviews.values()], [...byPathMap.values()]), conflicts };
}
