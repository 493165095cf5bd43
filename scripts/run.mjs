#!/usr/bin/env node
/**
 * Runs an entry script (`node scripts/run.mjs build …`) from dist/, the TypeScript of scripts/ compiled once
 * with esbuild, its packages bundled in. dist/ is rebuilt whenever a file under scripts/ is newer than it, so editing stays instant
 * and a run pays neither tsx's start-up nor transpiling on the fly. `--compile` only compiles (npm prepare).
 * `build` runs from the start-up snapshot dist/build.blob when this node binary made it (see docs/performance.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
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

/** The start-up snapshot of `build`: its bundle (pdfmake, pdfkit and fontkit inside), the blob node makes of it, and what the blob is valid for. */
const SNAPSHOT = { bundle: 'snapshot.cjs', blob: 'build.blob', made: 'build.blob.json', commands: ['build'] };
/** Packages the snapshot's bundle takes in: it may require only node's built-in modules. */
const BUNDLED = ['pdfmake', 'pdfkit', 'fontkit'];

/** What a blob holds and so must match for a process to start from it: this node binary and this project folder. */
const snapshotKey = () => ({ node: process.version, arch: process.arch, execPath: process.execPath, root: ROOT });

/** The blob's size and time as made: node crashes on a damaged blob, so one cut short or written over is not run. */
function blobStamp() {
  const stat = statSync(join(DIST, SNAPSHOT.blob), { throwIfNoEntry: false });
  return stat ? `${stat.size} ${stat.mtimeMs}` : 'none';
}

/** pdfkit keeps the fontkit it requires: in the snapshot's bundle it gets one whose `create` the shared fontkit can switch (stubs/fontkit-for-pdfkit.cjs). */
const fontkitForPdfkit = {
  name: 'fontkit-for-pdfkit',
  setup(build) {
    build.onResolve({ filter: /^fontkit$/ }, (args) => (/[\\/]node_modules[\\/]pdfkit[\\/]/.test(args.importer) ? { path: join(SCRIPTS, 'stubs', 'fontkit-for-pdfkit.cjs') } : undefined));
  },
};

/** pdfkit and pdfmake read data files beside their code (`__dirname + '/data/Helvetica.afm'`): bundled, they still find them in node_modules. */
const packageDirnames = {
  name: 'package-dirnames',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/](pdfkit|pdfmake)[\\/].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      return text.includes('__dirname') ? { contents: text.replaceAll('__dirname', JSON.stringify(dirname(args.path))), loader: 'js' } : undefined;
    });
  },
};

/** The versions of the copies the snapshot's bundle takes in: pdfkit as pdfmake finds it, fontkit as pdfkit does. */
function bundledVersions() {
  const versions = {};
  let from = join(ROOT, 'package.json');
  for (const name of BUNDLED) {
    const entry = createRequire(from).resolve(name);
    const inside = `node_modules${sep}${name}`;
    const folder = entry.slice(0, entry.lastIndexOf(inside) + inside.length);
    versions[name] = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).version;
    from = entry;
  }
  return versions;
}

/** Bundles scripts/snapshot.ts as one CommonJS file, the only form node builds a snapshot from. */
async function bundleSnapshot(build, outdir) {
  const main = join(DIST, 'build.mjs');
  await build({
    entryPoints: [join(SCRIPTS, 'snapshot.ts')],
    outfile: join(outdir, SNAPSHOT.bundle),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL.filter((name) => !BUNDLED.includes(name.replace(/\/\*$/, ''))),
    alias: { 'source-map': join(SCRIPTS, 'stubs', 'source-map.cjs') },
    plugins: [zodLocales, fontkitForPdfkit, packageDirnames],
    // the build finds its folder, templates and worker as the plain bundle dist/build.mjs does
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(main).href), SNAPSHOT_MAIN: JSON.stringify(main), BUNDLED_VERSIONS: JSON.stringify(bundledVersions()) },
    logLevel: 'error',
  });
}

/**
 * Makes dist/build.blob from the snapshot's bundle (node runs it, warm-up build included), then writes beside it
 * what it is valid for. When node cannot make it, `build` runs from the plain bundle; the reason is printed.
 */
function makeSnapshot() {
  const blob = join(DIST, `.${SNAPSHOT.blob}.${process.pid}`);
  const made = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', join(DIST, SNAPSHOT.bundle)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (made.status !== 0) {
    rmSync(blob, { force: true });
    const why = made.error?.message ?? made.stderr.trim().split('\n').slice(-3).join(' ');
    console.error(`note: no start-up snapshot (${why}); builds start from the plain bundle`);
    return;
  }
  renameSync(blob, join(DIST, SNAPSHOT.blob));
  const key = join(DIST, `.${SNAPSHOT.made}.${process.pid}`);
  writeFileSync(key, `${JSON.stringify({ ...snapshotKey(), blob: blobStamp() })}\n`);
  renameSync(key, join(DIST, SNAPSHOT.made));
}

