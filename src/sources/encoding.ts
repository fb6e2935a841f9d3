// Text the UTF-8 decoder cannot take as is, but which can still start
// Thanos: UTF-16 (Windows editors write it, with or without a BOM; the byte
// prefilter never matched `t\0h\0a\0n\0o\0s`) and text with a stray NUL
// byte. Such files used to be skipped, so `check` passed over the gossip
// flags in them. They are now read, and never rewritten (writing keeps
// UTF-8 only): each gossip flag in them is a finding for a human.

export type Utf16Encoding = 'utf-16le' | 'utf-16be';

/** How many leading bytes are looked at to tell text from binary. */
export const SNIFF_BYTES = 8192;

/**
 * UTF-16 by its BOM, or without one by its NULs: mostly-ASCII UTF-16 has a
 * NUL in every other byte, always on the same side.
 */
export function utf16EncodingOf(bytes: Uint8Array): Utf16Encoding | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const sample = bytes.subarray(0, SNIFF_BYTES & ~1);
  if (sample.length < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  const pairs = sample.length / 2;
  if (oddNuls > pairs * 0.4 && evenNuls < pairs * 0.05) return 'utf-16le';
  if (evenNuls > pairs * 0.4 && oddNuls < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Cheap enough for every file the prefilter rejects: a BOM, or a NUL in the first two bytes. */
export function mayBeUtf16(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes[0] === 0 || bytes[1] === 0);
}

/** The text (a BOM kept as U+FEFF, like UTF-8's), or null when the bytes are not valid UTF-16. */
export function decodeUtf16(bytes: Uint8Array, encoding: Utf16Encoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
