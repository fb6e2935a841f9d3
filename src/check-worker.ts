// `check` runs its whole analysis in a worker thread (started early by the
// bin, see startCheckThreadEarly) whose young generation is capped: reading
// and parsing thousands of files allocates in bursts, and an uncapped heap
// grows with the tree (peak RSS 1.7x from 1,000 to 10,000 files, measured by
// npm run bench). The thread reads alone: the CLI's thread read shards with
// it, but its own young generation grew with the tree, and on 10,000 files
// two readers were no faster in paired runs (1.232 s against 1.234 s, with
// 11% less processor time alone) and held 113 MB against 95. The cap is
// 8 MB: 16 MB held 105 MB there, and on one file of 30,000 workloads, whose
// tree fills a 1.4 GB heap, was no faster (4 MB: 2,092 scavenges took 6.3 s
// of 21.7). The result is plain data.

import * as nodeModule from 'node:module';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CheckOptions, CheckResult, CheckScope, GivenSources } from './check.js';
import type { ReadProgress } from './load.js';

const YOUNG_GENERATION_MB = 8;

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

interface CheckThread {
  worker: Worker;
  /** Rejects when the thread fails or exits before it posts a result. */
  failed: Promise<never>;
}

function startCheckThread(): CheckThread {
  const worker = new Worker(new URL(import.meta.url), { workerData: { isCheckThread: true }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`check thread exited with ${code}`)));
  });
  // A thread started early and never used fails nobody's run, and does not keep the process alive.
  failed.catch(() => {});
  worker.unref();
  return { worker, failed };
}

let early: CheckThread | null = null;

/**
 * Starts the check thread before the command line is parsed (the bin calls
 * it for `check`): the thread loads the analysis modules on one core while
 * the CLI's load on the other, about 100 ms of a check's start-up. Unused,
 * it ends with the process.
 */
export function startCheckThreadEarly(): void {
  early ??= startCheckThread();
}

/** `onProgress`: told how reading goes, about every PROGRESS_MS. */
export function runCheckIsolated(paths: string[], options: CheckOptions, scope: CheckScope, stdin?: GivenSources, onProgress?: (counts: ReadProgress) => void): Promise<CheckResult> {
  const thread = early ?? startCheckThread();
  early = null;
  return new Promise((resolve, reject) => {
    const job: Job = { paths, options, scope, ...(stdin ? { stdin } : {}), progress: onProgress !== undefined };
    thread.failed.catch(reject);
    thread.worker.on('message', (message: CheckMessage) => {
      if ('progress' in message) onProgress?.(message.progress);
      else resolve(message.result);
    });
    thread.worker.ref();
    thread.worker.postMessage(job);
  });
}

if (!isMainThread && parentPort && (workerData as { isCheckThread?: boolean } | undefined)?.isCheckThread) {
  const port = parentPort;
  // The compile cache the bin turns on (Node 22.1+) is each thread's own to turn on.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // Loaded here only: the main thread never pays for the analysis modules.
  const loading = import('./check.js');
  port.once('message', async (job: Job) => {
    const { runCheck } = await loading;
    let posted = 0;
    const onProgress = (progress: ReadProgress) => {
      if (performance.now() - posted < PROGRESS_MS) return;
      posted = performance.now();
      port.postMessage({ progress } satisfies CheckMessage);
    };
    const result = await runCheck(job.paths, job.options, job.scope, job.stdin, job.progress ? onProgress : undefined, null);
    port.postMessage({ result } satisfies CheckMessage);
    port.close();
  });
}
