// Path globs (.gitignore lines, the config file's ignore paths) matched
// directly, not as regular expressions: a line of 40 `*` then `a` made the
// regex engine backtrack for seconds, and 5,000 stars for minutes. This is
// the classic two-pointer wildcard match (backtrack only to the last star),
// once over path segments for `**` and once within a segment for `*` and
// `?`, so its work is bounded by the pattern length times the path length.

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
export function matchesSegment(glob: string, name: string): boolean {
  return wildcardMatch(glob.length, name.length, (p) => glob[p] === '*', (p, s) => glob[p] === '?' || glob[p] === name[s]);
}

/** Whether path segments `names` match glob segments `globs`, a `**` segment standing for any number of names. */
export function matchesSegments(globs: string[], names: string[]): boolean {
  return wildcardMatch(globs.length, names.length, (p) => globs[p] === '**', (p, s) => matchesSegment(globs[p]!, names[s]!));
}

/** A glob's segments: runs of stars in a segment are one star (git's wildmatch); only a whole-segment `**` crosses `/`. */
export function globSegments(glob: string): string[] {
  const segments = glob.split('/').map((segment) => (segment === '**' ? segment : segment.replace(/\*+/g, '*')));
  // `dir/**` is everything inside dir, not dir itself: at least one more name.
  if (segments.length > 1 && segments[segments.length - 1] === '**') segments.splice(-1, 1, '*', '**');
  return segments;
}
