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
  const entries = entryPoints();
  return { pdfmake: packageVersion('pdfmake', entries.pdfmake), pdfkit: packageVersion('pdfkit', entries.pdfkit), fontkit: packageVersion('fontkit', entries.fontkit) };
}

/** A module of a package, the instance pdfmake itself uses: `pdfmakeModule('Renderer.js')` is pdfmake/js/Renderer's default export. */
export function pdfmakeModule<T>(file: string): T {
  return (require(join(dirname(entryPoints().pdfmake), file)) as { default: T }).default;
}

export function load<T>(name: Package): T {
  return require(entryPoints()[name]) as T;
}

/** Whether a package's module has been loaded in this process (or worker) already. */
export function isLoaded(name: Package): boolean {
  return require.cache[entryPoints()[name]]?.loaded === true;
}

/** The module cache entry of a package, which the shared fontkit replaces. */
export function cacheEntry(name: Package): NodeJS.Module {
  const path = entryPoints()[name];
  require(path);
  return require.cache[path]!;
}
