import type { Reporter, TestCase } from 'vitest/node';

/** Lists, after the run, every test that was skipped and why (the reason given to `ctx.skip`), so a skip is never silent. */
export default class SkipReporter implements Reporter {
  private skipped: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'skipped') this.skipped.push(`  ↓ ${test.module.moduleId.split('/test/').pop()} > ${test.fullName}: ${result.note ?? 'no reason given'}`);
  }

  onTestRunEnd(): void {
    if (this.skipped.length > 0) console.log(`\nSkipped ${this.skipped.length} test${this.skipped.length === 1 ? '' : 's'}:\n${this.skipped.join('\n')}\n`);
    this.skipped = [];
  }
}
