// File names are bytes; the tool's paths are strings. A name that is not
// UTF-8 (a Latin-1 `caf\xe9.sh` from an old tarball) decoded lossily gave a
// path that names no file (ENOENT), so it was never migrated. Such a name is
// decoded the way Python's surrogateescape does it: each byte that is not
// part of valid UTF-8 becomes the lone surrogate U+DC00+byte, which no valid
// text contains. The path string then round-trips: `fsPath` turns it back
// into the exact bytes for every file-system call, and `escapeForDisplay`
// prints such a byte as `\xe9`.

import { isUtf8 } from 'node:buffer';
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';

const ESCAPED_BYTE = /[\udc80-\udcff]/;

/** Length of the valid UTF-8 sequence starting at `at`, or 0. */
export function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  const c = bytes[at]!;
  const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n <= 1) return n;
  for (let k = 1; k < n; k++) if (at + k >= bytes.length || (bytes[at + k]! & 0xc0) !== 0x80) return 0;
  const c1 = bytes[at + 1]!;
  if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
  return n;
}

/** A file name's bytes as a path string; bytes that are not UTF-8 become U+DC80-U+DCFF. */
export function decodeName(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let name = '';
  for (let at = 0; at < bytes.length; ) {
    const n = utf8SequenceLength(bytes, at);
    if (n === 0) {
      name += String.fromCharCode(0xdc00 + bytes[at]!);
      at += 1;
    } else {
      name += bytes.toString('utf8', at, at + n);
      at += n;
    }
  }
  return name;
}

/** The path to hand to `fs`: the string itself, or its exact bytes when it holds a byte `decodeName` escaped. */
export function fsPath(path: string): string | Buffer {
  if (!ESCAPED_BYTE.test(path)) return path;
  const parts: Buffer[] = [];
  for (const char of path) {
    const code = char.charCodeAt(0);
    parts.push(char.length === 1 && code >= 0xdc80 && code <= 0xdcff ? Buffer.from([code - 0xdc00]) : Buffer.from(char, 'utf8'));
  }
  return Buffer.concat(parts);
}

/**
 * `realpath` of a path that may hold escaped bytes, as a path string of the
 * same kind. The native call: the JavaScript realpathSync turns a Buffer path
 * into a string and loses the bytes (ENOENT).
 */
export function realpathNameSync(path: string): string {
  return decodeName(realpathSync.native(fsPath(path), { encoding: 'buffer' }));
}

export async function realpathName(path: string): Promise<string> {
  return decodeName(await realpath(fsPath(path), { encoding: 'buffer' }));
}

/** A path git can be given: each escaped byte as `?`, which its pathspec matches (a byte of the name). */
export function asPathspec(path: string): string {
  return path.replace(/[\udc80-\udcff]/g, '?');
}

/** The nearest folder whose name a child process can take as its cwd. */
export function spawnableDirectory(directory: string): string {
  while (ESCAPED_BYTE.test(directory)) directory = dirname(directory);
  return directory;
}
