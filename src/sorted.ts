// Binary searches over ascending numbers (line-start tables, span starts,
// index lists): each lookup into a table built once per file, so positions
// and alignments stay linear in the input.

/** How many of the ascending `values` are at most `value`. */
export function countAtOrBelow(values: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the first of the ascending `values` at or above `value`; `values.length` when there is none. */
export function firstAtOrAbove(values: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * For spans in any order: the furthest end among those that start at or
 * before an offset (-Infinity when none does). "Some span starts by `a` and
 * reaches `b`" answers both "does a span contain this one" and "does a span
 * overlap this range" with one binary search, where a scan of every span per
 * question made a file with thousands of them quadratic.
 */
export function furthestReach(spans: readonly { start: number; end: number }[]): (at: number) => number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const starts = sorted.map((span) => span.start);
  const reach: number[] = [];
  let furthest = -Infinity;
  for (const span of sorted) reach.push((furthest = Math.max(furthest, span.end)));
  return (at) => {
    const before = countAtOrBelow(starts, at);
    return before === 0 ? -Infinity : reach[before - 1]!;
  };
}
