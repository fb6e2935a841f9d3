// The byte-level prefilter: does a file hold a token that a Thanos
// invocation or a gossip leftover must contain, or failing that a Service
// declaration? Every gossip token must pass it (`-cluster.` also catches
// `--no-cluster.disable`; `peers` a thanos.peers key): a file it rejects is
// never accounted for.
//
// It runs over every byte of every file, so it works on the raw bytes with a
// multi-pattern Wu-Manber search over two-byte blocks: most windows are
// skipped four bytes at a time, nothing is allocated (but a list for the
// rare declaration a later stream holds back), and no file is decoded to a
// string. On the benchmark's 10,000-file tree it replaced a regex over the
// bytes as latin1 strings, which spent 333 ms matching and 209 ms in garbage
// collection (the strings were garbage). PREFILTER_PATTERN is the same test
// as an extended regular expression, for grep -E and rg (the benchmark's
// baseline); PREFILTER_REGEX_SOURCE as a JavaScript regex, the definition
// the tests hold the byte search to.
//
// Each step of the search waits on the one before (read two bytes, look up
// the shift, add it), so one search runs at the latency of two dependent
// loads and leaves the processor idle. A file of 64 bytes or more is searched
// as four streams at once, one per quarter, in one loop: the four chains
// overlap. On that tree (160 MB, copied into one reused buffer as in
// scan.ts) the search went from 180-280 ms to about 87 ms for the same work
// (40.0 million windows examined before, 40.3 million now); `check` on it
// from 2.17 to 2.02 s of processor time. Not worth it there: eight streams
// (no faster than four), a DataView's two-byte read and a branch-free loop
// test (both slower), other windows than each pattern's first five bytes
// (at best 0.02% fewer windows on the tree, 0.6% on other YAML), a
// three-byte block (a shift of at most 3, not 4).

import { append } from '../lists.js';

export const THANOS_TOKENS = ['hanos', 'HANOS', '-cluster.', '10900', 'peers', 'advertise-address', 'sd-files', 'sd-config'] as const;

/**
 * Tokens that count only as a whole number: `10900` the port, not the digits
 * inside `resource-110900` or an epoch `1610900000` (dashboards and configs
 * are full of such numbers; on the benchmark's tree they made 28 of 179
 * candidate files, each parsed for nothing).
 */
const WHOLE_NUMBERS: ReadonlySet<string> = new Set(['10900']);

const escapeEre = (token: string) => token.replace(/[.]/g, '\\.');
const SERVICE_ALTERNATIVES = `(kind:\\s*["']?Service\\b|"kind":\\s*"Service")`;

/** The tokens, then the Service declarations, as one alternation; `whole` spells a number that must stand alone. */
const prefilterSource = (whole: (number: string) => string) =>
  `(${THANOS_TOKENS.map((token) => (WHOLE_NUMBERS.has(token) ? whole(escapeEre(token)) : escapeEre(token))).join('|')})|${SERVICE_ALTERNATIVES}`;

/** The test as an extended regular expression, for grep -E and rg (which match line by line, so `^` and `$` are line ends). */
export const PREFILTER_PATTERN = prefilterSource((number) => `(^|[^0-9])${number}([^0-9]|$)`);

/**
 * The same test as a JavaScript regex over the bytes as latin1, its number
 * bounds looked at rather than matched: the definition the tests hold the
 * byte search to (a bound the ERE matches can be the quote a Service
 * declaration just before it ended with, which only matters to a verdict).
 */
export const PREFILTER_REGEX_SOURCE = prefilterSource((number) => `(?<![0-9])${number}(?![0-9])`);

export type Verdict = 'thanos' | 'service' | 'none';

