import type { Message } from './message.js';

/** Formats messages as vfile-reporter does: `file:line:col  severity  reason  rule-id`, then the excerpt, if any. */
function formatMessage(m: Message): string {
  return [`${m.file}:${m.line}:${m.column}  ${m.severity}  ${m.reason}  ${m.ruleId}`, ...(m.excerpt ?? [])].join('\n');
}

export function formatMessages(messages: readonly Message[]): string {
  return messages.map(formatMessage).join('\n');
}

export function summarizeMessages(messages: readonly Message[]): string {
  const errors = messages.filter((m) => m.severity === 'error').length;
  const warnings = messages.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}
