/**
 * The start-up snapshot of `build` (see docs/performance.md): run.mjs bundles this file as CommonJS with
 * pdfmake, pdfkit and fontkit inside, and node runs it once with `--build-snapshot` (at `npm ci` and whenever
 * run.mjs recompiles dist/). It loads everything a build loads, then builds the Kazakhstan sample into a
 * folder it deletes again, so the heap saved in dist/build.blob holds the code evaluated, the fonts parsed and
 * the words of the sample laid out. A process started from the blob then runs only the build's main function.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startupSnapshot } from 'node:v8';
import { chalk } from 'zx/core';
import './lib/pdfmake/bundled.js';
import { installed } from './lib/pdfmake/install.js';
import { ROOT, main, run } from './build.js';

/** Where the main function tells the build it runs from: the plain bundle's path, as if run as `node dist/build.mjs`. */
declare const SNAPSHOT_MAIN: string;

async function warm(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'upr-briefing-snapshot-'));
  const log = console.log;
  console.log = () => {};
  try {
    const code = await run(['--data', join(ROOT, 'data', 'reviews', 'kz-upr48.yaml'), '--out', out, '--jobs', '1']);
    if (code !== 0) throw new Error(`the snapshot's warm-up build of the sample exited with ${code}`);
  } finally {
    console.log = log;
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * chalk decides its colour level when it is loaded, which here was while the snapshot was made, with no terminal:
 * decided again for this process as supports-color does, from FORCE_COLOR or else the terminal's colour depth.
 */
function colourLevel(stream: NodeJS.WriteStream): 0 | 1 | 2 | 3 {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force === '' || force === 'true' ? 1 : force === 'false' ? 0 : (Math.min(Number.parseInt(force, 10) || 0, 3) as 0 | 1 | 2 | 3);
  if (!stream.isTTY) return 0;
  const depth = stream.getColorDepth();
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

startupSnapshot.setDeserializeMainFunction(() => {
  // node's timers keep in the heap when they next expect to run, a time of the process that made the blob; from
  // it, a timer set once this process is past that time was never run (a watch stopped hearing of edits after a
  // few seconds). A first timer, run at once, sets that expectation anew.
  setTimeout(() => undefined, 0);
  chalk.level = colourLevel(process.stdout);
  process.argv.splice(1, 0, SNAPSHOT_MAIN);
  if (process.env.UPR_SNAPSHOT === 'verbose') console.error(`started from the start-up snapshot dist/build.blob (patches in its pdfmake: ${installed().join(', ')})`);
  void main();
});

// node takes the snapshot once the event loop is empty, so after the warm-up build
warm().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