const SERVICE = 'Service';
const PATTERNS = [...THANOS_TOKENS, SERVICE].map((token) => Buffer.from(token, 'latin1'));
const SERVICE_INDEX = PATTERNS.length - 1;
const WHOLE_NUMBER = PATTERNS.map((_, index) => index < THANOS_TOKENS.length && WHOLE_NUMBERS.has(THANOS_TOKENS[index]!));
/** The shortest pattern: the window the shift table is built over. */
const WINDOW = PATTERNS.reduce((least, pattern) => Math.min(least, pattern.length), Infinity);
const BLOCK = 2;

/** How far the window may move when its last two bytes are a given block. */
const SHIFT = new Uint8Array(1 << 16).fill(WINDOW - BLOCK + 1);
/**
 * The first pattern whose first WINDOW bytes end with a given block (a
 * shift of 0), or -1; NEXT_CANDIDATE chains the others. Typed arrays rather
 * than a Map of lists: about 3% less time on the benchmark's tree.
 */
const FIRST_CANDIDATE = new Int8Array(1 << 16).fill(-1);
const NEXT_CANDIDATE = new Int8Array(PATTERNS.length).fill(-1);
for (let index = PATTERNS.length - 1; index >= 0; index--) {
  const pattern = PATTERNS[index]!;
  for (let j = 0; j <= WINDOW - BLOCK; j++) {
    const block = (pattern[j]! << 8) | pattern[j + 1]!;
    const shift = WINDOW - BLOCK - j;
    if (shift < SHIFT[block]!) SHIFT[block] = shift;
    if (shift === 0) {
      NEXT_CANDIDATE[index] = FIRST_CANDIDATE[block]!;
      FIRST_CANDIDATE[block] = index;
    }
  }
}

function matchesAt(bytes: Uint8Array, start: number, pattern: Uint8Array): boolean {
  if (start + pattern.length > bytes.length) return false;
  for (let k = 0; k < pattern.length; k++) if (bytes[start + k] !== pattern[k]) return false;
  return true;
}

/** `\s` of a JavaScript regex over latin1 text. */
function isSpace(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x20 || byte === 0xa0;
}

function isWordByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x5f;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/** Whether the digits at [start, start + length) are not part of a longer number. */
function isWholeNumberAt(bytes: Uint8Array, start: number, length: number): boolean {
  return !isDigit(bytes[start - 1]) && !isDigit(bytes[start + length]);
}

const KIND = Buffer.from('kind', 'latin1');

/** Whether `Service` at `start` is the value of a `kind:` key, as `kind:\s*["']?Service\b` or `"kind":\s*"Service"`. */
export function isServiceDeclarationAt(bytes: Uint8Array, start: number): boolean {
  const after = start + SERVICE.length;
  let p = start - 1;
  const quote = p >= 0 && (bytes[p] === 0x22 || bytes[p] === 0x27) ? bytes[p--] : 0;
  while (p >= 0 && isSpace(bytes[p]!)) p--;
  if (p < 0 || bytes[p] !== 0x3a) return false;
  if (p >= 4 && matchesAt(bytes, p - 4, KIND) && (after >= bytes.length || !isWordByte(bytes[after]!))) return true;
  return quote === 0x22 && bytes[after] === 0x22 && p >= 6 && bytes[p - 1] === 0x22 && matchesAt(bytes, p - 5, KIND) && bytes[p - 6] === 0x22;
}

/** What a window whose last block has a shift of 0 holds. */
const NOTHING = 0;
const SERVICE_FOUND = 1;
const THANOS_FOUND = 2;

/** NOTHING, a THANOS_FOUND token or a SERVICE_FOUND declaration in the window that ends at `end`. */
function windowAt(bytes: Uint8Array, end: number): number {
  const start = end - WINDOW + 1;
  let found = NOTHING;
  for (let index = FIRST_CANDIDATE[(bytes[end - 1]! << 8) | bytes[end]!]!; index !== -1; index = NEXT_CANDIDATE[index]!) {
    if (!matchesAt(bytes, start, PATTERNS[index]!)) continue;
    if (WHOLE_NUMBER[index] && !isWholeNumberAt(bytes, start, PATTERNS[index]!.length)) continue;
    if (index !== SERVICE_INDEX) return THANOS_FOUND;
    if (isServiceDeclarationAt(bytes, start)) found = SERVICE_FOUND;
  }
  return found;
}

