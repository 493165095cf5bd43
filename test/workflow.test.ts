import { execFile } from 'node:child_process';
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

  it('builds weekly, on dispatch and on pushes to data/**, and distributes only on schedule or dispatch', async () => {
    const workflow = parse(await readFile(WORKFLOW, 'utf8'));
    expect(workflow.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \d$/);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.on.push.paths).toEqual(['data/**']);
    const build = workflow.jobs.build.steps.map((s: { run?: string; uses?: string }) => s.run ?? s.uses);
    expect(build).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'npm run build -- --strict', 'npm run distribute -- --dry-run', 'actions/upload-artifact@v4']));
    const distribute = workflow.jobs.distribute;
    expect(distribute.needs).toBe('build');
    expect(distribute.if).toBe("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'");
    const send = distribute.steps.find((s: { name?: string }) => s.name === 'Distribute');
    expect(send.env.SMTP_URL).toBe('${{ secrets.SMTP_URL }}');
    const ledger = distribute.steps.find((s: { name?: string }) => s.name === 'Commit the delivery ledger');
    expect(ledger.if).toBe('always()');
    expect(ledger.run).toContain('git add ledger/deliveries.jsonl');
  });
});
