// The median the benchmark reports, in a module of its own: measure.ts makes
// a scratch folder when it loads, which a script timing threads (two-readers.ts,
// whose workers load it again) has no use for.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
