// Reading on both cores. Page-cached reads of many small files are
// syscall-bound, and a second thread makes those syscalls alongside this one.
// The two take shards from opposite ends of the walk, each claiming the next
// one in a shared array, until they meet: a deep corner of the tree does not
// leave one thread idle, and results go back by shard index, so the order is
// the walk's whatever thread read what. The thread that parses what is read
// (the check thread) takes from the end. From one end, the files that need
// parsing came last when they sat late in the walk, as a monitoring/
// directory does after apps/: both threads had read everything and one was
// still parsing. On a 10,000-file tree with its 100 Thanos manifests there,
// that tail was 50 to 80 ms of a 0.55 s check.
//
// The second reader is a thread that is idle anyway when there is one: the
// check thread's parent waits for its result, so it reads with it from the
// first shard on (a ReaderHelper). Otherwise a helper thread is started once
// reading has taken a while: a small tree is read before a thread could start
// (about 100 ms of a core on a 2-core machine), and a test run of a fixture
// spawns nothing.

import { Worker } from 'node:worker_threads';
import { readShard, type Shard, type ShardResult } from './shards.js';

/** Reading longer than this on one thread starts the helper. */
const HELPER_AFTER_MS = 15;
/** Fewer shards left than this are read here: the helper would start too late to help. */
const HELPER_MIN_SHARDS_LEFT = 4;
/** A second reader posts what it read about this often (a message per shard cost more than reading a small one). */
const BATCH_MS = 10;

export interface ScanJob {
  shards: Shard[];
  prefilter: boolean;
  /** Int32Array over a SharedArrayBuffer, one per shard: 1 once a reader has claimed it. */
  claimed: Int32Array;
}

/** A job of `shards` no reader has claimed yet. */
export function scanJob(shards: Shard[], prefilter: boolean): ScanJob {
  return { shards, prefilter, claimed: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, shards.length))) };
}

/**
 * Claims the shards of `job` one by one from one end: the index of the next
 * one, or -1 once the reader from the other end has claimed it (and so every
 * one beyond it). Two readers at most, one from each end.
 */
export function shardTaker(job: ScanJob, fromEnd: boolean): () => number {
  const step = fromEnd ? -1 : 1;
  let cursor = fromEnd ? job.shards.length - 1 : 0;
  return () => {
    if (cursor < 0 || cursor >= job.shards.length || Atomics.compareExchange(job.claimed, cursor, 0, 1) !== 0) return -1;
    const index = cursor;
    cursor += step;
    return index;
  };
}

/** What a second reader posts: results by shard index, then `done`. */
export type HelperMessage = { results: [number, ShardResult][] } | { done: true };

/**
 * Another thread that reads shards of `job` alongside this one, its results
 * given to `keep`; the promise settles when it has taken its last shard and
 * every result of it is kept.
 */
export type ReaderHelper = (job: ScanJob, keep: (index: number, result: ShardResult) => void) => Promise<void>;

/** Gives `keep` the results a second reader posted; true when the message says it is done. */
export function keepPosted(message: HelperMessage, keep: (index: number, result: ShardResult) => void): boolean {
  if ('done' in message) return true;
  for (const [index, result] of message.results) keep(index, result);
  return false;
}

/**
 * The second reader's side: takes shards from the start of the walk until it
 * meets the other reader, posting results in batches, then `done`. `pause`
 * between batches lets a thread with other work (the CLI's progress line)
 * see to it.
 */
export async function readAsHelper(job: ScanJob, post: (message: HelperMessage) => void, pause?: () => Promise<void>): Promise<void> {
  let batch: [number, ShardResult][] = [];
  let since = performance.now();
  const take = shardTaker(job, false);
  try {
    for (let index = take(); index !== -1; index = take()) {
      batch.push([index, readShard(job.shards[index]!, job.prefilter)]);
      if (performance.now() - since > BATCH_MS) {
        post({ results: batch });
        batch = [];
        if (pause) await pause();
        since = performance.now();
      }
    }
  } finally {
    // What was read is posted even when a read threw: the reader of the shards left over reads only those.
    post({ results: batch });
    post({ done: true });
  }
}

/**
 * Every shard read, results in shard order. `onRead` sees each shard's
 * result as soon as this thread has it (a second reader's arrive in
 * batches). `helper`: a thread that reads alongside from the start, instead
 * of one started when reading takes a while.
 */
export async function readShards(shards: Shard[], prefilter: boolean, onRead: (result: ShardResult) => void = () => {}, helper?: ReaderHelper): Promise<ShardResult[]> {
  const results: (ShardResult | undefined)[] = new Array(shards.length);
  const job = scanJob(shards, prefilter);
  const take = shardTaker(job, true);
  const keep = (index: number, result: ShardResult) => {
    results[index] = result;
    onRead(result);
  };
  let second: Promise<void> | null = helper && shards.length > 1 ? helper(job, keep) : null;
  const started = performance.now();
  let readHere = 0;
  for (let index = take(); index !== -1; index = take()) {
    keep(index, readShard(shards[index]!, prefilter));
    readHere++;
    if (second === null && shards.length - readHere > HELPER_MIN_SHARDS_LEFT && performance.now() - started > HELPER_AFTER_MS) second = startHelperThread(job, keep);
    // Let the second reader's batches in while there is reading left to share.
    if (second !== null) await new Promise((resolve) => setImmediate(resolve));
  }
  if (second !== null) await second.catch(() => {});
  // A second reader that failed leaves the shards it took unread: read them here.
  for (let index = 0; index < shards.length; index++) if (results[index] === undefined) keep(index, readShard(shards[index]!, prefilter));
  return results as ShardResult[];
}

/** A helper thread (scan-worker.ts) that reads shards of `job` until it meets this one. */
function startHelperThread(job: ScanJob, keep: (index: number, result: ShardResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: job });
    worker.on('message', (message: HelperMessage) => {
      if (keepPosted(message, keep)) resolve();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reader thread exited with ${code}`))));
  });
}
