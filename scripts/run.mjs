#!/usr/bin/env node
/**
 * Runs an entry script (`node scripts/run.mjs build …`) from dist/, the TypeScript of scripts/ compiled once
 * with esbuild, its packages bundled in. dist/ is rebuilt whenever a file under scripts/ is newer than it, so editing stays instant
 * and a run pays neither tsx's start-up nor transpiling on the fly. `--compile` only compiles (npm prepare).
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPTS = join(ROOT, 'scripts');
const DIST = join(ROOT, 'dist');
/** The entry points, each bundled with what it imports: one file to load instead of many, which cuts loading them by about a third. */
const ENTRIES = ['build', 'render-worker', 'distribute', 'import', 'new', 'bench', 'bench-peers'];
/**
 * Packages left in node_modules: pdfmake (with pdfkit and fontkit, which pdfkit must find as the same module
 * instance, see lib/pdfmake/shared-fontkit.ts) reads data files beside its code; the font package is read as files;
 * the rest are large and loaded only by the commands that need them.
 */
const EXTERNAL = ['pdfmake', 'pdfmake/*', 'fontkit', 'dejavu-fonts-ttf', 'esbuild', 'tsx', 'tsx/*', 'nodemailer', '@myriaddreamin/*'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|mjs|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(join(DIST, '.built')).mtimeMs;
  } catch {
    return -1;
  }
}

/** zod's index re-exports every locale (z.locales); the bundles take none of them (see stubs/zod-locales.mjs). */
const zodLocales = {
  name: 'zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: join(SCRIPTS, 'stubs', 'zod-locales.mjs') } : undefined));
  },
};

/** Compiles into a private folder, then renames each file into dist/, so a concurrent run never reads half a bundle. */
async function compile() {
  const started = new Date();
  const { build } = await import('esbuild');
  const temp = join(DIST, `.tmp-${process.pid}`);
  const entryPoints = ENTRIES.map((name) => join(SCRIPTS, `${name}.ts`)).filter((path) => statSync(path, { throwIfNoEntry: false }));
  await build({
    entryPoints,
    outdir: temp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    alias: { 'source-map': join(SCRIPTS, 'stubs', 'source-map.cjs') },
    plugins: [zodLocales],
    // bundled CommonJS packages call require(); an ES module has none of its own
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
  mkdirSync(DIST, { recursive: true });
  for (const name of readdirSync(temp)) renameSync(join(temp, name), join(DIST, name));
  rmSync(temp, { recursive: true, force: true });
  const stamp = join(DIST, `.built.${process.pid}`);
  writeFileSync(stamp, '');
  utimesSync(stamp, started, started);
  renameSync(stamp, join(DIST, '.built'));
}

const command = process.argv[2];
if (builtAt() < newestSource(SCRIPTS)) await compile();
if (command && command !== '--compile') {
  // the entry script sees the arguments it would see when run directly, itself as argv[1]
  const entry = join(DIST, `${command}.mjs`);
  process.argv.splice(1, 2, entry);
  await import(pathToFileURL(entry).href);
}
