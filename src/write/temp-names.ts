// Temp files are named after the run that writes them: `.tgm-PID-START-SEQ.tmp`,
// fixed length (35 bytes, far under NAME_MAX whatever the target is called),
// with the writer's pid and process start time. The sweep removes only names
// of exactly this shape whose writer is gone, so a user's `.tgm-tmp-notes.txt`
// and another live run's file in flight are never touched.

import { readFileSync } from 'node:fs';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeName, fsPath } from '../sources/names.js';
import { TEMP_NAME } from '../sources/temp-name-shape.js';


/**
 * When a process started: clock ticks since boot from /proc (field 22 of
 * stat, after the parenthesised command name, which may hold spaces); null
 * when the process is gone or there is no /proc.
 */
export function processStartTicks(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start === undefined ? null : Number(start);
  } catch {
    return null;
  }
}

/** This process, as temp names record it: a pid can be reused, pid plus start time cannot. */
const SELF = { pid: process.pid, start: processStartTicks('self') ?? Math.floor(performance.timeOrigin) };
let sequence = 0;

export function nextTempName(): string {
  sequence = (sequence + 1) % 0x10000;
  return tempNameOf(SELF.pid, SELF.start, sequence);
}

/** The temp name process `pid`, started at `start` (clock ticks since boot), gives its `seq`th file. */
export function tempNameOf(pid: number, start: number, seq = 1): string {
  return `.tgm-${hex(pid, 8)}-${hex(start, 12)}-${hex(seq, 4)}.tmp`;
}

function hex(value: number, width: number): string {
  return (value % 16 ** width).toString(16).padStart(width, '0');
}

/** Whether the run that named a temp file may still be writing it. */
function isWriterAlive(pid: number, start: number): boolean {
  if (pid === SELF.pid && start === SELF.start) return true;
  const started = processStartTicks(pid);
  if (started !== null) return started === start;
  // No start time to compare (no /proc, or hidden): a pid that exists may be the writer, so its files stay.
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temp files of dead runs from `directory`; returns their paths. */
export async function sweepStaleTempFiles(directory: string): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(fsPath(directory), { encoding: 'buffer' }).then((list) => list.map(decodeName), () => [] as string[]);
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match || isWriterAlive(parseInt(match[1]!, 16), parseInt(match[2]!, 16))) continue;
    const path = join(directory, name);
    const info = await lstat(fsPath(path)).catch(() => null);
    if (!info?.isFile()) continue;
    if (await unlink(fsPath(path)).then(() => true, () => false)) removed.push(path);
  }
  return removed;
}
