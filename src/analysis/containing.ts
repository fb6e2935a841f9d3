// Which span holds an offset, asked for offsets in increasing order: a sweep
// over the spans sorted by start keeps only those still open, so a file with
// n tokens and m spans costs O((n + m) log m), not O(n * m) (one line of
// 50,000 gossip flags took 61 s when every token scanned every finding).

import type { Span } from '../model.js';
import { countAtOrBelow, furthestReach } from '../sorted.js';
import { pushTo } from '../lists.js';

const contains = (span: Span, offset: number) => span.start <= offset && offset < Math.max(span.end, span.start + 1);

/**
 * A lookup for non-decreasing offsets: among the items whose span holds the
 * offset, the innermost (shortest span, then the earliest item) or the
 * earliest item.
 */
export function containingSweep<T>(items: readonly T[], spanOf: (item: T) => Span, choose: 'innermost' | 'first'): (offset: number) => T | undefined {
  const order = items.map((_, index) => index).sort((a, b) => spanOf(items[a]!).start - spanOf(items[b]!).start || a - b);
  let next = 0;
  let open: number[] = [];
  let last = -Infinity;
  return (offset) => {
    if (offset < last) throw new Error(`containingSweep: offset ${offset} after ${last}`);
    last = offset;
    while (next < order.length && spanOf(items[order[next]!]!).start <= offset) open.push(order[next++]!);
    open = open.filter((index) => contains(spanOf(items[index]!), offset));
    let best: number | undefined;
    for (const index of open) {
      if (best === undefined) best = index;
      else if (choose === 'first') best = Math.min(best, index);
      else {
        const [a, b] = [spanOf(items[index]!), spanOf(items[best]!)];
        const shorter = a.end - a.start - (b.end - b.start);
        if (shorter < 0 || (shorter === 0 && index < best)) best = index;
      }
    }
    return best === undefined ? undefined : items[best];
  };
}

/** furthestReach per file, each built on first ask. */
export function furthestReachByFile<F, T>(items: readonly T[], fileOf: (item: T) => F, spanOf: (item: T) => Span): (file: F, at: number) => number {
  const spans = new Map<F, Span[]>();
  for (const item of items) pushTo(spans, fileOf(item), spanOf(item));
  const built = new Map<F, (at: number) => number>();
  return (file, at) => {
    let reach = built.get(file);
    if (!reach) built.set(file, (reach = furthestReach(spans.get(file) ?? [])));
    return reach(at);
  };
}

/**
 * A lookup for any offsets, in any order: the first item (in `items` order)
 * of `file` whose span holds the offset. Each file's spans are sorted once;
 * where none overlap (a file's fences, its notes) one binary search answers,
 * and only a file whose spans overlap is scanned, that file's alone.
 */
export function firstContainingByFile<F, T>(items: readonly T[], fileOf: (item: T) => F, spanOf: (item: T) => Span): (file: F, offset: number) => T | undefined {
  const byFile = new Map<F, T[]>();
  for (const item of items) pushTo(byFile, fileOf(item), item);
  const lookups = new Map<F, (offset: number) => T | undefined>();
  const build = (inFile: T[]): ((offset: number) => T | undefined) => {
    const sorted = [...inFile].sort((a, b) => spanOf(a).start - spanOf(b).start);
    const overlap = sorted.some((item, i) => i > 0 && spanOf(item).start < Math.max(spanOf(sorted[i - 1]!).end, spanOf(sorted[i - 1]!).start + 1));
    if (overlap) return (offset) => inFile.find((item) => contains(spanOf(item), offset));
    const starts = sorted.map((item) => spanOf(item).start);
    return (offset) => {
      // The last span starting at or before the offset is the only one that can hold it.
      const candidate = sorted[countAtOrBelow(starts, offset) - 1];
      return candidate !== undefined && contains(spanOf(candidate), offset) ? candidate : undefined;
    };
  };
  return (file, offset) => {
    let lookup = lookups.get(file);
    if (!lookup) {
      const inFile = byFile.get(file);
      if (!inFile) return undefined;
      lookups.set(file, (lookup = build(inFile)));
    }
    return lookup(offset);
  };
}
