// How much a second reading thread gives on this machine: the walk of a tree
// read and prefiltered by one thread, then by two threads (this one and a
// worker) that each read every other shard, with the code `check` reads with
// (readShard); then the same for bare open/read/close. Each thread's first
// run is its code's cold start, as in a `check` (each thread compiles its
// own): it is timed on fresh workers each time. Warm runs follow, on this
// thread and one worker. Prints medians of wall time in ms, one thread
// against two.
//
//   node dist/bench/two-readers.js <tree> [runs]

import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { readShard, shardInputs, type Shard } from '../src/sources/shards.js';
import { median } from './median.js';

type Work = { kind: 'scan'; shards: Shard[] } | { kind: 'bare'; files: string[] };

const BUFFER = Buffer.allocUnsafe(1 << 20);

function run(work: Work): number {
  const started = performance.now();
  if (work.kind === 'scan') for (const shard of work.shards) readShard(shard, true);
  else {
    for (const file of work.files) {
      const fd = openSync(file, 'r');
      readSync(fd, BUFFER, 0, BUFFER.length, null);
      closeSync(fd);
    }
  }
  return performance.now() - started;
}

function everyOther<T>(items: T[], first: 0 | 1): T[] {
  return items.filter((_, index) => index % 2 === first);
}

function split(work: Work, first: 0 | 1): Work {
  return work.kind === 'scan' ? { kind: 'scan', shards: everyOther(work.shards, first) } : { kind: 'bare', files: everyOther(work.files, first) };
}

/** Wall time of `work` shared with `worker` (which reads the other half, workerData). */
async function twoThreads(work: Work, worker: Worker): Promise<number> {
  const started = performance.now();
  const theirs = new Promise((done) => worker.once('message', done));
  worker.postMessage('go');
  run(split(work, 0));
  await theirs;
  return performance.now() - started;
}

/** A worker, loaded and waiting, that runs `work` whenever it is told to. */
async function readyWorker(work: Work): Promise<Worker> {
  const worker = new Worker(new URL(import.meta.url), { workerData: work });
  await new Promise((ready) => worker.once('message', ready));
  return worker;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function filesUnder(directory: string, out: string[] = []): string[] {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) filesUnder(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

if (isMainThread) {
  const [tree = '', runsArg] = process.argv.slice(2);
  const runs = Number(runsArg ?? 7);
  const problem = !tree ? 'no tree given' : !isDirectory(tree) ? `${tree}: not a directory` : !Number.isInteger(runs) || runs < 1 ? `runs: ${runsArg} is not a whole number of 1 or more` : null;
  if (problem) {
    process.stderr.write(`two-readers: ${problem}\nusage: node dist/bench/two-readers.js <tree> [runs]\n`);
    process.exit(2);
  }
  const scan: Work = { kind: 'scan', shards: shardInputs([{ shown: tree, readFrom: tree }], [], 64) };
  const bare: Work = { kind: 'bare', files: filesUnder(tree) };
  for (const [name, work] of [['read and prefilter (readShard)', scan], ['bare open/read/close', bare]] as const) {
    // Cold: fresh workers each time, one reading all of it, then two reading a half each.
    const coldOne: number[] = [];
    const coldTwo: number[] = [];
    for (let round = 0; round < runs; round++) {
      const alone = await readyWorker(work);
      coldOne.push(await timedIn(alone));
      await alone.terminate();
      const pair = [await readyWorker(split(work, 0)), await readyWorker(split(work, 1))] as const;
      coldTwo.push(await bothCold(...pair));
      await Promise.all(pair.map((worker) => worker.terminate()));
    }
    const worker = await readyWorker(split(work, 1));
    const one: number[] = [];
    const two: number[] = [];
    // Warm (after a round that is not counted), alternating, so a drift in the machine's speed falls on both.
    run(work);
    await twoThreads(work, worker);
    for (let round = 0; round < runs; round++) {
      one.push(run(work));
      two.push(await twoThreads(work, worker));
    }
    await worker.terminate();
    const line = (label: string, a: number, b: number) => `${label} one thread ${a.toFixed(1)} ms, two ${b.toFixed(1)} ms, ${(a / b).toFixed(2)}x`;
    process.stdout.write(`${name}: ${line('cold', median(coldOne), median(coldTwo))}; ${line('warm', median(one), median(two))} (medians of ${runs})\n`);
  }
} else {
  const port = parentPort!;
  port.postMessage('ready');
  port.on('message', () => port.postMessage(run(workerData as Work)));
}

/** The time a worker takes over its own work. */
async function timedIn(worker: Worker): Promise<number> {
  const done = new Promise<number>((resolve) => worker.once('message', resolve));
  worker.postMessage('go');
  return done;
}

/** Wall time of two cold workers reading their halves at once. */
async function bothCold(a: Worker, b: Worker): Promise<number> {
  const started = performance.now();
  await Promise.all([timedIn(a), timedIn(b)]);
  return performance.now() - started;
}
