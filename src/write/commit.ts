// The loop every write goes through (migrate --write, --out-dir, apply, the
// wizard): pre-flight each target, then write them one by one in the given
// order. A failure stays with its file: the others go on, and the files that
// had to wait for it are not written. A signal finishes or rolls back the
// file in flight and stops before the next one.

import { constants, statSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isInsideRoots, resolveTarget, type WriteRoots } from './confine.js';
import { replaceFile, type ReplaceResult } from './atomic.js';
import type { InterruptSignal, WriteOutcome } from './outcome.js';
import { fsPath } from '../sources/names.js';
import { append } from '../lists.js';

/** The longest file name Linux, macOS and Windows filesystems take, in bytes. */
const NAME_MAX = 255;

export interface CommitTarget {
  /** The plan's name for the file: what `requires` refers to. */
  key: string;
  /** Shown in messages. */
  display: string;
  /** Where to write (absolute). */
  path: string;
  text: string;
  /** What the target must still hold just before the rename (null: must not exist); absent in --out-dir. */
  expected?: string | null;
  isNew: boolean;
  /** Keys that must be written first. */
  requires: string[];
}

export interface WriteHooks {
  /** After a file's temp file is complete, before its rename. Throwing fails that file, as a write error would. */
  afterTempWritten?(display: string): void | Promise<void>;
  /** After each file, whatever became of it. */
  afterFile?(display: string): void | Promise<void>;
}

export interface CommitOptions {
  roots: WriteRoots;
  signal?: AbortSignal;
  hooks?: WriteHooks;
}

export type CommitResult = Pick<WriteOutcome, 'written' | 'created' | 'refused' | 'errors' | 'notWritten' | 'interrupted' | 'refusal'>;

type Checked = { ok: true; realPath: string } | { ok: false; refused?: string; error?: string; isOutside?: boolean };

/** Where each target really lands, or why it cannot be written: checked for all before any is written. */
export async function preflight(targets: CommitTarget[], roots: WriteRoots): Promise<Map<string, Checked>> {
  const checked = new Map<string, Checked>();
  for (const target of targets) checked.set(target.key, await preflightOne(target, roots));
  return checked;
}

async function preflightOne(target: CommitTarget, roots: WriteRoots): Promise<Checked> {
  const nameBytes = Buffer.byteLength(basename(target.path));
  if (nameBytes > NAME_MAX) return { ok: false, error: `ENAMETOOLONG: file name too long (${nameBytes} bytes; the limit is ${NAME_MAX})` };
  const resolved = resolveTarget(target.path);
  if (!resolved.ok) return { ok: false, refused: resolved.reason };
  if (!isInsideRoots(resolved.realPath, roots)) return { ok: false, refused: `it would land at ${resolved.realPath}, outside the tree`, isOutside: true };
  const directory = nearestDirectory(dirname(resolved.realPath));
  try {
    await access(fsPath(directory), constants.W_OK);
  } catch (error) {
    return { ok: false, error: `${(error as NodeJS.ErrnoException).code ?? 'error'}: cannot write in ${directory}` };
  }
  return { ok: true, realPath: resolved.realPath };
}

/** A new file may go in a directory still to be made: its nearest existing ancestor must take it. */
function nearestDirectory(directory: string): string {
  for (;;) {
    try {
      if (statSync(fsPath(directory)).isDirectory()) return directory;
    } catch {
      // not there yet: climb
    }
    const parent = dirname(directory);
    if (parent === directory) return directory;
    directory = parent;
  }
}

export async function commitWrites(targets: CommitTarget[], options: CommitOptions): Promise<CommitResult> {
  const result: CommitResult = { written: [], created: [], refused: [], errors: [], notWritten: [] };
  const checked = await preflight(targets, options.roots);
  // A target outside the tree means the plan is not what it claims to be: nothing of it is written.
  const outside = targets.flatMap((target) => {
    const check = checked.get(target.key)!;
    return !check.ok && check.isOutside ? [{ display: target.display, reason: check.refused! }] : [];
  });
  if (outside.length > 0) {
    const message = `${outside.map((target) => target.display).join(', ')} would land outside the input tree`;
    return { ...result, refusal: { kind: 'outside', message, details: outside.map((target) => `${target.display}: ${target.reason}`) } };
  }
  const failed = new Set<string>();
  for (const [index, target] of targets.entries()) {
    const done = options.signal?.aborted ? ({ kind: 'interrupted' } as const) : await writeOne(target, checked.get(target.key)!, failed, targets, options);
    if (done.kind === 'interrupted') {
      result.interrupted = signalName(options.signal!);
      append(result.notWritten, targets.slice(index).map((t) => t.display));
      break;
    }
    if (done.kind === 'written') (target.isNew ? result.created : result.written).push(target.display);
    else failed.add(target.key);
    if (done.kind === 'failed') result.errors.push({ path: target.display, message: done.message });
    if (done.kind === 'refused') result.refused.push({ path: target.display, reason: done.reason });
    await options.hooks?.afterFile?.(target.display);
  }
  // A signal after the last rename still ends the run as interrupted, with nothing left unwritten.
  if (options.signal?.aborted && !result.interrupted) result.interrupted = signalName(options.signal);
  return result;
}

/** One target: refused or failed at pre-flight, waiting on a file that was not written, or written now. */
async function writeOne(target: CommitTarget, check: Checked, failed: Set<string>, targets: CommitTarget[], options: CommitOptions): Promise<ReplaceResult> {
  if (!check.ok) return check.error !== undefined ? { kind: 'failed', message: check.error } : { kind: 'refused', reason: check.refused! };
  const waitsFor = target.requires.filter((key) => failed.has(key));
  if (waitsFor.length > 0) {
    return { kind: 'refused', reason: `it must follow ${waitsFor.map((key) => displayOf(targets, key)).join(', ')}, which ${waitsFor.length === 1 ? 'was' : 'were'} not written` };
  }
  return replaceFile({
    realPath: check.realPath,
    text: target.text,
    expected: target.expected,
    roots: options.roots,
    signal: options.signal,
    afterTempWritten: () => options.hooks?.afterTempWritten?.(target.display),
  });
}

function displayOf(targets: CommitTarget[], key: string): string {
  return targets.find((target) => target.key === key)?.display ?? key;
}

function signalName(signal: AbortSignal): InterruptSignal {
  return signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}
