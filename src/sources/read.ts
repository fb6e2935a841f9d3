// Read a file into a SourceFile, refusing what is not text.

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
    return { ok: false, path, reason: 'not valid UTF-8', isSkip: false };
  }
  return { ok: true, file: { path, text, kind: detectKind(path, text) } };
}

export async function readSource(path: string): Promise<ReadOutcome> {
  try {
    return decodeSource(path, await readFile(path));
  } catch (error) {
    return { ok: false, path, reason: `cannot read: ${(error as Error).message}`, isSkip: false };
  }
}
