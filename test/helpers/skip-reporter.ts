import type { Reporter, TestCase } from 'vitest/node';

/** Lists, after the run, every test that was skipped and why (the reason given to `ctx.skip`), so a skip is never silent. */
/** `describe.skipIf` and `it.skipIf` give no note: their titles carry the reason ("…: skipped, ../shared is absent"). */
function reasonInTitle(title: string): string {
  return /absent|not installed|skipped/.test(title) ? 'the reason is in its title' : 'no reason given';
}

export default class SkipReporter implements Reporter {
  private skipped: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'skipped') this.skipped.push(`  ↓ ${test.module.moduleId.split('/test/').pop()} > ${test.fullName}: ${result.note ?? reasonInTitle(test.fullName)}`);
  }

  onTestRunEnd(): void {
    if (this.skipped.length > 0) console.log(`\nSkipped ${this.skipped.length} test${this.skipped.length === 1 ? '' : 's'}:\n${this.skipped.join('\n')}\n`);
    this.skipped = [];
  }
}
