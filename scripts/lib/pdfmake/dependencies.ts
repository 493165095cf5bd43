import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

const require = createRequire(import.meta.url);

/** The versions every patch of install.ts was written against and tested with: those of package-lock.json. */
export const PATCHED_VERSIONS = { pdfmake: '0.3.11', pdfkit: '0.19.1', fontkit: '2.0.4' } as const;

export type Package = keyof typeof PATCHED_VERSIONS;
export type Versions = Record<Package, string>;

/** One run-time change of a dependency's internals, behind install() (install.ts). */
export interface Patch {
  name: string;
  /** Makes the change and returns what takes it out again; nothing when it cannot be made (and so is not made). */
  install(): (() => void) | undefined;
}

/** Where pdfkit reads fontkit from (`exports`), which the shared fontkit switches (shared-fontkit.ts). */
export interface FontkitEntry {
  exports: unknown;
}

/**
 * The packages bundled with this code instead of loaded from node_modules: the start-up snapshot's bundle
 * (bundled.ts) holds pdfmake, pdfkit and fontkit, and its patches must reach those very instances.
 */
export interface BundledModules {
  versions: Versions;
  load(name: Package): unknown;
  /** a module of pdfmake's js/ folder, by file name */
  pdfmakeFile(file: string): { default: unknown };
  /** what the bundled pdfkit reads fontkit through: it looks up `exports` on every use, so switching it always reaches pdfkit */
  fontkitEntry: FontkitEntry;
}

let bundled: BundledModules | undefined;

/** From now on the patches and the printer take the bundled modules (called once, by bundled.ts, before anything loads pdfmake). */
export function useBundled(modules: BundledModules): void {
  bundled = modules;
}

/** The entry file of each package as pdfmake finds it: pdfkit from pdfmake's folder, fontkit from pdfkit's. */
export function entryPoints(): Versions {
  const pdfmake = require.resolve('pdfmake');
  const pdfkit = require.resolve('pdfkit', { paths: [dirname(pdfmake)] });
  const fontkit = require.resolve('fontkit', { paths: [dirname(pdfkit)] });
  return { pdfmake, pdfkit, fontkit };
}

function packageVersion(name: Package, entry: string): string {
  const folder = `${sep}node_modules${sep}${name}`;
  const root = entry.slice(0, entry.lastIndexOf(folder) + folder.length);
  return (require(join(root, 'package.json')) as { version: string }).version;
}

/** The versions installed in node_modules, of the very copies pdfmake loads. */
export function installedVersions(): Versions {
  if (bundled) return bundled.versions;
  const entries = entryPoints();
  return { pdfmake: packageVersion('pdfmake', entries.pdfmake), pdfkit: packageVersion('pdfkit', entries.pdfkit), fontkit: packageVersion('fontkit', entries.fontkit) };
}

/** A module of a package, the instance pdfmake itself uses: `pdfmakeModule('Renderer.js')` is pdfmake/js/Renderer's default export. */
export function pdfmakeModule<T>(file: string): T {
  if (bundled) return bundled.pdfmakeFile(file).default as T;
  return (require(join(dirname(entryPoints().pdfmake), file)) as { default: T }).default;
}

export function load<T>(name: Package): T {
  if (bundled) return bundled.load(name) as T;
  return require(entryPoints()[name]) as T;
}

/** Whether pdfkit holds a fontkit no switch of fontkitEntry() reaches: from node_modules, once pdfkit has been loaded. */
export function pdfkitHoldsFontkit(): boolean {
  return !bundled && require.cache[entryPoints().pdfkit]?.loaded === true;
}

/** Where pdfkit reads fontkit from: from node_modules, fontkit's module cache entry, which pdfkit's `require` finds when it first loads. */
export function fontkitEntry(): FontkitEntry {
  if (bundled) return bundled.fontkitEntry;
  const path = entryPoints().fontkit;
  require(path);
  return require.cache[path]!;
}
