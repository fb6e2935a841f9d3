// Removal helpers for leftovers of gossip setups: sequence items (container
// ports), mapping entries (`peers:`, `thanos-peer` labels), whole documents
// or `kind: List` members (peers Services).

import type { Edit, SourceFile, Span } from '../../model.js';
import type { YDoc, YMap, YNode, YSeq } from '../../text/yaml-tree.js';
import type { KubeObject } from './types.js';
import { treeOf, isTemplated } from './parsed.js';
import { blockItemDash, removePairs, removeSeqItems } from './collection-edit.js';
import { collapseTemplateBlocks } from './template-lines.js';
import { lineStartOf, mergeSpans } from './text.js';

type Owner = { map: YMap; index: number };
interface SeqHit { seq: YSeq; index: number; span: Span; owner?: Owner }
interface PairHit { map: YMap; index: number; owner?: Owner }

/** What a search sees: each sequence item and mapping entry, with the entry holding its collection. */
interface Visitor {
  item?(seq: YSeq, index: number, extent: Span, owner: Owner | undefined): void;
  pair?(map: YMap, index: number, owner: Owner | undefined): void;
}

/** The first of `items` (in order, not overlapping, so their ends ascend) that ends at or after `at`. */
function firstEndingFrom<T>(items: readonly T[], at: number, endOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (endOf(items[middle]!) < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Visits the items and entries that overlap `span`, and nothing else: a
 * removal is asked for one place, and a file of 30,000 workloads makes
 * thousands of them, so each costs the depth of the tree (binary searches
 * among documents and siblings), not its size.
 */
function visitOverlapping(file: SourceFile, span: Span, visitor: Visitor): void {
  const tree = treeOf(file);
  if (tree.error) throw new Error(`${file.path}: cannot parse YAML: ${tree.error.message}`);
  const text = file.text;
  const from = span.start;
  const to = Math.max(span.end, span.start + 1);
  const descend = (n: YNode, owner: Owner | undefined): void => {
    if (n.kind === 'seq') {
      for (let index = firstEndingFrom(n.items, from, (item) => item.end); index < n.items.length; index++) {
        const item = n.items[index]!;
        const extent = n.flow ? { start: item.start, end: item.end } : { start: blockItemDash(text, item), end: item.end };
        if (extent.start > to) break;
        visitor.item?.(n, index, extent, owner);
        descend(item, undefined);
      }
    } else if (n.kind === 'map') {
      for (let index = firstEndingFrom(n.pairs, from, (pair) => pair.end); index < n.pairs.length; index++) {
        const pair = n.pairs[index]!;
        if (pair.start > to) break;
        visitor.pair?.(n, index, owner);
        descend(pair.value, { map: n, index });
      }
    }
  };
  const docs = tree.docs;
  for (let index = firstEndingFrom(docs, from, (doc) => doc.span.end); index < docs.length && docs[index]!.span.start <= to; index++) {
    const root = docs[index]!.root;
    if (root) descend(root, undefined);
  }
}

function finish(file: SourceFile, spans: Span[], inserts: Edit[] = []): Edit[] {
  const del = isTemplated(file) ? collapseTemplateBlocks(file, spans) : spans;
  return [...mergeSpans(del).map((span) => ({ file, span, text: '' })), ...inserts];
}

/** Edits removing the sequence item whose span (dash to end) contains `span`; the smallest such item. */
export function removeSequenceItem(file: SourceFile, span: Span): Edit[] {
  const text = file.text;
  let best: SeqHit | undefined;
  visitOverlapping(file, span, {
    item(seq, index, s, owner) {
      if (s.start <= span.start && span.end <= s.end && (!best || s.end - s.start < best.span.end - best.span.start)) {
        best = { seq, index, span: s, ...(owner ? { owner } : {}) };
      }
    },
  });
  if (!best) throw new Error(`${file.path}: no sequence item at offset ${span.start}`);
  const spans = removeSeqItems(text, best.seq, new Set([best.index]));
  if (spans) return finish(file, spans);
  // the sequence would be empty: drop its key too, or leave `[]`
  if (best.owner) return finish(file, removePairs(text, best.owner.map, new Set([best.owner.index])));
  const item = best.seq.items[0]!;
  return [{ file, span: best.seq.flow ? { start: item.start, end: item.end } : best.span, text: best.seq.flow ? '' : '[]' }];
}

/**
 * Edits removing the mapping entry (key and value, whole lines in block
 * style) whose key starts inside `span` or contains `span.start`. A block
 * mapping left empty becomes `{}` on its parent key's line.
 */
export function removeMappingEntry(file: SourceFile, span: Span): Edit[] {
  const text = file.text;
  let best: PairHit | undefined;
  let bestSize = Infinity;
  visitOverlapping(file, span, {
    pair(map, index, owner) {
      const p = map.pairs[index]!;
      const k = p.key;
      const hit = (k.start >= span.start && k.start < Math.max(span.end, span.start + 1)) || (k.start <= span.start && span.start < k.end);
      if (hit && p.end - p.start < bestSize) {
        bestSize = p.end - p.start;
        best = { map, index, ...(owner ? { owner } : {}) };
      }
    },
  });
  if (!best) throw new Error(`${file.path}: no mapping entry at offset ${span.start}`);
  const { map, index, owner } = best;
  const spans = removePairs(text, map, new Set([index]));
  if (!map.flow && map.pairs.length === 1) {
    if (owner) {
      const parentKey = owner.map.pairs[owner.index]!.key;
      const colon = text.indexOf(':', parentKey.end);
      return finish(file, spans, [{ file, span: { start: colon + 1, end: colon + 1 }, text: ' {}' }]);
    }
    const p = map.pairs[0]!;
    if (lineStartOf(text, p.start) !== p.start && !/^\s*$/.test(text.slice(lineStartOf(text, p.start), p.start))) {
      return [{ file, span: { start: p.start, end: p.end }, text: '{}' }];
    }
  }
  return finish(file, spans);
}

/**
 * Edits removing the whole document (of a `---` stream) containing
 * `span.start`, its `---` line included; the other documents and their
 * separators stay valid. A last document also takes the blank lines before
 * its marker; a file without a final newline keeps ending without one.
 */
export function removeDocument(file: SourceFile, span: Span): Edit[] {
  const text = file.text;
  const tree = treeOf(file);
  if (tree.error) throw new Error(`${file.path}: cannot parse YAML: ${tree.error.message}`);
  // Documents are in order: the only ones that can hold span.start follow the first that ends at or after it.
  const near: YDoc[] = [];
  for (let i = firstEndingFrom(tree.docs, span.start, (d) => d.span.end); i < tree.docs.length && tree.docs[i]!.span.start <= span.start; i++) near.push(tree.docs[i]!);
  const doc = near.find((d) => d.span.start <= span.start && span.start < Math.max(d.span.end, d.span.start + 1))
    ?? near.find((d) => d.span.start <= span.start && span.start <= d.span.end);
  if (!doc) throw new Error(`${file.path}: no document at offset ${span.start}`);
  let { start, end } = doc.span;
  if (start === 0 && text.startsWith('\ufeff')) start = 1;
  if (end === text.length && start > 1) {
    // last document: take the blank lines separating it from the previous one
    let s = start;
    for (;;) {
      const prevStart = lineStartOf(text, s - 1);
      if (prevStart >= s || !/^[ \t\r]*\n$/.test(text.slice(prevStart, s))) break;
      s = prevStart;
      if (s === 0) break;
    }
    start = s;
    if (!text.endsWith('\n') && start > 0) start = text[start - 2] === '\r' ? start - 2 : start - 1;
  }
  return finish(file, [{ start, end }]);
}

/** Edits removing a Kubernetes object: its document, or its `kind: List` item. */
export function removeKubeObject(file: SourceFile, obj: KubeObject): Edit[] {
  return obj.inList ? removeSequenceItem(file, obj.documentSpan) : removeDocument(file, obj.documentSpan);
}
