/**
 * pdfmake, pdfkit and fontkit bundled with this code: imported only by the start-up snapshot's entry
 * (scripts/snapshot.ts), whose bundle run.mjs makes with these packages inside it, so that the patches patch
 * the very instances the bundle renders with rather than copies `require()`d from node_modules. Each `require`
 * below is resolved and bundled by esbuild and runs on first use, so the shared fontkit still goes in first.
 */
import { useBundled, type Package } from './dependencies.js';

/** pdfmake's modules that the adapter patches or uses (dependencies.ts: pdfmakeModule). */
const PDFMAKE_FILES: Record<string, () => { default: unknown }> = {
  'ElementWriter.js': () => require('pdfmake/js/ElementWriter.js'),
  'LayoutBuilder.js': () => require('pdfmake/js/LayoutBuilder.js'),
  'Printer.js': () => require('pdfmake/js/Printer.js'),
  'Renderer.js': () => require('pdfmake/js/Renderer.js'),
  'StyleContextStack.js': () => require('pdfmake/js/StyleContextStack.js'),
  'TextDecorator.js': () => require('pdfmake/js/TextDecorator.js'),
  'TextInlines.js': () => require('pdfmake/js/TextInlines.js'),
};

const entry = require('../../stubs/fontkit-entry.cjs') as { exports: unknown };

const PACKAGES: Record<Package, () => unknown> = {
  pdfmake: () => require('pdfmake'),
  pdfkit: () => require('pdfkit'),
  // as node's require returns a module cache entry's exports, which the shared fontkit may have switched
  fontkit: () => entry.exports,
};

/** The versions of the copies bundled, written into the bundle by run.mjs. */
declare const BUNDLED_VERSIONS: Record<Package, string>;

useBundled({
  versions: BUNDLED_VERSIONS,
  load: (name) => PACKAGES[name](),
  pdfmakeFile(file) {
    const load = PDFMAKE_FILES[file];
    if (!load) throw new Error(`pdfmake/js/${file} is not bundled: add it to PDFMAKE_FILES in scripts/lib/pdfmake/bundled.ts`);
    return load();
  },
  fontkitEntry: entry,
});
