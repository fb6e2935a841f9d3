// Read a file into a SourceFile, refusing what is not text.

import type { SourceFile } from '../model.js';
import { detectKind } from './detect.js';
import { readRegularFile } from './regular-file.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { utf8SequenceLength } from './names.js';

export type ReadOutcome =
  | { ok: true; file: SourceFile }
  | { ok: false; path: string; reason: string; isSkip: boolean };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeSource(path: string, bytes: Uint8Array): ReadOutcome {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, path, reason: 'binary file (NUL byte), skipped', isSkip: true };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, path, reason: `not valid UTF-8 ${invalidUtf8At(bytes)}`, isSkip: false };
  }
  return { ok: true, file: { path, text, kind: detectKind(path, text) } };
}

/** `at line L, column C (byte 0xNN)` for the first byte that does not decode. */
function invalidUtf8At(bytes: Uint8Array): string {
  let at = 0;
  while (at < bytes.length) {
    const n = utf8SequenceLength(bytes, at);
    if (n === 0) break;
    at += n;
  }
  const prefix = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, at));
  const { line, column } = lineColumnAt({ text: prefix }, prefix.length);
  return `at line ${line}, column ${column} (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')})`;
}

/** A file's text, or null when it cannot be read (absent, not a regular file, too large, no permission). */
export function readTextOrNull(path: string): string | null {
  try {
    const read = readRegularFile(path);
    return 'bytes' in read ? read.bytes.toString('utf8') : null;
  } catch {
    return null;
  }
}