/** Why the snapshot is not used for this run; nothing when it is. */
function snapshotRefusal() {
  if (process.env.UPR_SNAPSHOT === '0') return 'UPR_SNAPSHOT=0';
  // a watch is long-lived, so its start matters little; started from the blob it once stopped hearing of changes
  // (node's timers, fixed in snapshot.ts), and test/watch.test.ts runs the plain bundle: not from the blob until it covers both
  if (process.argv.includes('--watch')) return 'a watching build starts from the plain bundle';
  // node refuses a blob under other V8 flags than it was made with, and NODE_OPTIONS may carry any
  if (process.env.NODE_OPTIONS) return 'NODE_OPTIONS is set';
  let made;
  try {
    made = JSON.parse(readFileSync(join(DIST, SNAPSHOT.made), 'utf8'));
  } catch {
    return `no ${SNAPSHOT.made} in dist/ (npm ci or any run after a change under scripts/ makes it)`;
  }
  const key = snapshotKey();
  const differs = Object.keys(key).filter((name) => made[name] !== key[name]);
  if (differs.length > 0) return `made for another ${differs.join(', ')} (${differs.map((name) => made[name]).join(', ')})`;
  if (made.blob !== blobStamp()) return `${SNAPSHOT.blob} is missing or not the one made`;
  return undefined;
}

/** What node exits with when it cannot load a blob (made by another node, or under other V8 flags); no build exits with it. */
const BLOB_REFUSED = 14;

/**
 * Runs the command in a node started from the blob, passing on the signals a terminal or a supervisor sends, and
 * exits as it exits; `refused` runs when node could not load the blob (it has then run nothing).
 */
function runFromSnapshot(args, refused) {
  const child = spawn(process.execPath, ['--snapshot-blob', join(DIST, SNAPSHOT.blob), '--', ...args], { stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  // a terminal's Ctrl-C reaches both processes already: passed on too, the child would count two (a watch exits on the second)
  const fromTerminal = (signal) => signal === 'SIGINT' && process.stdin.isTTY;
  for (const signal of signals) process.on(signal, () => fromTerminal(signal) || child.kill(signal));
  child.on('exit', (code, signal) => {
    for (const name of signals) process.removeAllListeners(name);
    if (signal) process.kill(process.pid, signal);
    else if (code === BLOB_REFUSED) refused();
    else process.exit(code);
  });
}

/** Runs the command from the plain bundle in this process: the entry script sees the arguments it would see when run directly, itself as argv[1]. */
async function runPlain(command, refusal) {
  // UPR_SNAPSHOT=0 or =verbose: someone is asking which start a build takes
  if (process.env.UPR_SNAPSHOT) console.error(`start-up snapshot not used: ${refusal}`);
  const entry = join(DIST, `${command}.mjs`);
  process.argv.splice(1, 2, entry);
  await import(pathToFileURL(entry).href);
}

/**
 * Escapes what esbuild leaves non-ASCII (comments, regular expressions) as \\uXXXX: one such character makes
 * V8 hold the whole bundle's source as two bytes a character, in memory and in the snapshot.
 */
function asciiOnly(path) {
  const text = readFileSync(path, 'utf8');
  if (/[^\0-\x7f]/.test(text)) writeFileSync(path, text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Compiles into a private folder, then renames each file into dist/, so a concurrent run never reads half a bundle. */
async function compile() {
  const started = new Date();
  const { build } = await import('esbuild');
  const temp = join(DIST, `.tmp-${process.pid}`);
  // a blob made from an older dist/ must not be taken for this one
  rmSync(join(DIST, SNAPSHOT.made), { force: true });
  const entryPoints = ENTRIES.map((name) => join(SCRIPTS, `${name}.ts`)).filter((path) => statSync(path, { throwIfNoEntry: false }));
  const snapshot = bundleSnapshot(build, temp);
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
  await snapshot;
  for (const name of readdirSync(temp)) asciiOnly(join(temp, name));
  mkdirSync(DIST, { recursive: true });
  for (const name of readdirSync(temp)) renameSync(join(temp, name), join(DIST, name));
  rmSync(temp, { recursive: true, force: true });
  makeSnapshot();
  const stamp = join(DIST, `.built.${process.pid}`);
  writeFileSync(stamp, '');
  utimesSync(stamp, started, started);
  renameSync(stamp, join(DIST, '.built'));
}

const command = process.argv[2];
if (builtAt() < newestSource(SCRIPTS)) await compile();
if (command && command !== '--compile') {
  const refusal = SNAPSHOT.commands.includes(command) ? snapshotRefusal() : 'not a build';
  if (refusal) await runPlain(command, refusal);
  else runFromSnapshot(process.argv.slice(3), () => runPlain(command, 'node could not load the blob'));
}
