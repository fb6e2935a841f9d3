// Inputs are read only when they are regular files, and only up to a size.
// An SD path like ../../../dev/zero reached 16.8 GB in a minute, and opening
// a FIFO blocks until someone writes to it: the open never blocks
// (O_NONBLOCK, which a regular file ignores), and fstat on the descriptor
// decides before a byte is read, so the answer is about the file actually
// opened, not about a name that could be swapped in between.
//
// A file the walk listed as regular (its directory entry says so) is read
// without that fstat: into a fixed buffer until a read gives 0, and only a
// file that fills the buffer is asked what it is and how large. Swapped for
// something else between the listing and the open, it still never blocks
// and is never read past the buffer: a FIFO reads as empty or fails with
// EAGAIN, a directory with EISDIR, a device is caught by the fstat once it
// fills the buffer. The fstat and its Stats object were a tenth of reading
// the 10,000-file tree of npm run bench.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { fsPath } from './names.js';

/** Larger inputs are never decoded: a config file this big is not one, and parsing it would take gigabytes. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export type OpenedFile = { fd: number; size: number } | { notRegular: string };

/** What a non-regular file is, from its Stats or a directory entry. */
export function kindOf(stats: Pick<Stats, 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket' | 'isDirectory'>): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** Why a path that is not a regular file was not read, for messages. */
export function notRegularReason(kind: string): string {
  return `${kind === 'not a regular file' ? kind : `not a regular file (${kind})`}, not read`;
}

/** Opens `path` for reading if it is a regular file; the caller closes `fd`. Throws what open throws (ENOENT, EACCES…). */
export function openRegularFile(path: string): OpenedFile {
  const fd = openSync(fsPath(path), READ_FLAGS);
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (stats.isFile()) return { fd, size: stats.size };
  closeSync(fd);
  return { notRegular: kindOf(stats) };
}

/** Fills `target` from `fd`, past its first `from` bytes (a file that grows meanwhile is read only up to `target.length`); the bytes read. */
export function readInto(fd: number, target: Buffer, from = 0): Buffer {
  let length = from;
  while (length < target.length) {
    const n = readSync(fd, target, length, target.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return target.subarray(0, length);
}

export type BoundedRead = { bytes: Buffer } | { tooLarge: number } | { notRegular: string };

/**
 * A file the walk listed as regular: its bytes (in `scratch` when they fit,
 * valid until the next read into it), or its size when larger than `limit`,
 * or what it is when it turned out not to be a regular file. Throws what
 * open and read throw.
 */
export function readListedFile(path: string, scratch: Buffer, limit: number): BoundedRead {
  const fd = openSync(fsPath(path), READ_FLAGS);
  try {
    // Short of the buffer's end, readInto stopped at end of file.
    const head = readInto(fd, scratch);
    if (head.length < scratch.length) return { bytes: head };
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { notRegular: kindOf(stats) };
    if (stats.size > limit) return { tooLarge: stats.size };
    const bytes = Buffer.allocUnsafe(Math.max(stats.size, head.length));
    head.copy(bytes);
    return { bytes: readInto(fd, bytes, head.length) };
  } finally {
    closeSync(fd);
  }
}

export const megabytes = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

export type RegularRead = { bytes: Buffer } | { notRead: string };

/** A regular file's bytes, or why they were not read (not a regular file, larger than `limit`). Throws on open errors. */
export function readRegularFile(path: string, limit = MAX_INPUT_BYTES): RegularRead {
  const opened = openRegularFile(path);
  if ('notRegular' in opened) return { notRead: notRegularReason(opened.notRegular) };
  try {
    if (opened.size > limit) return { notRead: `file too large (${megabytes(opened.size)}, limit ${megabytes(limit)}), not read` };
    return { bytes: readInto(opened.fd, Buffer.allocUnsafe(opened.size)) };
  } finally {
    closeSync(opened.fd);
  }
}
