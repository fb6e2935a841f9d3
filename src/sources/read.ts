// Read a file into a SourceFile, refusing what is not text.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SourceFile } from '../model.js';
import { detectKind } from './detect.js';

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
    const c = bytes[at]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) break;
    let ok = true;
    for (let k = 1; k <= n; k++) if (at + k >= bytes.length || (bytes[at + k]! & 0xc0) !== 0x80) ok = false;
    const c1 = bytes[at + 1] ?? 0;
    if (!ok || (c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) break;
    at += n + 1;
  }
  const prefix = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, at));
  const lineStart = prefix.lastIndexOf('\n') + 1;
  const line = prefix.slice(0, lineStart).split('\n').length;
  return `at line ${line}, column ${prefix.length - lineStart + 1} (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')})`;
}

/** A file's text, or null when it cannot be read (absent, a directory, no permission). */
export function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export async function readSource(path: string): Promise<ReadOutcome> {
  try {
    return decodeSource(path, await readFile(path));
  } catch (error) {
    return { ok: false, path, reason: `cannot read: ${(error as Error).message}`, isSkip: false };
  }
}
