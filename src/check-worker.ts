// `check` runs its whole analysis in a worker thread (started early by the
// bin, see startCheckThreadEarly) whose young generation is capped: reading
// and parsing thousands of files allocates in bursts, and an uncapped heap
// grows with the tree (peak RSS 1.7x from 1,000 to 10,000 files, measured by
// npm run bench). The cap is 16 MB. On one file of 30,000 workloads, whose
// tree fills a 1.4 GB heap and survives every scavenge, 8 MB took 850
// scavenges (3.4 s of 12.8): 16 MB took 11.2 s against 11.9 (4 alternating
// pairs), 32 MB 10.2 s against 12.0 (3 pairs). On the 10,000-file tree the
// time is the same and peak RSS is 111 MB with 16 MB, 104 with 8, 116 with
// 32; 4 MB was slower on the workloads (2,092 scavenges took 6.3 s of 21.7).
// Reading alone here, without the CLI's thread, held 95 MB but took 8%
// longer (1.407 s against 1.318). The result is plain data.

import * as nodeModule from 'node:module';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { CheckOptions, CheckResult, CheckScope, GivenSources } from './check.js';
import type { ReadProgress } from './load.js';
import type { HelperMessage, keepPosted as KeepPosted, ReaderHelper, ScanJob } from './sources/scan-pool.js';

const YOUNG_GENERATION_MB = 16;

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

/**
 * What the thread posts: progress while reading (when asked for), a job of
 * shards for its parent to read with it, then the result. The parent posts
 * the Job first, then what it read of the shards (HelperMessage).
 */
type CheckMessage = { progress: ReadProgress } | { readShards: ScanJob } | { result: CheckResult };

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
      // This thread only waits meanwhile: it reads with the check thread, pausing between batches for progress.
      else if ('readShards' in message) void readWithThread(thread.worker, message.readShards);
      else resolve(message.result);
    });
    thread.worker.ref();
    thread.worker.postMessage(job);
  });
}

/**
 * Reads shards of `job` alongside `worker`, posting what it read, then done
 * (readAsHelper posts it even when a read throws): the shards a failure
 * leaves unread are read by the worker.
 */
async function readWithThread(worker: Worker, job: ScanJob): Promise<void> {
  // Loaded only now: the bin starts the check thread before anything else is loaded.
  const { readAsHelper } = await import('./sources/scan-pool.js');
  await readAsHelper(job, (read) => worker.postMessage(read), () => new Promise((next) => setImmediate(next))).catch(() => {});
}

/** The parent thread as the second reader: it waits for the result anyway, and is running already. */
function parentAsReader(port: MessagePort, keepPosted: typeof KeepPosted): ReaderHelper {
  return (job, keep) =>
    new Promise((resolve) => {
      const onMessage = (message: HelperMessage) => {
        if (!keepPosted(message, keep)) return;
        port.off('message', onMessage);
        resolve();
      };
      port.on('message', onMessage);
      port.postMessage({ readShards: job } satisfies CheckMessage);
    });
}

if (!isMainThread && parentPort && (workerData as { isCheckThread?: boolean } | undefined)?.isCheckThread) {
  const port = parentPort;
  // The compile cache the bin turns on (Node 22.1+) is each thread's own to turn on.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // Loaded here only: the main thread never pays for the analysis modules.
  const loading = Promise.all([import('./check.js'), import('./sources/scan-pool.js')]);
  port.once('message', async (job: Job) => {
    const [{ runCheck }, { keepPosted }] = await loading;
    const readerHelper = parentAsReader(port, keepPosted);
    let posted = 0;
    const onProgress = (progress: ReadProgress) => {
      if (performance.now() - posted < PROGRESS_MS) return;
      posted = performance.now();
      port.postMessage({ progress } satisfies CheckMessage);
    };
    const result = await runCheck(job.paths, job.options, job.scope, job.stdin, job.progress ? onProgress : undefined, readerHelper);
    port.postMessage({ result } satisfies CheckMessage);
    port.close();
  });
}
