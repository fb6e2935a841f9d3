// Spread reading and prefiltering over worker threads when a tree is large
// enough for it to pay off (a worker costs tens of milliseconds to start).

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readAndScan, type ScanOutcome } from './scan.js';

/** Below this many files one thread is faster than starting workers. */
const POOL_THRESHOLD = 2000;
const MAX_WORKERS = 4;

export async function scanFiles(paths: string[], prefilter: boolean): Promise<ScanOutcome[]> {
  const workers = Math.min(MAX_WORKERS, availableParallelism());
  if (paths.length < POOL_THRESHOLD || workers < 2) return paths.map((path) => readAndScan(path, prefilter));
  const size = Math.ceil(paths.length / workers);
  const shares = Array.from({ length: workers }, (_, i) => paths.slice(i * size, (i + 1) * size));
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<ScanOutcome[]>((resolve, reject) => {
          const worker = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: { paths: share, prefilter } });
          worker.once('message', (outcomes: ScanOutcome[]) => resolve(outcomes));
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`read worker exited with ${code}`));
          });
        }),
    ),
  );
  return results.flat();
}
