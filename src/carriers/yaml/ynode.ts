// Read helpers over the positioned YAML tree.

import type { YMap, YNode, YPair, YScalar, YSeq } from '../../text/yaml-tree.js';

export function asMap(n: YNode | undefined | null): YMap | undefined {
  return n && n.kind === 'map' ? n : undefined;
}
export function asSeq(n: YNode | undefined | null): YSeq | undefined {
  return n && n.kind === 'seq' ? n : undefined;
}
export function asScalar(n: YNode | undefined | null): YScalar | undefined {
  return n && n.kind === 'scalar' && !n.isNull ? n : undefined;
}

export function pairIndex(map: YMap | undefined, key: string): number {
  if (!map) return -1;
  return map.pairs.findIndex((p) => p.key.kind === 'scalar' && p.key.value === key);
}

export function getPair(map: YMap | undefined, key: string): YPair | undefined {
  const k = pairIndex(map, key);
  return k >= 0 ? map!.pairs[k] : undefined;
}

export function get(map: YNode | undefined | null, ...path: string[]): YNode | undefined {
  let cur: YNode | undefined = map ?? undefined;
  for (const key of path) {
    const p = getPair(asMap(cur), key);
    if (!p) return undefined;
    cur = p.value;
  }
  return cur;
}

export function str(n: YNode | undefined | null): string | undefined {
  return asScalar(n)?.value;
}

/** Scalar-valued entries of a mapping (labels, selectors). */
export function stringMap(n: YNode | undefined): { values: Record<string, string>; keySpans: Record<string, { start: number; end: number }> } | undefined {
  const m = asMap(n);
  if (!m) return undefined;
  const values: Record<string, string> = {};
  const keySpans: Record<string, { start: number; end: number }> = {};
  for (const p of m.pairs) {
    const k = str(p.key);
    const v = p.value.kind === 'scalar' ? p.value.value : undefined;
    if (k === undefined || v === undefined) continue;
    values[k] = v;
    keySpans[k] = { start: p.key.start, end: p.key.end };
  }
  return { values, keySpans };
}
