// Read a file into a SourceFile, refusing what is not text.

import type { SourceFile } from '../model.js';
import { detectKind } from './detect.js';
import { readRegularFile } from './regular-file.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { utf8SequenceLength } from './names.js';
import { decodeUtf16, SNIFF_BYTES, utf16EncodingOf } from './encoding.js';
import { GOSSIP_FLAG_MENTION } from '../thanos/vocabulary.js';

export type ReadOutcome =
  | { ok: true; file: SourceFile }
  | { ok: false; path: string; reason: string; isSkip: boolean };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function readOnly(path: string, text: string, what: string, advice: string): ReadOutcome {
  return { ok: true, file: { path, text, kind: detectKind(path, text), notEditable: `${what}, which the tool does not rewrite: ${advice}` } };
}

export function decodeSource(path: string, bytes: Uint8Array): ReadOutcome {
  const utf16 = utf16EncodingOf(bytes);
  if (utf16 !== null) {
    const text = decodeUtf16(bytes, utf16);
    const name = `UTF-16 ${utf16 === 'utf-16le' ? 'LE' : 'BE'}`;
    if (text === null) return { ok: false, path, reason: `not valid ${name}`, isSkip: false };
    return readOnly(path, text, `${name} text`, 'convert it to UTF-8 to migrate it');
  }
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) {
    // A binary is skipped, unless it names a gossip flag: then it is text with a stray NUL, and not clean.
    const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    if (!GOSSIP_FLAG_MENTION.test(latin1)) return { ok: false, path, reason: 'binary file (NUL byte), skipped', isSkip: true };
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      text = latin1;
    }
    return readOnly(path, text, 'a file with NUL bytes', 'edit it by hand, or remove the NUL bytes and migrate it');
  }
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
