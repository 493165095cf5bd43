import { createHash } from 'node:crypto';
import { UsageError } from '../diagnostics/errors.js';

/** Part `index` (1-based) of `count`: a stable, disjoint share of the reviews, for one CI runner. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  const shard = match && { index: Number(match[1]), count: Number(match[2]) };
  if (!shard || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw new UsageError(`--shard is "${value}"; give k/n with 1 ≤ k ≤ n, e.g. --shard 2/3`);
  }
  return shard;
}

/** The shard (1-based) a review belongs to, from a hash of its id alone: the same id always lands in the same shard. */
export function shardOf(id: string, count: number): number {
  return (createHash('sha256').update(id).digest().readUInt32BE(0) % count) + 1;
}

export function inShard(id: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(id, shard.count) === shard.index;
}
