import { reasonOf, rules, type RuleArgs, type RuleId, type Severity } from './rules.js';

/** One diagnostic, shaped like vfile-message: where, which rule, how bad, and what to do. */
export interface Message {
  file: string;
  line: number;
  column: number;
  ruleId: RuleId;
  severity: Severity;
  reason: string;
  /** the lines of the file around the position, with a caret under it (printed below the message) */
  excerpt?: readonly string[];
}

export interface Position {
  line: number;
  column: number;
}

export const START: Position = { line: 1, column: 1 };

/** A message in the catalogue's words: the rule's message and hint, from `params`. */
export function createMessage<R extends RuleId>(file: string, position: Position, ruleId: R, ...params: RuleArgs<R>): Message {
  return { file, line: position.line, column: position.column, ruleId, severity: rules[ruleId].severity, reason: reasonOf(ruleId, ...params) };
}

/** Under --strict every warning counts as an error. */
export function applyStrict(messages: readonly Message[], strict: boolean): Message[] {
  return messages.map((m) => (strict && m.severity === 'warning' ? { ...m, severity: 'error' } : m));
}

export function hasErrors(messages: readonly Message[]): boolean {
  return messages.some((m) => m.severity === 'error');
}

export function compareMessages(a: Message, b: Message): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}
