// `check` runs its whole analysis in a worker thread whose young generation
// is capped: reading and parsing thousands of files allocates in bursts, and
// an uncapped heap grows with the tree (peak RSS 1.7x from 1,000 to 10,000
// files, measured by npm run bench). The result is plain data.

import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CheckOptions, CheckResult, CheckScope, GivenSources } from './check.js';
import type { ReadProgress } from './load.js';

const YOUNG_GENERATION_MB = 4;

interface Job {
  paths: string[];
  options: CheckOptions;
  scope: CheckScope;
  /** Text read from stdin (`check -`), checked with the files, and what could not be read of it. */
  stdin?: GivenSources;
  /** Whether to post progress while reading. */
  progress: boolean;
}

const PROGRESS_MS = 100;

/** What the thread posts: progress while reading (when asked for), then the result. */
type CheckMessage = { progress: ReadProgress } | { result: CheckResult };

/** `onProgress`: told how reading goes, about every PROGRESS_MS. */
export function runCheckIsolated(paths: string[], options: CheckOptions, scope: CheckScope, stdin?: GivenSources, onProgress?: (counts: ReadProgress) => void): Promise<CheckResult> {
  return new Promise((resolve, reject) => {
    const job: Job = { paths, options, scope, ...(stdin ? { stdin } : {}), progress: onProgress !== undefined };
    const worker = new Worker(new URL(import.meta.url), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    worker.on('message', (message: CheckMessage) => {
      if ('progress' in message) onProgress?.(message.progress);
      else resolve(message.result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`check thread exited with ${code}`));
    });
  });
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.options) {
  const job = workerData as Job;
  // Loaded here only: the main thread never pays for the analysis modules.
  const { runCheck } = await import('./check.js');
  const port = parentPort;
  let posted = 0;
  const onProgress = (progress: ReadProgress) => {
    if (performance.now() - posted < PROGRESS_MS) return;
    posted = performance.now();
    port.postMessage({ progress } satisfies CheckMessage);
  };
  const result = await runCheck(job.paths, job.options, job.scope, job.stdin, job.progress ? onProgress : undefined);
  port.postMessage({ result } satisfies CheckMessage);
}
