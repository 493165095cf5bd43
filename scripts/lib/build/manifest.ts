import { createHash } from 'node:crypto';
import { isEditionName, type EditionName } from '../edition/edition.js';
import { SLUG } from '../source/slug.js';

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
  /** the review's release status; absent (a manifest from before statuses, or a review without one) means draft */
  status?: 'draft' | 'final';
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

/** Each named input's sha256: what hashInputs hashes, so inputs shared by many hashes are hashed once (hashDigests). */
export function digestsOf(inputs: Readonly<Record<string, Uint8Array | string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, typeof value === 'string' ? sha256Hex(value) : bytesDigest(value)]));
}

/** A data file's bytes are hashed for its check's key and again for its inputs: the second time is free. */
const byteDigests = new WeakMap<Uint8Array, string>();

export function bytesDigest(bytes: Uint8Array): string {
  let digest = byteDigests.get(bytes);
  if (digest === undefined) byteDigests.set(bytes, (digest = sha256Hex(bytes)));
  return digest;
}

/** hashInputs of inputs whose digests are given (digestsOf). */
export function hashDigests(digests: Readonly<Record<string, string>>): string {
  const lines = Object.keys(digests)
    .sort()
    .map((name) => `${digests[name]!}  ${name}\n`);
  return sha256Hex(lines.join(''));
}

/** One hash over named inputs; independent of the order they are given in. */
export function hashInputs(inputs: Readonly<Record<string, Uint8Array | string>>): string {
  return hashDigests(digestsOf(inputs));
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
 * The manifest a build commits. `base` is the manifest as it stands now (another build may have committed
 * since this one started); `built` is what this build wrote; `holds` says whether a file still holds the bytes
 * an entry lists. A review keeps this build's entries when its files hold them all; otherwise (another build
 * switched it in the meantime), and for every review this build did not write, the entries of `base` that
 * hold are kept. So a manifest never lists a file that holds other bytes, and never drops another build's review.
 */
export function mergeManifest(base: Manifest | undefined, built: Manifest, holds: (entry: ManifestEntry) => boolean = () => true): Manifest {
  const landed = new Set([...artefactsByReview(built)].filter(([, entries]) => entries.every(holds)).map(([id]) => id));
  const kept = (base?.artefacts ?? []).filter((a) => !landed.has(a.review) && holds(a));
  const keptIds = new Set(kept.map((a) => a.review));
  const reviews = [...(base?.reviews ?? []).filter((r) => keptIds.has(r.id)), ...built.reviews.filter((r) => landed.has(r.id))];
  return createManifest(reviews, [...kept, ...built.artefacts.filter((a) => landed.has(a.review))]);
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

/** A place in a manifest that must not be trusted, with the rule it breaks: `at` is the data path into its JSON. */
export type ManifestProblem =
  | { at: (string | number)[]; ruleId: 'invalid-slug'; value: string }
  | { at: (string | number)[]; ruleId: 'unsafe-path'; path: string; review: string };

/** A path below out/<review>/: segments that are names, never `..`, `.`, empty, a backslash or a control character. */
function staysUnder(review: string, path: string): boolean {
  const rest = path.startsWith(`${review}/`) ? path.slice(review.length + 1).split('/') : [];
  return rest.length > 0 && rest.every((part) => part !== '' && part !== '.' && part !== '..' && !/[\\\u0000-\u001f\u007f]/.test(part));
}

/** Ids that are not slugs and paths that leave their review's folder: what would make a merge write outside --out. */
function problemsOf(data: Pick<Manifest, 'reviews' | 'artefacts'>): ManifestProblem[] {
  const reviews = data.reviews.flatMap((r, i): ManifestProblem[] => (SLUG.test(r.id) ? [] : [{ at: ['reviews', i, 'id'], ruleId: 'invalid-slug', value: r.id }]));
  const artefacts = data.artefacts.flatMap((a, i): ManifestProblem[] => {
    if (!SLUG.test(a.review)) return [{ at: ['artefacts', i, 'review'], ruleId: 'invalid-slug', value: a.review }];
    if (staysUnder(a.review, a.path)) return [];
    return [{ at: ['artefacts', i, 'path'], ruleId: 'unsafe-path', path: a.path, review: a.review }];
  });
  return [...reviews, ...artefacts];
}

/** Reads a manifest back: undefined when it is not one (a hand edit, an older format), else its entries and what is unsafe in them. */
export function readManifest(text: string): { manifest: Manifest; problems: ManifestProblem[] } | undefined {
  try {
    const data = JSON.parse(text) as Partial<Manifest>;
    if (data.version !== 1 || !Array.isArray(data.artefacts) || !Array.isArray(data.reviews)) return undefined;
    if (!data.artefacts.every(isEntry)) return undefined;
    if (!data.reviews.every((r) => typeof r?.id === 'string' && typeof r?.title === 'string' && [undefined, 'draft', 'final'].includes(r.status))) return undefined;
    return { manifest: createManifest(data.reviews, data.artefacts), problems: problemsOf(data as Manifest) };
  } catch {
    return undefined;
  }
}

/** A manifest that can be trusted: every id a slug, every path inside its review's folder; else undefined. */
export function parseManifest(text: string): Manifest | undefined {
  const read = readManifest(text);
  return read && read.problems.length === 0 ? read.manifest : undefined;
}

/** Beside each edition's outputs: what changed in its data since the previous build (a record, not an artefact). */
export const CHANGES_FILE = 'changes.txt';

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
