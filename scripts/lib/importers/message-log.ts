import { compareMessages, hasErrors, type Message } from '../diagnostics/message.js';
import type { RuleId } from '../diagnostics/rules.js';
import { IMPORT_LIMITS } from './limits.js';

/**
 * Keeps the first messages of each rule and only counts the rest, so that an export of a million bad rows
 * prints a hundred messages and a count instead of a million lines (and never holds a million messages).
 */
export class MessageLog {
  readonly kept: Message[] = [];
  private readonly counts = new Map<RuleId, number>();
  private errors = false;

  constructor(private readonly perRule: number = IMPORT_LIMITS.messagesPerRule) {}

  add(...messages: Message[]): void {
    for (const message of messages) {
      const n = (this.counts.get(message.ruleId) ?? 0) + 1;
      this.counts.set(message.ruleId, n);
      if (message.severity === 'error') this.errors = true;
      if (n <= this.perRule) this.kept.push(message);
    }
  }

  get hasErrors(): boolean {
    return this.errors || hasErrors(this.kept);
  }

  /** How many messages of each rule were left out, as sentences. */
  omitted(): string[] {
    return [...this.counts]
      .filter(([, n]) => n > this.perRule)
      .map(([rule, n]) => `… and ${(n - this.perRule).toLocaleString('en-GB')} more ${rule} messages (${n.toLocaleString('en-GB')} in all; the first ${this.perRule} are shown)`);
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  sorted(): Message[] {
    return [...this.kept].sort(compareMessages);
  }
}
