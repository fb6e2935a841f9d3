// A worker of the read pool: reads its share of the files, runs the byte
// prefilter, and sends back the kept files' text (or why a file failed).

import { parentPort, workerData } from 'node:worker_threads';
import { readAndScan, type ScanOutcome } from './scan.js';

const { paths, prefilter } = workerData as { paths: string[]; prefilter: boolean };
const outcomes: ScanOutcome[] = paths.map((path) => readAndScan(path, prefilter));
parentPort!.postMessage(outcomes);
