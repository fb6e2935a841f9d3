// Reading on both cores. Page-cached reads of many small files are
// syscall-bound, and a second thread makes those syscalls alongside this one:
// both take the next shard from one shared counter, so a deep corner of the
// tree does not leave one thread idle, and results go back by shard index, so
// the order is the walk's whatever thread read what. The helper thread starts
// only once reading has taken a while: a small tree is read before a thread
// could start (about 30 ms), and a test run of a fixture spawns nothing.

import { Worker } from 'node:worker_threads';
import { readShard, type Shard, type ShardResult } from './shards.js';

/** Reading longer than this on one thread starts the helper. */
const HELPER_AFTER_MS = 15;
/** Fewer shards left than this are read here: the helper would start too late to help. */
const HELPER_MIN_SHARDS_LEFT = 4;

export interface ScanJob {
  shards: Shard[];
  prefilter: boolean;
  /** Int32Array over a SharedArrayBuffer: the index of the next shard to read. */
  next: Int32Array;
}

/** What the helper posts: results by shard index, then `done`. */
export type HelperMessage = { results: [number, ShardResult][] } | { done: true };

/**
 * Every shard read, results in shard order. `onRead` sees each shard's
 * result as soon as this thread has it (the helper's arrive in batches).
 */
export async function readShards(shards: Shard[], prefilter: boolean, onRead: (result: ShardResult) => void = () => {}): Promise<ShardResult[]> {
  const results: (ShardResult | undefined)[] = new Array(shards.length);
  const job: ScanJob = { shards, prefilter, next: new Int32Array(new SharedArrayBuffer(4)) };
  const keep = (index: number, result: ShardResult) => {
    results[index] = result;
    onRead(result);
  };
  let helper: Promise<void> | null = null;
  const started = performance.now();
  for (let index = Atomics.add(job.next, 0, 1); index < shards.length; index = Atomics.add(job.next, 0, 1)) {
    keep(index, readShard(shards[index]!, prefilter));
    if (helper === null && shards.length - index > HELPER_MIN_SHARDS_LEFT && performance.now() - started > HELPER_AFTER_MS) helper = startHelper(job, keep);
    // Let the helper's batches in while there is reading left to share.
    if (helper !== null) await new Promise((resolve) => setImmediate(resolve));
  }
  if (helper !== null) await helper.catch(() => {});
  // A helper that failed leaves the shards it took unread: read them here.
  for (let index = 0; index < shards.length; index++) if (results[index] === undefined) keep(index, readShard(shards[index]!, prefilter));
  return results as ShardResult[];
}

function startHelper(job: ScanJob, keep: (index: number, result: ShardResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: job });
    worker.on('message', (message: HelperMessage) => {
      if ('done' in message) resolve();
      else for (const [index, result] of message.results) keep(index, result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reader thread exited with ${code}`))));
  });
}