/**
 * One stream over the windows that end in [from, to): THANOS_FOUND at the
 * first token, else SERVICE_FOUND when it saw a declaration (each offset
 * pushed to `services`), else NOTHING.
 */
function scanStream(bytes: Uint8Array, from: number, to: number, services: number[] | undefined): number {
  let found = NOTHING;
  let i = from;
  while (i < to) {
    const shift = SHIFT[(bytes[i - 1]! << 8) | bytes[i]!]!;
    if (shift !== 0) {
      i += shift;
      continue;
    }
    const event = windowAt(bytes, i);
    if (event === THANOS_FOUND) return THANOS_FOUND;
    if (event === SERVICE_FOUND) {
      found = SERVICE_FOUND;
      services?.push(i - WINDOW + 1);
    }
    i++;
  }
  return found;
}

/**
 * Ends stream k once streams 0..k-1 are done: the declarations it held
 * back go to `services` in order, then it scans the rest of its windows
 * unless it had stopped at a token.
 */
function finishStream(bytes: Uint8Array, held: number[] | undefined, stoppedAtToken: boolean, from: number, to: number, services: number[] | undefined): number {
  if (held !== undefined && services !== undefined) append(services, held);
  if (stoppedAtToken) return THANOS_FOUND;
  return scanStream(bytes, from, to, services) | (held === undefined ? NOTHING : SERVICE_FOUND);
}

/** Below this many bytes a stream, the file is one stream: four would not pay for their set-up. */
const MIN_STREAM = 16;

/** Where each of the four streams is: skipTogether reads and leaves them here (the search is synchronous, and each thread has its own). */
const AT = new Int32Array(4);

function shiftAt(bytes: Uint8Array, end: number): number {
  return SHIFT[(bytes[end - 1]! << 8) | bytes[end]!]!;
}

/**
 * Moves the four streams until one is at a window of shift 0 or at the end
 * of its range. Their positions go in and out through AT rather than living
 * across the verification's calls: V8 keeps no register across a call, and
 * values live across one are stored to the stack at every change (measured:
 * that loop with the verification in it ran about 1.8 times slower).
 */
function skipTogether(bytes: Uint8Array, end0: number, end1: number, end2: number, end3: number): void {
  let p0 = AT[0]!;
  let p1 = AT[1]!;
  let p2 = AT[2]!;
  let p3 = AT[3]!;
  while (p0 < end0 && p1 < end1 && p2 < end2 && p3 < end3) {
    const s0 = SHIFT[(bytes[p0 - 1]! << 8) | bytes[p0]!]!;
    const s1 = SHIFT[(bytes[p1 - 1]! << 8) | bytes[p1]!]!;
    const s2 = SHIFT[(bytes[p2 - 1]! << 8) | bytes[p2]!]!;
    const s3 = SHIFT[(bytes[p3 - 1]! << 8) | bytes[p3]!]!;
    if (s0 === 0 || s1 === 0 || s2 === 0 || s3 === 0) break;
    p0 += s0;
    p1 += s1;
    p2 += s2;
    p3 += s3;
  }
  AT[0] = p0;
  AT[1] = p1;
  AT[2] = p2;
  AT[3] = p3;
}

/**
 * 'thanos' when the bytes hold a Thanos or gossip token, else 'service'
 * when they declare a Service, else 'none'. `services`, when given, gets
 * the offset of every Service declaration before the first token (all of
 * them when there is none), in order.
 */
