// Removal helpers for leftovers of gossip setups: sequence items (container
// ports), mapping entries (`peers:`, `thanos-peer` labels), whole documents
// or `kind: List` members (peers Services).

import type { Edit, SourceFile, Span } from '../../model.js';
import type { YMap, YNode, YSeq } from '../../text/yaml-tree.js';
import type { KubeObject } from './types.js';
import { treeOf, isTemplated } from './parsed.js';
import { blockItemDash, removePairs, removeSeqItems } from './collection-edit.js';
import { collapseTemplateBlocks } from './template-lines.js';
import { lineStartOf, mergeSpans } from './text.js';

interface SeqHit { seq: YSeq; index: number; span: Span; owner?: { map: YMap; index: number } }
interface PairHit { map: YMap; index: number; owner?: { map: YMap; index: number } }

function walk(n: YNode, owner: { map: YMap; index: number } | undefined, text: string, visit: (n: YNode, owner?: { map: YMap; index: number }) => void): void {
  visit(n, owner);
  if (n.kind === 'seq') n.items.forEach((c) => walk(c, undefined, text, visit));
  else if (n.kind === 'map') n.pairs.forEach((p, k) => walk(p.value, { map: n, index: k }, text, visit));
}

function roots(file: SourceFile): YNode[] {
  const tree = treeOf(file);
  if (tree.error) throw new Error(`${file.path}: cannot parse YAML: ${tree.error.message}`);
  return tree.docs.flatMap((d) => (d.root ? [d.root] : []));
}

function finish(file: SourceFile, spans: Span[], inserts: Edit[] = []): Edit[] {
  const del = isTemplated(file) ? collapseTemplateBlocks(file.text, spans) : spans;
  return [...mergeSpans(del).map((span) => ({ file, span, text: '' })), ...inserts];
}

/** Edits removing the sequence item whose span (dash to end) contains `span`; the smallest such item. */
export function removeSequenceItem(file: SourceFile, span: Span): Edit[] {
  const text = file.text;
  let best: SeqHit | undefined;
  for (const r of roots(file)) {
    walk(r, undefined, text, (n, owner) => {
      if (n.kind !== 'seq') return;
      n.items.forEach((item, index) => {
        const s = n.flow ? { start: item.start, end: item.end } : { start: blockItemDash(text, item), end: item.end };
        if (s.start <= span.start && span.end <= s.end && (!best || s.end - s.start < best.span.end - best.span.start)) {
          best = { seq: n, index, span: s, ...(owner ? { owner } : {}) };
        }
      });
    });
  }
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
  for (const r of roots(file)) {
    walk(r, undefined, text, (n, owner) => {
      if (n.kind !== 'map') return;
      n.pairs.forEach((p, index) => {
        const k = p.key;
        const hit = (k.start >= span.start && k.start < Math.max(span.end, span.start + 1)) || (k.start <= span.start && span.start < k.end);
        if (hit && p.end - p.start < bestSize) {
          bestSize = p.end - p.start;
          best = { map: n, index, ...(owner ? { owner } : {}) };
        }
      });
    });
  }
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
  const doc = tree.docs.find((d) => d.span.start <= span.start && span.start < Math.max(d.span.end, d.span.start + 1))
    ?? tree.docs.find((d) => d.span.start <= span.start && span.start <= d.span.end);
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
