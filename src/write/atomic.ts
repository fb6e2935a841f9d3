// One file, atomically: a temp file in the target's own directory, written,
// given the target's owner and mode, flushed, then renamed over the target.
// A crash leaves the old file or the new one, never half of either. Just
// before the rename the target is read again: if it no longer holds the bytes
// the plan was made from, someone saved it meanwhile and the file is refused
// rather than their edit lost.

import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { openDirectory } from './directory.js';
import { isInsideRoots, resolveTarget, type WriteRoots } from './confine.js';
import { nextTempName, sweepStaleTempFiles } from './temp-names.js';
import { fsPath } from '../sources/names.js';

export type ReplaceResult =
  | { kind: 'written' }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; code?: string; message: string }
  /** Stopped by a signal before the rename: the target is untouched, the temp file gone. */
  | { kind: 'interrupted' };

export interface ReplaceRequest {
  /** The target's real path (links resolved, confinement checked). */
  realPath: string;
  text: string;
  /** What the target must still hold just before the rename: null for "must not exist"; absent for "anything". */
  expected?: string | null;
  /** Checked again on the directory handle, at open time and before the rename. */
  roots?: WriteRoots;
  signal?: AbortSignal;
  /** Called once the temp file is complete, before the rename (tests stop or fail a write here). */
  afterTempWritten?: () => void | Promise<void>;
}

/** Directories already swept by this process. */
const swept = new Set<string>();

const NEW_TEMP = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
const READ_NO_LINK = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export async function replaceFile(request: ReplaceRequest): Promise<ReplaceResult> {
  const directoryPath = dirname(request.realPath);
  const name = basename(request.realPath);
  let temp: string | null = null;
  let directory: Awaited<ReturnType<typeof openDirectory>> | null = null;
  try {
    // Again now, before a directory is made: an ancestor swapped for a link since pre-flight must not carry mkdir out.
    const now = request.roots ? resolveTarget(request.realPath) : null;
    if (now && (!now.ok || now.realPath !== request.realPath || !isInsideRoots(now.realPath, request.roots!))) {
      return { kind: 'refused', reason: 'its path changed since it was checked (a link where a directory was?); not written' };
    }
    await mkdir(fsPath(directoryPath), { recursive: true });
    directory = await openDirectory(directoryPath);
    const stillInside = async () => !request.roots || isInsideRoots(join(await directory!.currentPath(), name), request.roots);
    if (!(await stillInside())) return { kind: 'refused', reason: 'its directory is no longer inside the tree (a path component changed); not written' };
    if (!swept.has(directoryPath)) {
      swept.add(directoryPath);
      await sweepStaleTempFiles(directoryPath);
    }
    const current = await lstat(fsPath(directory.entry(name))).catch(() => null);
    if (current && !current.isFile()) return { kind: 'refused', reason: 'is no longer a regular file; not written' };
    temp = directory.entry(nextTempName());
    const handle = await open(fsPath(temp), NEW_TEMP, current ? 0o600 : 0o666);
    try {
      await handle.writeFile(request.text, 'utf8');
      if (current) {
        // chown first: it clears set-id bits, which chmod then restores.
        const made = await handle.stat();
        if (made.uid !== current.uid || made.gid !== current.gid) await handle.chown(current.uid, current.gid);
        await handle.chmod(current.mode & 0o7777);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await request.afterTempWritten?.();
    if (request.expected !== undefined) {
      const now = await readEntry(directory.entry(name));
      if (now === 'link') return { kind: 'refused', reason: 'became a symbolic link while --write ran; not written' };
      const expected = request.expected === null ? null : Buffer.from(request.expected, 'utf8');
      if (!(now === null ? expected === null : expected !== null && now.equals(expected))) {
        return { kind: 'refused', reason: 'changed while the tool ran (saved by someone else?); not written, so that edit is kept' };
      }
    }
    if (!(await stillInside())) return { kind: 'refused', reason: 'its directory moved outside the tree while --write ran; not written' };
    if (request.signal?.aborted) return { kind: 'interrupted' };
    await rename(fsPath(temp), fsPath(directory.entry(name)));
    temp = null;
    await directory.sync();
    return { kind: 'written' };
  } catch (error) {
    return { kind: 'failed', ...describe(error) };
  } finally {
    if (temp !== null) await unlink(fsPath(temp)).catch(() => undefined);
    await directory?.close().catch(() => undefined);
  }
}

/** The bytes of a directory entry, null when absent, 'link' when it is a symbolic link. */
async function readEntry(path: string): Promise<Buffer | null | 'link'> {
  try {
    const handle = await open(fsPath(path), READ_NO_LINK);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') return 'link';
    throw error;
  }
}

/** `EACCES: permission denied`, without the /proc/self/fd path the syscall saw. */
export function describe(error: unknown): { code?: string; message: string } {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const errno = /^(E[A-Z0-9]+): ([^,]+)/.exec(message);
  if (code === 'EPERM' && /chown/.test(message)) return { code, message: 'EPERM: cannot keep the file\'s owner (only root can give a file to another user)' };
  return { ...(code !== undefined ? { code } : {}), message: errno ? `${errno[1]}: ${errno[2]}` : message };
}

/** Atomic write of one file the tool produces itself (a plan, a report): links followed, no plan to check against. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = resolveTarget(path);
  if (!target.ok) throw new Error(`${path}: ${target.reason}`);
  const result = await replaceFile({ realPath: target.realPath, text });
  if (result.kind === 'failed') throw Object.assign(new Error(`${path}: ${result.message}`), { code: result.code });
  if (result.kind !== 'written') throw new Error(`${path}: not written`);
}
