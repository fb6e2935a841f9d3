// Enough of .gitignore to skip what a repository does not track: globs with
// `*`, `?`, `**`, anchoring by a leading or inner `/`, directory-only
// patterns, and `!` negation, each relative to its .gitignore's folder.
//
// Globs are matched directly, not turned into regular expressions: a line of
// 40 `*` then `a` made the regex engine backtrack for seconds, and 5,000
// stars for minutes. The matcher below is the classic two-pointer wildcard
// match (backtrack only to the last star), once over path segments for `**`
// and once within a segment for `*` and `?`, so its work is bounded by the
// pattern length times the path length.

export interface IgnoreRule {
  base: string;
  /** The pattern split at `/`; a `**` segment matches any number of path segments. */
  segments: string[];
  /** True when the pattern names a path from `base`; otherwise it matches a name at any depth. */
  isAnchored: boolean;
  isNegated: boolean;
  isDirectoryOnly: boolean;
}

/**
 * The two-pointer wildcard match over items of a pattern and of a subject:
 * a star item matches any run, others match one item each.
 */
function wildcardMatch(patternLength: number, subjectLength: number, isStar: (p: number) => boolean, matchesOne: (p: number, s: number) => boolean): boolean {
  let p = 0;
  let s = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (s < subjectLength) {
    if (p < patternLength && !isStar(p) && matchesOne(p, s)) {
      p++;
      s++;
    } else if (p < patternLength && isStar(p)) {
      starAt = p++;
      resumeAt = s;
    } else if (starAt >= 0) {
      p = starAt + 1;
      s = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < patternLength && isStar(p)) p++;
  return p === patternLength;
}

/** `*` (any run), `?` (one character), all else literal; `/` never appears in `name`. */
function matchesSegment(glob: string, name: string): boolean {
  return wildcardMatch(glob.length, name.length, (p) => glob[p] === '*', (p, s) => glob[p] === '?' || glob[p] === name[s]);
}

/** Over path segments, `**` in the role of `*`. */
function matchesSegments(globs: string[], names: string[]): boolean {
  return wildcardMatch(globs.length, names.length, (p) => globs[p] === '**', (p, s) => matchesSegment(globs[p]!, names[s]!));
}

export function parseGitignore(base: string, text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const isNegated = line.startsWith('!');
    if (isNegated) line = line.slice(1);
    const isDirectoryOnly = line.endsWith('/');
    if (isDirectoryOnly) line = line.slice(0, -1);
    const isAnchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    // Runs of stars mean one star within a segment (git's wildmatch); only a whole-segment `**` crosses `/`.
    const segments = line.split('/').map((segment) => (segment === '**' ? segment : segment.replace(/\*+/g, '*')));
    // `dir/**` is everything inside dir, not dir itself: at least one more name.
    if (segments.length > 1 && segments[segments.length - 1] === '**') segments.splice(-1, 1, '*', '**');
    rules.push({ base, segments, isAnchored, isNegated, isDirectoryOnly });
  }
  return rules;
}

function matches(rule: IgnoreRule, relativePath: string): boolean {
  const names = relativePath.split('/');
  if (rule.isAnchored) return matchesSegments(rule.segments, names);
  return rule.segments[0] === '**' || matchesSegment(rule.segments[0]!, names[names.length - 1]!);
}

/** `relativePath` uses `/` and is relative to the walk root; `base` likewise. */
export function isIgnored(rules: IgnoreRule[], relativePath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.isDirectoryOnly && !isDirectory) continue;
    const prefix = rule.base === '' ? '' : `${rule.base}/`;
    if (!relativePath.startsWith(prefix)) continue;
    if (matches(rule, relativePath.slice(prefix.length))) ignored = !rule.isNegated;
  }
  return ignored;
}
