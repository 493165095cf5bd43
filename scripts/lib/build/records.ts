/** The build's records in out/: the manifest with SHA256SUMS, and the checks cache. What they hold is decided in manifest.ts and check-cache.ts. */
import { basename, dirname, join } from 'node:path';
import { writeFilesAtomically } from '../io/files.js';
import { hashFiles, pruneFolder, readText, updateRecords } from '../io/records.js';
import type { Review } from '../review/schema.js';
import { parseStamps, renderStamps, stampedHasher, type Hasher } from '../io/stamps.js';
import { CACHED_REVIEWS_DIR, CHECK_CACHE_FILE, parseCachedReview, parseCheckCache, renderCachedReview, renderCheckCache, type CheckCache } from './check-cache.js';
import { GLYPH_MEMO_FILE, parseGlyphMemo, renderGlyphMemo, type GlyphMemo } from './glyph-memo.js';
import { MANIFEST_FILE, mergeManifest, parseManifest, renderManifest, renderSha256Sums, SUMS_FILE, type Manifest, type ManifestEntry } from './manifest.js';

const key = (e: ManifestEntry) => `${e.sha256}  ${e.path}`;

/** Only the entries whose files hold the bytes they list. */
async function holding(out: string, entries: readonly ManifestEntry[], hasher?: Hasher): Promise<ManifestEntry[]> {
  const hashes = await hashFiles(out, entries.map((e) => e.path), hasher);
  return entries.filter((e) => hashes.get(e.path) === e.sha256);
}

/** The manifest of the build before this one, keeping only the entries whose files still hold the listed bytes. */
export async function readPreviousManifest(out: string, hasher?: Hasher): Promise<Manifest | undefined> {
  const text = await readText(join(out, MANIFEST_FILE));
  const manifest = text === undefined ? undefined : parseManifest(text);
  return manifest && { ...manifest, artefacts: await holding(out, manifest.artefacts, hasher) };
}

/**
 * Commits what this build wrote to out/manifest.json and out/SHA256SUMS under out/.manifest.lock. The manifest
 * is read again inside the lock and merged (see mergeManifest), so concurrent builds keep each other's reviews.
 * Entries found valid when the build started, of reviews it did not write, are trusted; any other is checked
 * against its file. SHA256SUMS
 * is renamed into place before the manifest, so a build killed between the two leaves sums that match the
 * files, and a manifest that the next build finds stale. Returns the paths written.
 */
export async function commitManifest(out: string, built: Manifest, previous: Manifest | undefined, hasher?: Hasher): Promise<string[]> {
  const rebuilt = new Set(built.reviews.map((r) => r.id));
  const known = new Set((previous?.artefacts ?? []).filter((e) => !rebuilt.has(e.review)).map(key));
  const written = await updateRecords(out, '.manifest.lock', [SUMS_FILE, MANIFEST_FILE], async ([, text]) => {
    const base = (text === undefined ? undefined : parseManifest(text)) ?? previous;
    const candidates = [...(base?.artefacts ?? []), ...built.artefacts].filter((e) => !known.has(key(e)));
    const valid = new Set((await holding(out, candidates, hasher)).map(key));
    const manifest = mergeManifest(base, built, (e) => known.has(key(e)) || valid.has(key(e)));
    return [renderSha256Sums(manifest), renderManifest(manifest)];
  });
  return [MANIFEST_FILE, SUMS_FILE].map((name) => join(out, name)).filter((path) => written.includes(path));
}

export async function readCheckCache(out: string): Promise<CheckCache> {
  return parseCheckCache(await readText(join(out, CHECK_CACHE_FILE)));
}

/** Keeps the checks of this build's valid files for the next build, unless the cache already holds exactly them. */
export async function writeCheckCache(out: string, cache: CheckCache, previous?: CheckCache): Promise<void> {
  const text = renderCheckCache(cache);
  if (previous && renderCheckCache(previous) === text) return;
  await writeFilesAtomically(join(out, dirname(CHECK_CACHE_FILE)), { [basename(CHECK_CACHE_FILE)]: new TextEncoder().encode(text) });
}

/** out/.cache/stamps.json: the stamps of the files a build hashed (outputs, fonts), so the next build reads only those that changed. */
export const STAMPS_FILE = '.cache/stamps.json';

export async function readStamps(out: string): Promise<Hasher> {
  return stampedHasher(parseStamps(await readText(join(out, STAMPS_FILE))));
}

/** Keeps the hasher's stamps for the next build, when they changed. */
export async function writeStamps(out: string, hasher: Hasher): Promise<void> {
  const record = hasher.record();
  if (record) await writeFilesAtomically(join(out, dirname(STAMPS_FILE)), { [basename(STAMPS_FILE)]: new TextEncoder().encode(renderStamps(record)) });
}

export async function readGlyphMemo(out: string, fonts: string): Promise<GlyphMemo> {
  return parseGlyphMemo(await readText(join(out, GLYPH_MEMO_FILE)), fonts);
}

export async function writeGlyphMemo(out: string, memo: GlyphMemo): Promise<void> {
  await writeFilesAtomically(join(out, dirname(GLYPH_MEMO_FILE)), { [basename(GLYPH_MEMO_FILE)]: new TextEncoder().encode(renderGlyphMemo(memo)) });
}

/** The validated reviews kept beside their cached checks (out/.cache/reviews/<id>.json, holding the check's key), by check key; one without a file of that key is left out. */
export async function readCachedReviews(out: string, wanted: readonly { key: string; id: string }[]): Promise<Map<string, Review>> {
  const found = await Promise.all(wanted.map(async ({ key, id }) => [key, parseCachedReview(await readText(join(out, CACHED_REVIEWS_DIR, `${id}.json`)), key)] as const));
  return new Map(found.filter((entry): entry is readonly [string, Review] => entry[1] !== undefined));
}

/** Keeps the reviews checked afresh beside the cache's entries, and removes those of entries the cache no longer holds. */
export async function writeCachedReviews(out: string, fresh: ReadonlyMap<string, Review>, cache: CheckCache): Promise<void> {
  const dir = join(out, CACHED_REVIEWS_DIR);
  const files = Object.fromEntries([...fresh].filter(([key]) => key in cache.entries).map(([key, review]) => [`${review.id}.json`, new TextEncoder().encode(renderCachedReview(key, review))]));
  if (Object.keys(files).length > 0) await writeFilesAtomically(dir, files);
  const ids = new Set(Object.values(cache.entries).map((e) => `${e.id}.json`));
  await pruneFolder(dir, (name) => ids.has(name));
}
