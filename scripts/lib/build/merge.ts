/** `--merge-manifests`: what makes a shard's manifest unfit to merge, as messages that point into it. */
import { createMessage, START, type Message } from '../diagnostics/message.js';
import { parseData } from '../source/parse.js';
import { locate } from '../source/positions.js';
import type { ManifestProblem } from './manifest.js';

/** Each problem of the shard manifest `file` (its text `text`) as a message at the value it concerns. */
export function shardMessages(file: string, text: string, problems: readonly ManifestProblem[]): Message[] {
  if (problems.length === 0) return [];
  const { source } = parseData(file, new TextEncoder().encode(text));
  return problems.map((p) => {
    const at = source ? locate(source, p.at) : START;
    return p.ruleId === 'invalid-slug' ? createMessage(file, at, p.ruleId, { kind: 'shard-review', value: p.value }) : createMessage(file, at, p.ruleId, { path: p.path, review: p.review });
  });
}
