// The helper thread of scan-pool.ts: it takes shards from the shared counter
// until none is left, and posts what it read in batches (a message per shard
// cost more than the reading of a small one).

import { parentPort, workerData } from 'node:worker_threads';
import { readShard, type ShardResult } from './shards.js';
import type { HelperMessage, ScanJob } from './scan-pool.js';

const BATCH_MS = 10;

const job = workerData as ScanJob;
let batch: [number, ShardResult][] = [];
let since = performance.now();
for (let index = Atomics.add(job.next, 0, 1); index < job.shards.length; index = Atomics.add(job.next, 0, 1)) {
  batch.push([index, readShard(job.shards[index]!, job.prefilter)]);
  if (performance.now() - since > BATCH_MS) {
    parentPort!.postMessage({ results: batch } satisfies HelperMessage);
    batch = [];
    since = performance.now();
  }
}
parentPort!.postMessage({ results: batch } satisfies HelperMessage);
parentPort!.postMessage({ done: true } satisfies HelperMessage);
