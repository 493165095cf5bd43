/**
 * README "Your first review", run as written: its shell blocks in order, its YAML edits applied as the text says
 * (`<!-- walkthrough: insert <file> -->`: the block's lines go right under its first line, `themes:` say, in that
 * file; `<!-- walkthrough: replace <file> -->`: each `key: value` line replaces the line of that key), in a copy
 * of the working tree with no ../shared beside it. node_modules is linked, not installed: the quick start's
 * `npm ci` is the one step left out.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/project.js';
import { bodyText, openPdf } from './helpers/pdf.js';

type Step = { kind: 'sh'; script: string } | { kind: 'insert' | 'replace'; file: string; lines: string[] };

/** The walkthrough's section of the README, split into its steps. */
export function walkthroughSteps(readme: string): { text: string; steps: Step[] } {
  const start = readme.indexOf('\n## Your first review\n');
  const end = readme.indexOf('\n## ', start + 1);
  if (start === -1 || end === -1) throw new Error('README.md has no section "Your first review"');
  const text = readme.slice(start, end);
  const steps: Step[] = [];
  const block = /(?:<!-- walkthrough: (insert|replace) (\S+) -->\n)?```(\w*)\n([\s\S]*?)```/g;
  for (const [, edit, file, lang, body] of text.matchAll(block)) {
    if (edit) steps.push({ kind: edit as 'insert' | 'replace', file: file!, lines: body!.trimEnd().split('\n') });
    else if (lang === 'sh') steps.push({ kind: 'sh', script: body! });
  }
  return { text, steps };
}

function applyEdit(text: string, step: Exclude<Step, { kind: 'sh' }>): string {
  const lines = text.split('\n');
  if (step.kind === 'insert') {
    const at = lines.indexOf(step.lines[0]!);
    if (at === -1) throw new Error(`${step.file} has no line "${step.lines[0]}"`);
    lines.splice(at + 1, 0, ...step.lines.slice(1));
  } else {
    for (const line of step.lines) {
      const key = line.slice(0, line.indexOf(':') + 1);
      const at = lines.findIndex((l) => l.startsWith(key));
      if (at === -1) throw new Error(`${step.file} has no line starting "${key}"`);
      lines[at] = line;
    }
  }
  return lines.join('\n');
}

const folded = (s: string) => s.replace(/\s+/g, ' ').trim();
/** What the README quotes after "It says" / "It prints": the text between the backticks, white space folded. */
const quoted = (text: string, lead: string) => folded(new RegExp(`${lead} \`([^\`]+)\``).exec(text)![1]!);

describe('README "Your first review"', () => {
  let dir: string;
  let project: string;
  let walkthrough: ReturnType<typeof walkthroughSteps>;
  const printed: string[] = [];

  beforeAll(async () => {
    walkthrough = walkthroughSteps(await readFile(join(ROOT, 'README.md'), 'utf8'));
    dir = await mkdtemp(join(tmpdir(), 'upr-walkthrough-'));
    project = join(dir, 'project');
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
    for (const file of files.filter((f) => f && existsSync(join(ROOT, f)))) {
      await mkdir(dirname(join(project, file)), { recursive: true });
      await cp(join(ROOT, file), join(project, file));
    }
    await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs as written on a copy without ../shared: every command succeeds, the outputs and the error it quotes are what the commands print, and the PDF holds the claim, the recommendations and the organisation', { timeout: 240_000 }, async () => {
    expect(existsSync(join(dir, 'shared'))).toBe(false);
    const run = (script: string) => {
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: project, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
      printed.push(r.stdout + r.stderr);
      expect(r.status, `${script}\n${r.stdout}${r.stderr}`).toBe(0);
      return r.stdout + r.stderr;
    };
    run('npm run build --silent'); // the quick start, after npm ci
    const firstBuild = walkthrough.steps.findLastIndex((s) => s.kind === 'insert') + 1;
    for (const [n, step] of walkthrough.steps.entries()) {
      if (step.kind === 'sh') run(step.script);
      else await writeFile(join(project, step.file), applyEdit(await readFile(join(project, step.file), 'utf8'), step));
      if (n === firstBuild) await expectTheErrorShown();
    }
    async function expectTheErrorShown() {
      const review = join(project, 'data/reviews/kz-upr7.yaml');
      const good = await readFile(review, 'utf8');
      await writeFile(review, good.replace('sources: [upr-info]', 'sources: [upr-infos]'));
      const r = spawnSync('npm', ['run', '--silent', 'build', '--', '--check'], { cwd: project, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
      await writeFile(review, good);
      const example = /\n```\n(data\/reviews\/kz-upr7\.yaml:[^`]*)\n```/.exec(walkthrough.text)![1]!;
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain(example);
    }
    const all = folded(printed.join('\n'));
    expect(all).toContain(quoted(walkthrough.text, 'It says'));
    expect(all).toContain(quoted(walkthrough.text, 'It prints'));

    const pdf = await openPdf(await readFile(join(project, 'out/kz-upr7/briefing.pdf')));
    const text = await bodyText(pdf);
    expect(text).toContain('Your Organisation');
    expect(text).toContain('Mexico and Norway recommended that Kazakhstan review its rules for registering religious groups');
    expect(text).toContain('Recommendations');
  });

  it('a second import of the same excerpt changes no byte of the review', { timeout: 60_000 }, async () => {
    const review = join(project, 'data/reviews/kz-upr7.yaml');
    const before = await readFile(review, 'utf8');
    const again = spawnSync('npm', ['run', '--silent', 'import', '--', 'upr-info', 'data/imports/upr-info-kazakhstan-session-7.csv', '--state', 'Kazakhstan'], { cwd: project, encoding: 'utf8' });
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(await readFile(review, 'utf8')).toBe(before);
  });
});
