// Which finding is "the same" from one run to the next, when edits above it
// have moved it: its rule, its file and its message, with the positions the
// message itself names taken out (`deploy/run.sh:3:78` and `run.sh:4` shift
// with the lines; `10.0.0.2:10900` is an address and stays). The line is
// only a tie-breaker between findings that are otherwise identical. The
// baseline and GitLab's fingerprints use this, so an MR widget and a
// baseline agree on what is new.

import { createHash } from 'node:crypto';

interface Identifiable {
  ruleId: string;
  path: string;
  message: string;
  line: number;
}

/** `path:LINE[:COLUMN]` where the path has a `/` or the position has a column. */
const POSITION = /(\S*\/\S*?):\d+(?::\d+)?(?=$|[\s,;)\]])|(\S+?):\d+:\d+(?=$|[\s,;)\]])/g;

export function withoutPositions(message: string): string {
  return message.replace(POSITION, (_, withSlash: string | undefined, withColumn: string | undefined) => withSlash ?? withColumn ?? '');
}

export function identityKey(finding: Omit<Identifiable, 'line'>): string {
  return `${finding.ruleId}\u0000${finding.path}\u0000${withoutPositions(finding.message)}`;
}

/**
 * One stable fingerprint per finding: the identity key and how many findings
 * with the same key come before it in the file (findings arrive sorted).
 */
export function fingerprints(findings: readonly Identifiable[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const key = identityKey(finding);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}

/**
 * Pairs current findings with recorded ones of the same key, closest lines
 * first, so findings that only moved stay matched; what is left over on the
 * current side is new, on the recorded side gone.
 */
export function matchFindings<A extends Identifiable, B extends Identifiable>(current: readonly A[], recorded: readonly B[]): { fresh: A[]; known: A[]; gone: B[] } {
  const groups = new Map<string, { current: number[]; recorded: number[] }>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { current: [], recorded: [] }));
    return g;
  };
  current.forEach((finding, index) => group(identityKey(finding)).current.push(index));
  recorded.forEach((entry, index) => group(identityKey(entry)).recorded.push(index));
  const matchedCurrent = new Set<number>();
  const matchedRecorded = new Set<number>();
  for (const { current: mine, recorded: theirs } of groups.values()) {
    const pairs = mine.flatMap((c) => theirs.map((r) => ({ c, r, distance: Math.abs(current[c]!.line - recorded[r]!.line) })));
    pairs.sort((a, b) => a.distance - b.distance || a.c - b.c || a.r - b.r);
    for (const { c, r } of pairs) {
      if (matchedCurrent.has(c) || matchedRecorded.has(r)) continue;
      matchedCurrent.add(c);
      matchedRecorded.add(r);
    }
  }
  return {
    fresh: current.filter((_, index) => !matchedCurrent.has(index)),
    known: current.filter((_, index) => matchedCurrent.has(index)),
    gone: recorded.filter((_, index) => !matchedRecorded.has(index)),
  };
}
