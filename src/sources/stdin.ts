// Text piped on stdin, read like a file: capped at the same size (200 MB on
// stdin ended in a heap OOM) and decoded with the same fatal UTF-8 decoder
// (a stray 0xE9 silently became U+FFFD).

import { decodeSource, type ReadOutcome } from './read.js';
import { MAX_INPUT_BYTES, megabytes } from './regular-file.js';

/** Reads `stream` to its end, or stops past `limit` bytes (an endless pipe must not run the tool out of memory). */
export async function readStdinSource(stream: NodeJS.ReadableStream, limit = MAX_INPUT_BYTES): Promise<ReadOutcome> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > limit) return { ok: false, path: '<stdin>', reason: `input too large (over ${megabytes(limit)}), not read`, isSkip: false };
    chunks.push(bytes);
  }
  // Text mode echoes its input: what cannot be decoded is an error, never a silent skip with empty output.
  const outcome = decodeSource('<stdin>', Buffer.concat(chunks));
  return outcome.ok ? outcome : { ...outcome, isSkip: false };
}

/** Why `--cmd` text is refused (larger than a file may be), or null. */
export function cmdTooLarge(text: string, limit = MAX_INPUT_BYTES): string | null {
  const size = Buffer.byteLength(text);
  return size > limit ? `--cmd text too large (${megabytes(size)}, limit ${megabytes(limit)}), not read` : null;
}
