// The helper thread of scan-pool.ts: it reads shards from the start of the
// walk until it meets the thread that started it, as any second reader does
// (readAsHelper).

import { parentPort, workerData } from 'node:worker_threads';
import { readAsHelper, type ScanJob } from './scan-pool.js';

await readAsHelper(workerData as ScanJob, (message) => parentPort!.postMessage(message));
