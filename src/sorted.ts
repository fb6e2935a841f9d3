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
