// Reading with a byte-level prefilter (prefilter.ts): only files whose raw
// bytes can hold a Thanos invocation or a gossip leftover are decoded. A
// file that only declares a Service keeps the bytes of its Service documents
// for the second pass (a Service selecting a sidecar need not say "thanos"),
// so that pass reads again only the files whose Services name a Thanos pod
// label. Files are read synchronously into a reused buffer: page-cached
// reads of many small files are syscall-bound.

import { closeSync, readSync } from 'node:fs';
import { decodeSource } from './read.js';
import { isKustomizationFile } from './detect.js';
import { MAX_INPUT_BYTES, megabytes, notRegularReason, openRegularFile, readInto, readListedFile, type BoundedRead } from './regular-file.js';
import { decodeUtf16, mayBeUtf16, utf16EncodingOf } from './encoding.js';
import { prefilterVerdict, type Verdict } from './prefilter.js';
import type { SourceFile } from '../model.js';

export { PREFILTER_PATTERN } from './prefilter.js';

const SCRATCH = Buffer.allocUnsafe(1 << 20);

export function readBytes(path: string): Buffer {
  const read = readBytesUpTo(path, Number.MAX_SAFE_INTEGER);
  return 'bytes' in read ? read.bytes : Buffer.alloc(0);
}

/** The file's bytes, or only its size when it is larger than `limit`, or what it is when not a regular file (one open, one fstat). */
export function readBytesUpTo(path: string, limit: number): BoundedRead {
  const opened = openRegularFile(path);
  if ('notRegular' in opened) return opened;
  try {
    if (opened.size > limit) return { tooLarge: opened.size };
    return { bytes: readInto(opened.fd, opened.size <= SCRATCH.length ? SCRATCH.subarray(0, opened.size) : Buffer.allocUnsafe(opened.size)) };
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * A file the prefilter set aside because it only declares a Service.
 * `documents`: the bytes of its Service documents, NUL-separated (no label
 * value holds a NUL); absent when they are too large to keep, and the
 * second pass reads the whole file again.
 */
export interface ServiceCandidate {
  path: string;
  documents?: Uint8Array;
}

/**
 * Plain data, so it crosses a worker boundary as is. `passed-over`: read, and
 * nothing in it for a run (most files of a tree); one shared object, so the
 * reading of such a file leaves no garbage and a shard's result only counts
 * them.
 */
export type ScanOutcome =
  | { kind: 'file'; file: SourceFile }
  | { kind: 'problem'; path: string; message: string; isSkip: boolean }
  | ({ kind: 'service-candidate' } & ServiceCandidate)
  | typeof PASSED_OVER;

export const PASSED_OVER = Object.freeze({ kind: 'passed-over' as const });

/** Service documents kept per file at most; a larger one is read again if needed. */
const MAX_KEPT_DOCUMENTS = 64 * 1024;
const DOCUMENT_SEPARATOR = Buffer.from('\n---');

/**
 * The YAML documents around each Service declaration (from the `---` line
 * before it to the one after it), copied: the second pass looks for Thanos
 * pod labels in them, and a Service selecting a pod names its labels in its
 * own document. Null when they add up to more than MAX_KEPT_DOCUMENTS.
 */
export function serviceDocuments(bytes: Buffer, declarations: number[]): Uint8Array | null {
  const spans: [number, number][] = [];
  for (const at of declarations) {
    if (spans.length > 0 && at < spans[spans.length - 1]![1]) continue;
    const before = bytes.lastIndexOf(DOCUMENT_SEPARATOR, at);
    const after = bytes.indexOf(DOCUMENT_SEPARATOR, at);
    spans.push([before === -1 ? 0 : before + 1, after === -1 ? bytes.length : after]);
  }
  const size = spans.reduce((sum, [start, end]) => sum + end - start + 1, 0);
  if (size > MAX_KEPT_DOCUMENTS) return null;
  const kept = new Uint8Array(size);
  let at = 0;
  for (const [start, end] of spans) {
    kept.set(bytes.subarray(start, end), at);
    at += end - start + 1;
  }
  return kept;
}

/** Whether a file too large to read whole holds a prefilter token, read in bounded chunks. */
function hasTokenChunked(path: string): boolean {
  const opened = openRegularFile(path);
  if ('notRegular' in opened) return false;
  const fd = opened.fd;
  try {
    // Each chunk starts with the last bytes of the one before, so no token is cut in two.
    const overlap = 64;
    let carried = 0;
    for (;;) {
      const n = readSync(fd, SCRATCH, carried, SCRATCH.length - carried, null);
      if (n === 0) return false;
      const filled = carried + n;
      if (prefilterVerdict(SCRATCH.subarray(0, filled)) === 'thanos') return true;
      carried = Math.min(overlap, filled);
      SCRATCH.copyWithin(0, filled - carried, filled);
    }
  } finally {
    closeSync(fd);
  }
}

/** The prefilter over UTF-16 text, decoded (its bytes never hold an ASCII token). */
function scanUtf16(bytes: Buffer): Verdict {
  const encoding = utf16EncodingOf(bytes);
  const text = encoding === null ? null : decodeUtf16(bytes, encoding);
  return text === null ? 'none' : prefilterVerdict(Buffer.from(text));
}

/**
 * `readFrom` is where the file is on disk, `path` the name it is shown by
 * (relative to the run's directory); `isListedFile`: the walk listed it as a
 * regular file (readListedFile).
 */
export function readAndScan(path: string, prefilter: boolean, readFrom = path, isListedFile = false): ScanOutcome {
  let bytes: Buffer;
  try {
    const read = isListedFile ? readListedFile(readFrom, SCRATCH, MAX_INPUT_BYTES) : readBytesUpTo(readFrom, MAX_INPUT_BYTES);
    if ('notRegular' in read) return { kind: 'problem', path, message: notRegularReason(read.notRegular), isSkip: false };
    if ('tooLarge' in read) {
      if (prefilter && !hasTokenChunked(readFrom)) return PASSED_OVER;
      return { kind: 'problem', path, message: `file too large to migrate (${megabytes(read.tooLarge)}, limit ${megabytes(MAX_INPUT_BYTES)}); not read`, isSkip: false };
    }
    bytes = read.bytes;
  } catch (error) {
    return { kind: 'problem', path, message: `cannot read: ${(error as Error).message}`, isSkip: false };
  }
  // A kustomization names the files it builds from, whatever they hold: the
  // migration may empty one of them and must then take it off the list.
  if (prefilter && !isKustomizationFile(path)) {
    const declarations: number[] = [];
    const verdict = prefilterVerdict(bytes, declarations);
    if (verdict === 'service') {
      const documents = serviceDocuments(bytes, declarations);
      return { kind: 'service-candidate', path, ...(documents ? { documents } : {}) };
    }
    if (verdict === 'none') {
      // A UTF-16 Service file keeps no documents: its bytes never held a label as UTF-8 either.
      const wide = mayBeUtf16(bytes) ? scanUtf16(bytes) : 'none';
      if (wide === 'service') return { kind: 'service-candidate', path };
      if (wide === 'none') return PASSED_OVER;
    }
  }
  const outcome = decodeSource(path, bytes);
  if (outcome.ok) return { kind: 'file', file: outcome.file };
  return { kind: 'problem', path, message: outcome.reason, isSkip: outcome.isSkip };
}

