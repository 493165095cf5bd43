/**
 * Once per test run (vitest's globalSetup): a temporary folder that every test file can reach with
 * `inject('runFolder')`, for work shared between files (test/helpers/shared-build.ts), removed when the run ends.
 * Nothing is built here: a run of one unrelated test file pays nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'upr-test-run-'));
  project.provide('runFolder', folder);
  return () => rm(folder, { recursive: true, force: true });
}
