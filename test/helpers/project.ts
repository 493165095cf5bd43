import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadBriefingConfig } from '../../scripts/lib/io/files.js';
import { readFontFaces } from '../../scripts/lib/io/fonts.js';
import { createPrinter } from '../../scripts/lib/pdfmake/printer.js';
import type { PdfStyles } from '../../scripts/lib/pdfmake/document.js';
import { checkReviews, type RenderContext } from '../../scripts/lib/build/pipeline.js';
import { formatMessages } from '../../scripts/lib/diagnostics/report.js';
import type { Review } from '../../scripts/lib/review/schema.js';
import { compileTemplates, type TemplateSources } from '../../scripts/lib/render/templates.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SAMPLE = join(ROOT, 'data/reviews/kz-upr48.yaml');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const TSX_LOADER = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');

/** Starts the build as one Node process (tsx's CLI would put a second process between us and the build, which a kill would miss). */
export function spawnBuild(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): ChildProcess {
  const { uid, gid, ...rest } = options;
  return spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'scripts/build.ts'), ...args], {
    cwd: rest.cwd ?? ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...rest.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(uid === undefined ? {} : { uid, gid }),
  });
}

/** Waits for a spawned build and collects what it printed. */
export async function finished(child: ChildProcess): Promise<RunResult & { signal: NodeJS.Signals | null }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code: code ?? -1, signal, stdout, stderr };
}

export async function readTemplateSources(): Promise<Record<string, string>> {
  const dir = join(ROOT, 'templates');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.hbs')).map((e) => join(e.parentPath, e.name));
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f.slice(dir.length + 1), await readFile(f, 'utf8')] as const)));
}

export const FONTS = readFontFaces();
/** One printer for the test file, as a build has one per process. */
const PRINTER = createPrinter({ fonts: FONTS });

/** The build's render context, with the committed config, styles and templates; `overrides` replace templates. */
export async function renderContext(overrides: TemplateSources = {}, extra: Partial<RenderContext> = {}): Promise<RenderContext> {
  const sources = { ...(await readTemplateSources()), ...overrides };
  const styles = JSON.parse(await readFile(join(ROOT, 'templates/pdf-styles.json'), 'utf8')) as PdfStyles;
  const { config, logo, messages } = await loadBriefingConfig(join(ROOT, 'templates'));
  if (!config) throw new Error(`the committed briefing config is invalid: ${JSON.stringify(messages)}`);
  return { templates: compileTemplates(sources), styles, printer: PRINTER, config, logo, ...extra };
}

/** A review file checked as the build checks it, which must draw no message at all; otherwise the test fails with them. */
export async function validReview(path: string): Promise<Review> {
  const [checked] = checkReviews([{ path: relative(ROOT, path), bytes: new Uint8Array(await readFile(path)) }]);
  if (!checked?.review || checked.messages.length > 0) throw new Error(`${path} draws messages:\n${formatMessages(checked?.messages ?? [])}`);
  return checked.review;
}

export async function tempDir(prefix = 'upr-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The entry scripts that npm runs from dist/ (`npm run build` is `node scripts/run.mjs build`); package.json runs the others under tsx. */
const COMPILED = ['build.ts', 'import.ts', 'new.ts', 'bench.ts'];

/**
 * Runs an entry script (scripts/<script>) in `cwd` the way its npm script does: from dist/ for those listed in
 * COMPILED (a third of tsx's CPU time per start), under tsx for the others (distribute.ts, schema.ts, docs.ts).
 */
export async function runScript(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  if (COMPILED.includes(script)) return run(process.execPath, [join(ROOT, 'scripts', 'run.mjs'), script.replace(/\.ts$/, ''), ...args], options);
  return runTsx(join(ROOT, 'scripts', script), args, options);
}

/** Runs a TypeScript file under tsx. */
export async function runTsx(path: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return run(TSX, [path, ...args], options);
}

/** Runs `npm run build` the way a user does: `node scripts/run.mjs build`, from the compiled dist/. */
export async function runBuild(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return runScript('build.ts', args, options);
}

async function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The uid and gid of the user nobody, for tests that need a user whom permissions stop (root passes every check). */
export function nobodyUser(): { uid: number; gid: number } | undefined {
  try {
    return { uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })) };
  } catch {
    return undefined;
  }
}

/** Whether a system tool answers `--version`; tests that need it skip with a reason when it does not. */
export function hasCommand(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A copy of a review made a review of another state (a user-assigned ISO code, `XA`…): copies of one sample
 * under other ids would otherwise be two reviews of one state and session (`duplicate-review`).
 */
export function asOwnState(text: string, n: number): string {
  return text.replace(/^iso: [A-Z]{2}$/m, `iso: X${String.fromCharCode(65 + n)}`);
}
