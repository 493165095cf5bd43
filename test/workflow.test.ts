import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, tempDir } from './helpers/project.js';

const WORKFLOW = join(ROOT, '.github/workflows/briefings.yml');
const VALIDATOR = join(ROOT, 'node_modules/.bin/action-validator');

async function validate(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(VALIDATOR, [file], { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('.github/workflows/briefings.yml', () => {
  it('passes @action-validator/cli', async () => {
    const result = await validate(WORKFLOW);
    expect(result.code, result.output).toBe(0);
  });

  it('is rejected by the same validator when broken, so the check above can fail', async () => {
    const broken = join(await tempDir(), 'briefings.yml');
    await writeFile(broken, (await readFile(WORKFLOW, 'utf8')).replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'));
    const result = await validate(broken);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('runs_on');
  });

  it('builds weekly, on dispatch and on pushes that change data, templates, the packages or the workflow, and delivers only on schedule or dispatch', async () => {
    const workflow = await load();
    expect(workflow.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \d$/);
    expect(workflow.on.workflow_dispatch.inputs).toHaveProperty('shards');
    expect(workflow.on.push.paths).toEqual(['data/**', 'templates/**', 'package.json', 'package-lock.json', '.github/workflows/briefings.yml']);
    const send = step('deliver', 'Distribute');
    expect(send.if).toBe("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'");
    expect(send.env.SMTP_URL).toBe('${{ secrets.SMTP_URL }}');
  });

  it('builds in a shard matrix that reports a broken review and carries on, joins the shards with --merge-manifests, and fails at the end', async () => {
    const workflow = await load();
    expect(workflow.jobs.build.strategy.matrix.shard).toBe('${{ fromJSON(needs.plan.outputs.shards) }}');
    expect(workflow.jobs.build.strategy['fail-fast']).toBe(false);
    const build = step('build', 'Build (a review with errors is reported and skipped)');
    expect(build.run).toContain('npm run build -- --strict --shard "$SHARD" --out "$OUT"');
    expect(build.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(build.run.trimEnd().endsWith('exit 0')).toBe(true);
    expect(step('deliver', 'Decrypt the shards and join them with --merge-manifests').run).toContain('npm run build -- --merge-manifests "${dirs[@]}" --out out');
    const last = workflow.jobs.deliver.steps.at(-1);
    expect(last.name).toBe('Fail when a review was refused');
    expect(last.if).toBe('always()');
    expect(last.run).toContain('exit 1');
  });

  it('caches each shard\'s out/ under a key per run, restored by prefix, so the build is incremental', async () => {
    const cache = step('build', 'Restore the previous build of this shard');
    expect(cache.uses).toBe('actions/cache@v4');
    expect(cache.with.path).toBe('shard-${{ matrix.shard }}');
    expect(cache.with.key!.endsWith('-${{ github.run_id }}')).toBe(true);
    expect(cache.with['restore-keys']!.trim()).toBe(cache.with.key!.replace('${{ github.run_id }}', ''));
  });

  it('uploads the public editions and the manifest, never a restricted edition, the outbox or out/.cache; shards hand on only an encrypted archive', async () => {
    const workflow = await load();
    const uploads = Object.entries(workflow.jobs as Record<string, { steps: Step[] }>).flatMap(([job, { steps }]) => steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => ({ job, patterns: String(s.with!.path).trim().split('\n') })));
    expect(uploads.map((u) => u.job)).toEqual(['build', 'deliver']);
    const uploaded = (path: string) => uploads.some((u) => included(u.patterns, path));
    for (const secret of ['out/kz-upr48/briefing.pdf', 'out/kz-upr48/summary.txt', 'out/kz-upr48/claims.csv', 'out/kz-upr48/changes.txt', 'out/outbox/briefing.pdf', 'out/.outbox/kz-upr48.restricted.a@example.org.eml', 'out/.cache/checks.json', 'shard-1/kz-upr48/briefing.pdf', 'shard-1/.cache/checks.json', 'ledger-branch/versions/x.json']) {
      expect(uploaded(secret), secret).toBe(false);
    }
    for (const path of ['out/kz-upr48/public/briefing.pdf', 'out/kz-upr48/public/summary.txt', 'out/outbox/public/briefing.pdf', 'out/manifest.json', 'shard.tar.gpg']) expect(uploaded(path), path).toBe(true);
    expect(step('build', 'Encrypt this shard\'s outputs for the deliver job').run).toMatch(/gpg --batch .*--symmetric --cipher-algo AES256/);
  });

  it('keeps the ledger on its own branch and fails loudly when it cannot be saved', async () => {
    const workflow = await load();
    expect(workflow.env.LEDGER_BRANCH).toBe('briefings-ledger');
    const save = step('deliver', 'Save the delivery ledger to branch briefings-ledger');
    expect(save.if).toBe("always() && steps.distribute.outcome != 'skipped'");
    expect(save.run).toContain('git push origin "HEAD:refs/heads/$LEDGER_BRANCH" && exit 0');
    expect(save.run.trimEnd()).toMatch(/::error::the delivery ledger could not be saved[^\n]*\n\s*exit 1$/);
    expect(step('deliver', 'Distribute').run).toContain('--ledger ledger-branch/deliveries.jsonl');
    expect(step('deliver', 'Check out the delivery ledger (branch briefings-ledger)').run).toContain('nothing is sent"; exit 1');
  });
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

async function load() {
  return parse(await readFile(WORKFLOW, 'utf8'));
}

let workflowCache: Awaited<ReturnType<typeof load>> | undefined;
function step(job: string, name: string): Step & { run: string; env: Record<string, string>; with: Record<string, string> } {
  workflowCache ??= parse(readFileSync(WORKFLOW, 'utf8'));
  const found = (workflowCache.jobs[job].steps as Step[]).find((s) => s.name === name);
  if (!found) throw new Error(`no step "${name}" in job ${job}`);
  return found as Step & { run: string; env: Record<string, string>; with: Record<string, string> };
}

/** The glob rules of actions/upload-artifact: `**` any path, `*` one name, `!` excludes, hidden files left out. */
function included(patterns: readonly string[], path: string): boolean {
  const toRegex = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*').replace(/\/$/, '/.*')}$`);
  if (path.split('/').some((part) => part.startsWith('.'))) return false;
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) matched &&= !toRegex(pattern.slice(1)).test(path);
    else matched ||= toRegex(pattern).test(path) || toRegex(`${pattern}/**`).test(path);
  }
  return matched;
}

describe('the ledger steps of the workflow, run against a real git remote', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, stdio: 'pipe' }).toString();
  const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', LEDGER_BRANCH: 'briefings-ledger' };
  const bash = (cwd: string, script: string) => spawnSync('bash', ['-e', '-c', script], { cwd, env: GIT_ENV, encoding: 'utf8' });

  async function remote(): Promise<{ origin: string; clone: () => Promise<string> }> {
    const dir = await tempDir('upr-ledger-');
    const origin = join(dir, 'origin.git');
    git(dir, 'init', '-q', '-b', 'main', '--bare', origin);
    git(dir, 'clone', '-q', origin, 'seed');
    await writeFile(join(dir, 'seed', 'README'), 'x\n');
    git(join(dir, 'seed'), 'add', 'README');
    git(join(dir, 'seed'), 'commit', '-qm', 'init');
    git(join(dir, 'seed'), 'push', '-q', 'origin', 'HEAD:main');
    let n = 0;
    return { origin, clone: async () => (git(dir, 'clone', '-q', origin, `run-${++n}`), join(dir, `run-${n}`)) };
  }

  const checkout = () => step('deliver', 'Check out the delivery ledger (branch briefings-ledger)').run;
  const save = () => step('deliver', 'Save the delivery ledger to branch briefings-ledger').run;

  it('creates the ledger branch on the first run, appends to it on the next, and never touches main', async () => {
    const { origin, clone } = await remote();
    for (const line of ['first', 'second']) {
      const work = await clone();
      expect(bash(work, checkout()).status).toBe(0);
      await writeFile(join(work, 'ledger-branch', 'deliveries.jsonl'), `${line}\n`, { flag: 'a' });
      const saved = bash(join(work, 'ledger-branch'), save());
      expect(saved.status, saved.stderr).toBe(0);
    }
    expect(git(origin, 'show', 'briefings-ledger:deliveries.jsonl')).toBe('first\nsecond\n');
    expect(git(origin, 'ls-tree', '--name-only', 'briefings-ledger')).toBe('deliveries.jsonl\n');
    expect(git(origin, 'ls-tree', '--name-only', 'main')).toBe('README\n');
  });

  it('fails loudly when the remote refuses the push, and when the ledger cannot be read', async () => {
    const { origin, clone } = await remote();
    const work = await clone();
    expect(bash(work, checkout()).status).toBe(0);
    await writeFile(join(work, 'ledger-branch', 'deliveries.jsonl'), 'line\n');
    await writeFile(join(origin, 'hooks', 'pre-receive'), '#!/bin/sh\necho "protected branch" >&2\nexit 1\n', { mode: 0o755 });
    const refused = bash(join(work, 'ledger-branch'), save().replace('sleep 5', 'sleep 0'));
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('::error::the delivery ledger could not be saved to briefings-ledger');
    const unreachable = await clone();
    git(unreachable, 'remote', 'set-url', 'origin', join(origin, 'missing.git'));
    const blind = bash(unreachable, checkout());
    expect(blind.status).toBe(1);
    expect(blind.stdout).toContain('::error::cannot reach origin to read the ledger');
  });
});
