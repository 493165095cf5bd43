import { installedVersions, PATCHED_VERSIONS, type Package, type Patch, type Versions } from './dependencies.js';
import { continuedHeader } from './continued-header.js';
import { layoutOnce } from './layout-once.js';
import { lineMerge } from './line-merge.js';
import { measureOnce } from './measure-once.js';
import { sharedFontkit } from './shared-fontkit.js';
import { structureTree } from './structure-tree.js';
import { styleLookup } from './style-lookup.js';
import { xmpInfo } from './xmp.js';

/** Every patch of pdfmake's, pdfkit's and fontkit's internals, in the order they go in: the shared fontkit before pdfkit loads. */
const PATCHES: readonly Patch[] = [sharedFontkit, styleLookup, lineMerge, xmpInfo, measureOnce, structureTree, continuedHeader, layoutOnce];
export const PATCH_NAMES = PATCHES.map((p) => p.name);

/** The patches in this process (or worker), each with what takes it out. */
const live = new Map<string, () => void>();

/** Why the installed versions are not the ones the patches were tried with; nothing when they are. */
export function versionMismatch(versions: Versions): string | undefined {
  const differ = (Object.keys(PATCHED_VERSIONS) as Package[]).filter((name) => versions[name] !== PATCHED_VERSIONS[name]);
  if (differ.length === 0) return undefined;
  const tried = (Object.entries(PATCHED_VERSIONS) as [Package, string][]).map(([name, version]) => `${name} ${version}`).join(', ');
  const found = differ.map((name) => `${name} ${versions[name]}`).join(', ');
  return `${found} installed, but the PDF adapter's patches (${PATCH_NAMES.join(', ')}) were tried only with ${tried}: rendering without them, slower and with pdfkit's own XMP metadata. Run npm ci to install the locked versions.`;
}

/**
 * Installs the patches (all, or those named in `only`) into the dependencies, once per process or worker: only
 * into exactly the versions they were tried with, and none into any other. Returns the names installed.
 */
export function install(options: { only?: readonly string[]; versions?: Versions } = {}): string[] {
  if (versionMismatch(options.versions ?? installedVersions())) return installed();
  for (const patch of PATCHES) {
    if (live.has(patch.name) || (options.only && !options.only.includes(patch.name))) continue;
    const undo = patch.install();
    if (undo) live.set(patch.name, undo);
  }
  return installed();
}

/** The names of the patches in place, in the order they went in. */
export function installed(): string[] {
  return PATCH_NAMES.filter((name) => live.has(name));
}

/** Takes every patch out again, so the dependencies run as published (the differential test renders both ways). */
export function uninstall(): void {
  for (const name of installed().reverse()) {
    live.get(name)!();
    live.delete(name);
  }
}

/** What a build says once when it renders without the patches; nothing when the versions are the locked ones. */
export function unpatchedWarning(): string | undefined {
  const mismatch = versionMismatch(installedVersions());
  return mismatch && `warning: ${mismatch}`;
}
