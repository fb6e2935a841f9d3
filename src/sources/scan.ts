// Reading with a byte-level prefilter. One regex over the raw bytes (as
// latin1, byte for char) decides whether a file can hold a Thanos invocation
// or a gossip leftover; only those are decoded. A file that only declares a
// Service is remembered by path for the second pass (a Service selecting a
// sidecar need not say "thanos"). Files are read synchronously into a reused
// buffer: page-cached reads of many small files are syscall-bound. A pool of
// reader threads was measured (npm run bench, 2 cores): no faster, 27 MB more.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodeSource } from './read.js';
import type { SourceKind } from '../model.js';
import { isKustomizationFile } from '../carriers/yaml/kustomization.js';

// One regex over the bytes as latin1 (byte for char) finds a Thanos token,
// or failing that a Service declaration. Measured faster than Buffer#indexOf
// per token; the strings it makes are garbage for a capped young generation
// (check runs in a worker, see check-worker.ts).
const SCAN = /(hanos|HANOS|--cluster\.|10900|peers|advertise-address|sd-files|sd-config)|(kind:\s*["']?Service\b|"kind":\s*"Service")/g;

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

/** The file's bytes, or only its size when it is larger than `limit` (one open, one fstat). */
export function readBytesUpTo(path: string, limit: number): { bytes: Buffer } | { tooLarge: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > limit) return { tooLarge: size };
    const target = size <= SCRATCH.length ? SCRATCH : Buffer.allocUnsafe(size);
    let length = 0;
    while (length < target.length) {
      const n = readSync(fd, target, length, target.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { bytes: target.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

/** Plain data, so it crosses a worker boundary as is. */
export type ScanOutcome =
  | { kind: 'file'; path: string; text: string; sourceKind: SourceKind }
  | { kind: 'problem'; path: string; message: string; isSkip: boolean }
  | { kind: 'service-candidate'; path: string }
  | { kind: 'skipped'; path: string };

/** Larger inputs are never decoded: a config file this big is not one, and parsing it would take gigabytes. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** Whether a file too large to read whole holds a prefilter token, read in bounded chunks. */
function hasTokenChunked(path: string): boolean {
  const fd = openSync(path, 'r');
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

/** `readFrom` is where the file is on disk, `path` the name it is shown by (relative to the run's directory). */
export function readAndScan(path: string, prefilter: boolean, readFrom = path): ScanOutcome {
  let bytes: Buffer;
  try {
    const read = readBytesUpTo(readFrom, MAX_INPUT_BYTES);
    if ('tooLarge' in read) {
      if (prefilter && !hasTokenChunked(readFrom)) return { kind: 'skipped', path };
      const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
      return { kind: 'problem', path, message: `file too large to migrate (${mb(read.tooLarge)}, limit ${mb(MAX_INPUT_BYTES)}); not read`, isSkip: false };
    }
    bytes = read.bytes;
  } catch (error) {
    return { kind: 'problem', path, message: `cannot read: ${(error as Error).message}`, isSkip: false };
  }
  // A kustomization names the files it builds from, whatever they hold: the
  // migration may empty one of them and must then take it off the list.
  if (prefilter && !isKustomizationFile(path)) {
    const verdict = scanBytes(bytes);
    if (verdict === 'service') return { kind: 'service-candidate', path };
    if (verdict === 'none') return { kind: 'skipped', path };
  }
  const outcome = decodeSource(path, bytes);
  if (outcome.ok) return { kind: 'file', path, text: outcome.file.text, sourceKind: outcome.file.kind };
  return { kind: 'problem', path, message: outcome.reason, isSkip: outcome.isSkip };
}