export function prefilterVerdict(bytes: Uint8Array, services?: number[]): Verdict {
  const length = bytes.length;
  const quarter = length >>> 2;
  if (quarter < MIN_STREAM) return verdictOf(scanStream(bytes, WINDOW - 1, length, services));
  // Stream k examines the windows that end in [k * quarter, (k + 1) * quarter),
  // the last one up to the end; a token across a boundary is whole in the
  // bytes, so the stream whose range holds its window's end finds it.
  const ends = [quarter, 2 * quarter, 3 * quarter, length] as const;
  AT[0] = WINDOW - 1;
  AT[1] = ends[0];
  AT[2] = ends[1];
  AT[3] = ends[2];
  let found = NOTHING;
  // Streams 1-3 find declarations before those of the streams ahead of them
  // are all known: they are held back and given in order when those are done.
  const held: (number[] | undefined)[] = [undefined, undefined, undefined, undefined];
  // The first stream that met a token: it and those after it are done.
  let stopped = 4;
  // Stops at windows of shift 0 are rare (about 1 in 450 on the tree): only the skipping needs to be unrolled.
  while (stopped === 4) {
    skipTogether(bytes, ends[0], ends[1], ends[2], ends[3]);
    if (!(AT[0]! < ends[0] && AT[1]! < ends[1] && AT[2]! < ends[2] && AT[3]! < ends[3])) break;
    for (let k = 0; k < 4; k++) {
      const at = AT[k]!;
      if (shiftAt(bytes, at) !== 0) continue;
      const event = windowAt(bytes, at);
      if (event === THANOS_FOUND) {
        // Stream 0 has nothing before it: its token is the verdict.
        if (k === 0) return 'thanos';
        stopped = k;
        break;
      }
      if (event === SERVICE_FOUND) {
        if (k === 0) {
          found = SERVICE_FOUND;
          services?.push(at - WINDOW + 1);
        } else (held[k] ??= []).push(at - WINDOW + 1);
      }
      AT[k] = at + 1;
    }
  }
  found |= scanStream(bytes, AT[0]!, ends[0], services);
  for (let k = 1; k < 4 && found < THANOS_FOUND; k++) found |= finishStream(bytes, held[k], stopped === k, AT[k]!, ends[k]!, services);
  return verdictOf(found);
}

function verdictOf(found: number): Verdict {
  return found >= THANOS_FOUND ? 'thanos' : found === SERVICE_FOUND ? 'service' : 'none';
}

/**
 * Runs the search over every shape a file can take (a token or a Service
 * declaration in each of the four streams, neither, a short file) twice,
 * when the module loads: 1.6 ms (a dozen times took 5 and compiled no
 * less). V8 optimises a function with what its earlier runs showed: a
 * branch the first files never took (a declaration held back by stream 2,
 * a token in stream 3) made the optimised search bail out when a later
 * file took it, and it was optimised again, 30-45 ms of a compiler thread
 * each time, on each reading thread of a 2-core machine.
 */
function warmUp(): void {
  const filler = 'spec:\n  replicas: 1\n  template: {}\n'.repeat(4);
  // A token of each kind, a number that is and one that is not the port, declarations and a Service that is not one.
  const pieces = ['args: [--cluster.peers=a]\n', 'image: thanos\n', 'port: 10900\n', 'id: 1109001\n', 'kind: Service\n', '"kind": "Service"\n', 'kind: ServiceAccount\n', ''];
  for (let round = 0; round < 2; round++) {
    for (const piece of pieces) {
      for (let stream = 0; stream < 4; stream++) {
        const parts = [filler, filler, filler, filler];
        parts[stream] = `${filler.slice(0, 40)}${piece}${filler.slice(40)}`;
        const bytes = Buffer.from(parts.join(''), 'latin1');
        // With and without a list for the declarations, as readAndScan and the chunked read call it.
        prefilterVerdict(bytes, []);
        prefilterVerdict(bytes);
      }
      prefilterVerdict(Buffer.from(piece, 'latin1'), []);
    }
  }
}
warmUp();
