// Whole-process measurements: wall time from a monotonic clock around the
// spawn, peak RSS from GNU time's %M, a bound on each run from coreutils'
// timeout. Commands compared with each other run in turn (A B C A B C …) so
// a drift in the machine's speed moves all of them alike; ratios are taken
// round by round and their median reported.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './median.js';

export interface Sample {
  seconds: number;
  rssMb: number;
  status: number;
}

export interface Summary {
  seconds: number;
  minSeconds: number;
  maxSeconds: number;
  rssMb: number;
  timedOut: boolean;
}

export interface Command {
  name: string;
  argv: string[];
  cwd: string;
  /** Exit statuses that mean the command did its work (check exits 1 on findings). */
  okStatuses?: number[];
}

const TIMED_OUT = 124;
const scratch = mkdtempSync(join(tmpdir(), 'tgm-bench-rss-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** One run of `command`, killed after `timeoutSeconds`. */
export function runOnce(command: Command, timeoutSeconds: number): Sample {
  const rssFile = join(scratch, 'rss');
  const argv = ['-f', '%M', '-o', rssFile, 'timeout', '-s', 'KILL', String(timeoutSeconds), ...command.argv];
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', argv, { cwd: command.cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // GNU time prefixes "Command exited with non-zero status N" to its report.
  const report = readFileSync(rssFile, 'utf8').trim().split('\n');
  const rssMb = Number(report[report.length - 1]) / 1024;
  const status = result.status ?? 128;
  const killed = status === TIMED_OUT || status === 128 + 9;
  if (!killed && !(command.okStatuses ?? [0]).includes(status)) {
    throw new Error(`${command.name} exited with ${status} in ${command.cwd}: ${result.stderr.toString().slice(0, 2000)}`);
  }
  return { seconds, rssMb, status: killed ? TIMED_OUT : status };
}

function summarize(samples: Sample[]): Summary {
  const seconds = samples.map((s) => s.seconds);
  return {
    seconds: median(seconds),
    minSeconds: Math.min(...seconds),
    maxSeconds: Math.max(...seconds),
    rssMb: median(samples.map((s) => s.rssMb)),
    timedOut: samples.some((s) => s.status === TIMED_OUT),
  };
}

export interface RoundsResult {
  summaries: Summary[];
  /** ratios[i]: the median over rounds of commands[0] / commands[i]. */
  ratios: number[];
}

/**
 * `runs` rounds of every command in turn, after one warm-up round that is
 * not counted. A command that times out ends the measurement early: later
 * rounds would only time out again.
 */
export function rounds(commands: Command[], runs: number, timeoutSeconds: number): RoundsResult {
  for (const command of commands) runOnce(command, timeoutSeconds);
  const samples: Sample[][] = commands.map(() => []);
  for (let round = 0; round < runs; round++) {
    commands.forEach((command, i) => samples[i]!.push(runOnce(command, timeoutSeconds)));
    if (samples.some((list) => list[list.length - 1]!.status === TIMED_OUT)) break;
  }
  const ratios = commands.map((_, i) => median(samples[0]!.map((a, round) => a.seconds / samples[i]![round]!.seconds)));
  return { summaries: samples.map(summarize), ratios };
}

/** Without a warm-up: for inputs where one run is long and the cache is already warm. */
export function repeated(command: Command, runs: number, timeoutSeconds: number): Summary {
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    samples.push(runOnce(command, timeoutSeconds));
    if (samples[samples.length - 1]!.status === TIMED_OUT) break;
  }
  return summarize(samples);
}

/** d ln(t) / d ln(n) between two sizes. */
export function growthExponent(n1: number, t1: number, n2: number, t2: number): number {
  return Math.log(t2 / t1) / Math.log(n2 / n1);
}

/** The exponent n·log n shows between the same two sizes. */
export function nLogNExponent(n1: number, n2: number): number {
  return growthExponent(n1, n1 * Math.log(n1), n2, n2 * Math.log(n2));
}
