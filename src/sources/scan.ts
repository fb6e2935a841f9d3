// Reading with a byte-level prefilter. One regex over the raw bytes (as
// latin1, byte for char) decides whether a file can hold a Thanos invocation
// or a gossip leftover; only those are decoded. A file that only declares a
// Service is remembered by path for the second pass (a Service selecting a
// sidecar need not say "thanos"). Files are read synchronously into a reused
// buffer: page-cached reads of many small files are syscall-bound. A pool of
// reader threads was measured (npm run bench, 2 cores): no faster, 27 MB more.

import { closeSync, readSync } from 'node:fs';
import { decodeSource } from './read.js';
import { isKustomizationFile } from './detect.js';
import { MAX_INPUT_BYTES, megabytes, notRegularReason, openRegularFile, readInto } from './regular-file.js';
import { decodeUtf16, mayBeUtf16, utf16EncodingOf } from './encoding.js';
import type { SourceFile } from '../model.js';

// One regex over the bytes as latin1 (byte for char) finds a Thanos token,
// or failing that a Service declaration. Every gossip token must pass it
// (`-cluster.` also catches `--no-cluster.disable`; `peers` a thanos.peers key):
// a file it skips is never accounted for. Measured faster than Buffer#indexOf
// per token; the strings it makes are garbage for a capped young generation
// (check runs in a worker, see check-worker.ts).
const SCAN = /(hanos|HANOS|-cluster\.|10900|peers|advertise-address|sd-files|sd-config)|(kind:\s*["']?Service\b|"kind":\s*"Service")/g;

export type Verdict = 'thanos' | 'service' | 'none';

export function scanBytes(bytes: Buffer): Verdict {
  const text = bytes.toString('latin1');
  SCAN.lastIndex = 0;
  let verdict: Verdict = 'none';
  for (let match = SCAN.exec(text); match !== null; match = SCAN.exec(text)) {
    if (match[1] !== undefined) return 'thanos';
    verdict = 'service';
  }
  return verdict;
}

const SCRATCH = Buffer.allocUnsafe(1 << 20);

export function readBytes(path: string): Buffer {
  const read = readBytesUpTo(path, Number.MAX_SAFE_INTEGER);
  return 'bytes' in read ? read.bytes : Buffer.alloc(0);
}

/** The file's bytes, or only its size when it is larger than `limit`, or what it is when not a regular file (one open, one fstat). */
export function readBytesUpTo(path: string, limit: number): { bytes: Buffer } | { tooLarge: number } | { notRegular: string } {
  const opened = openRegularFile(path);
  if ('notRegular' in opened) return opened;
  try {
    if (opened.size > limit) return { tooLarge: opened.size };
    return { bytes: readInto(opened.fd, opened.size <= SCRATCH.length ? SCRATCH.subarray(0, opened.size) : Buffer.allocUnsafe(opened.size)) };
  } finally {
    closeSync(opened.fd);
  }
}

/** Plain data, so it crosses a worker boundary as is. */
export type ScanOutcome =
  | { kind: 'file'; file: SourceFile }
  | { kind: 'problem'; path: string; message: string; isSkip: boolean }
  | { kind: 'service-candidate'; path: string }
  | { kind: 'skipped'; path: string };

/** Whether a file too large to read whole holds a prefilter token, read in bounded chunks. */
function hasTokenChunked(path: string): boolean {
  const opened = openRegularFile(path);
  if ('notRegular' in opened) return false;
  const fd = opened.fd;
  try {
    const overlap = 64;
    let carry = '';
    for (;;) {
      const n = readSync(fd, SCRATCH, 0, SCRATCH.length, null);
      if (n === 0) return false;
      const text = carry + SCRATCH.toString('latin1', 0, n);
      if (scanBytes(Buffer.from(text, 'latin1')) === 'thanos') return true;
      carry = text.slice(-overlap);
    }
  } finally {
    closeSync(fd);
  }
}

/** The prefilter over UTF-16 text, decoded (its bytes never hold an ASCII token). */
function scanUtf16(bytes: Buffer): Verdict {
  const encoding = utf16EncodingOf(bytes);
  const text = encoding === null ? null : decodeUtf16(bytes, encoding);
  return text === null ? 'none' : scanBytes(Buffer.from(text));
}

/** `readFrom` is where the file is on disk, `path` the name it is shown by (relative to the run's directory). */
export function readAndScan(path: string, prefilter: boolean, readFrom = path): ScanOutcome {
  let bytes: Buffer;
  try {
    const read = readBytesUpTo(readFrom, MAX_INPUT_BYTES);
    if ('notRegular' in read) return { kind: 'problem', path, message: notRegularReason(read.notRegular), isSkip: false };
    if ('tooLarge' in read) {
      if (prefilter && !hasTokenChunked(readFrom)) return { kind: 'skipped', path };
      return { kind: 'problem', path, message: `file too large to migrate (${megabytes(read.tooLarge)}, limit ${megabytes(MAX_INPUT_BYTES)}); not read`, isSkip: false };
    }
    bytes = read.bytes;
  } catch (error) {
    return { kind: 'problem', path, message: `cannot read: ${(error as Error).message}`, isSkip: false };
  }
  // A kustomization names the files it builds from, whatever they hold: the
  // migration may empty one of them and must then take it off the list.
  if (prefilter && !isKustomizationFile(path)) {
    let verdict = scanBytes(bytes);
    if (verdict === 'none' && mayBeUtf16(bytes)) verdict = scanUtf16(bytes);
    if (verdict === 'service') return { kind: 'service-candidate', path };
    if (verdict === 'none') return { kind: 'skipped', path };
  }
  const outcome = decodeSource(path, bytes);
  if (outcome.ok) return { kind: 'file', file: outcome.file };
  return { kind: 'problem', path, message: outcome.reason, isSkip: outcome.isSkip };
}

