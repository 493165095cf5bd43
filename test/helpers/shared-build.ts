/**
 * The three UPR Info exports of ../shared/upr-info, each imported with `npm run import -- upr-info <file> --all`
 * into its own folder, and the 199 reviews built with `npm run build -- --jobs 2`: once per test run, whichever
 * test file asks first, and shared by every file that needs them (the layout check of every imported state, the
 * whole-export import). The run's folder comes from test/helpers/global-setup.ts; a file that asks while another
 * builds waits for it (the first to create the lock folder builds, the others read what it wrote).
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { runBuild, runScript, type RunResult } from './project.js';
import { exportPath, hasExports } from './upr-info-reviews.js';

export const EXPORTS = ['1-5', '6-9', '14-17'] as const;
export type ExportName = (typeof EXPORTS)[number];

export interface SharedBuild {
  /** the data folder of each export's import, and what the import printed */
  imports: Record<ExportName, RunResult & { data: string; files: string[] }>;
  /** the build of all three data folders at once into `out` (`out/<id>/briefing.pdf`, …), and how long it took (wall clock) */
  build: RunResult & { out: string; ms: number };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** a folder that lives as long as the test run (test/helpers/global-setup.ts) */
    runFolder: string;
  }
}

/** Whether the three exports are there to import. */
export const sharedExportsPresent = () => hasExports(...EXPORTS);

async function importAndBuild(root: string): Promise<SharedBuild> {
  const imports = {} as SharedBuild['imports'];
  for (const name of EXPORTS) {
    const data = join(root, 'data', name);
    const result = await runScript('import.ts', ['upr-info', exportPath(name), '--all', '--out', data]);
    const files = result.code === 0 ? (await readdir(data)).filter((f) => f.endsWith('.yaml')).sort() : [];
    imports[name] = { ...result, data, files };
  }
  const out = join(root, 'out');
  const start = performance.now();
  const build = await runBuild(['--data', join(root, 'data'), '--out', out, '--jobs', '2']);
  return { imports, build: { ...build, out, ms: performance.now() - start } };
}

/** The shared imports and build of this test run, made by the first caller; later callers (in any test file) wait for it. */
export async function sharedBuild(): Promise<SharedBuild> {
  const root = join(inject('runFolder'), 'upr-info-exports');
  const done = join(root, 'done.json');
  await mkdir(join(root, '..'), { recursive: true });
  try {
    await mkdir(root);
  } catch {
    for (;;) {
      const text = await readFile(done, 'utf8').catch(() => undefined);
      if (text !== undefined) return JSON.parse(text) as SharedBuild;
      await sleep(500);
    }
  }
  const result = await importAndBuild(root);
  await writeFile(`${done}.tmp`, JSON.stringify(result));
  await rename(`${done}.tmp`, done);
  return result;
}
