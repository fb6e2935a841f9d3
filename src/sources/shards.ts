// A walk cut into shards that threads can read independently: the first
// levels of each input directory are listed here, breadth first, and every
// subdirectory not listed yet becomes a shard of its own. Shards keep the
// walk's order (depth first, names sorted), so reading them in any order and
// putting the results back by shard index gives exactly what one walk gives.

import { inputEntries, listTask, walk, type DiscoveredPath, type WalkEntry, type WalkInput, type WalkTask } from './discover.js';
import type { ExcludeRule } from '../suppress/exclude.js';
import { PASSED_OVER, readAndScan, type ScanOutcome } from './scan.js';
import { append } from '../lists.js';

/** Plain data: crosses to a reader thread as is. */
export type Shard = { paths: DiscoveredPath[] } | { task: WalkTask };

export interface ShardResult {
  /** What the walk passed over or could not list, in walk order. */
  skipped: DiscoveredPath[];
  /** One per file read, in walk order, but for those passed over. */
  outcomes: Exclude<ScanOutcome, typeof PASSED_OVER>[];
  /** How many files were read and passed over (the prefilter found nothing in them). */
  passedOver: number;
}

/**
 * The walk of `inputs` as shards, expanding directories level by level until
 * there are `wanted` directory shards (or none left to expand): enough for
 * two threads to share the work evenly whatever the tree's shape.
 */
export function shardInputs(inputs: WalkInput[], exclude: readonly ExcludeRule[], wanted: number): Shard[] {
  let entries: WalkEntry[] = inputEntries(inputs, exclude);
  for (let level = 0; level < 8; level++) {
    let directories = entries.filter((entry) => 'task' in entry).length;
    if (directories === 0 || directories >= wanted) break;
    const next: WalkEntry[] = [];
    for (const entry of entries) {
      if (!('task' in entry) || directories >= wanted) {
        next.push(entry);
        continue;
      }
      const listed = listTask(entry.task);
      directories += listed.filter((child) => 'task' in child).length - 1;
      append(next, listed);
    }
    entries = next;
  }
  const shards: Shard[] = [];
  for (const entry of entries) {
    if ('task' in entry) {
      shards.push({ task: entry.task });
      continue;
    }
    const last = shards[shards.length - 1];
    if (last && 'paths' in last) last.paths.push(entry.found);
    else shards.push({ paths: [entry.found] });
  }
  return shards;
}

export function readShard(shard: Shard, prefilter: boolean): ShardResult {
  const found: DiscoveredPath[] = [];
  if ('task' in shard) walk(shard.task, found);
  else append(found, shard.paths);
  const result: ShardResult = { skipped: [], outcomes: [], passedOver: 0 };
  for (const entry of found) {
    if (entry.skipReason) {
      result.skipped.push(entry);
      continue;
    }
    const outcome = readAndScan(entry.path, prefilter, entry.readFrom, entry.isListedFile === true);
    if (outcome.kind === 'passed-over') result.passedOver++;
    else result.outcomes.push(outcome);
  }
  return result;
}
