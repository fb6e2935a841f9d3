// Byte-exact removal and insertion inside YAML collections (block and flow),
// working on the positioned tree from tree.ts.

import type { NewArg, Span } from '../../model.js';
import type { YMap, YNode, YSeq } from '../../text/yaml-tree.js';
import {
  eolOf, indentAt, lineContentEnd, lineStartOf, mergeSpans, nextLineStart, onlyBlankBefore,
  onlyCommentAfter, wholeLineSpans,
} from './text.js';
import { spellArg, styleOfSource } from './quote.js';

export interface RawEdit {
  span: Span;
  text: string;
}

/** Position of the `-` introducing a block sequence item. */
export function blockItemDash(text: string, item: YNode): number {
  let i = item.start - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return i >= 0 && text[i] === '-' ? i : item.start;
}

/** Span of a whole block sequence item, from its dash to the end of its content. */
export function blockItemSpan(text: string, item: YNode): Span {
  return { start: blockItemDash(text, item), end: item.end };
}

/** Offset of the comma following a flow element (same or later line), or -1. */
function commaAfter(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ',') return i;
    if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (!/\s/.test(c)) return -1;
    i++;
  }
  return -1;
}

interface FlowElem extends Span {
  comma: number;
  /** Alone on its line(s): only indentation before, only `,` and a comment after. */
  owned: boolean;
}

function flowElems(text: string, spans: Span[]): FlowElem[] {
  return spans.map((s) => {
    const comma = commaAfter(text, s.end);
    const commaSameLine = comma < 0 || !text.slice(s.end, comma).includes('\n');
    const after = comma >= 0 && commaSameLine ? comma + 1 : s.end;
    const owned = commaSameLine && onlyBlankBefore(text, s.start) && onlyCommentAfter(text, after);
    return { ...s, comma, owned };
  });
}

/**
 * Deletion spans removing flow elements `remove` (indices into `spans`) with
 * exactly one adjacent comma each; null when every element would go.
 */
export function removeFlowElements(text: string, spans: Span[], remove: Set<number>): Span[] | null {
  const els = flowElems(text, spans);
  if (els.length > 0 && els.every((_, k) => remove.has(k))) return null;
  const lines: Array<[number, number]> = [];
  const chars: Span[] = [];
  for (let i = 0; i < els.length; i++) {
    if (!remove.has(i)) continue;
    let j = i;
    while (j + 1 < els.length && remove.has(j + 1)) j++;
    const last = els[j]!;
    if (last.comma >= 0) {
      for (let k = i; k <= j; k++) {
        const e = els[k]!;
        if (e.owned) {
          lines.push([e.start, e.comma >= 0 ? e.comma : e.end]);
        } else {
          let end = e.comma + 1;
          while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
          if (end >= text.length || /[\r\n#]/.test(text[end]!)) end = e.comma + 1;
          chars.push({ start: e.start, end });
        }
      }
    } else {
      const prev = els[i - 1]!;
      const run = els.slice(i, j + 1);
      if (run.every((e) => e.owned) && prev.comma >= 0 && !text.slice(prev.end, prev.comma).includes('\n')) {
        chars.push({ start: prev.comma, end: prev.comma + 1 });
        for (const e of run) lines.push([e.start, e.end]);
      } else {
        chars.push({ start: prev.end, end: last.end });
      }
    }
    i = j;
  }
  return mergeSpans([...wholeLineSpans(text, lines), ...chars]);
}

/** Deletion spans for block sequence items; null when every item would go. */
export function removeBlockItems(text: string, seq: YSeq, remove: Set<number>): Span[] | null {
  if (seq.items.length > 0 && seq.items.every((_, k) => remove.has(k))) return null;
  const lines: Array<[number, number]> = [];
  const chars: Span[] = [];
  seq.items.forEach((item, k) => {
    if (!remove.has(k)) return;
    const dash = blockItemDash(text, item);
    if (onlyBlankBefore(text, dash)) lines.push([dash, item.end]);
    else {
      // compact `- - x` form: cut up to the next item's dash
      const next = seq.items[k + 1];
      chars.push({ start: dash, end: next ? blockItemDash(text, next) : item.end });
    }
  });
  return mergeSpans([...wholeLineSpans(text, lines), ...chars]);
}

/** Deletion spans removing items of a sequence (block or flow); null when it would become empty. */
export function removeSeqItems(text: string, seq: YSeq, remove: Set<number>): Span[] | null {
  return seq.flow ? removeFlowElements(text, seq.items, remove) : removeBlockItems(text, seq, remove);
}

/** Deletion spans removing mapping pairs (block: whole lines; flow: element and one comma). */
export function removePairs(text: string, map: YMap, remove: Set<number>): Span[] {
  if (map.flow) {
    const r = removeFlowElements(text, map.pairs, remove);
    if (r) return r;
    const first = map.pairs[0]!;
    const last = map.pairs[map.pairs.length - 1]!;
    const comma = commaAfter(text, last.end);
    return [{ start: first.start, end: comma >= 0 ? comma + 1 : last.end }];
  }
  const lines: Array<[number, number]> = [];
  const chars: Span[] = [];
  map.pairs.forEach((p, k) => {
    if (!remove.has(k)) return;
    if (onlyBlankBefore(text, p.key.start)) {
      lines.push([p.key.start, p.end]);
    } else {
      // first key of a compact `- key: v` item: keep the dash, pull the next key up
      const next = map.pairs[k + 1];
      if (next && !remove.has(k + 1)) chars.push({ start: p.key.start, end: next.key.start });
      else chars.push({ start: p.key.start, end: lineContentEnd(text, p.end) });
    }
  });
  return mergeSpans([...wholeLineSpans(text, lines), ...chars]);
}

/** Edits inserting `values` as new items after item `anchorIdx` of `seq`, in the anchor's style. */
export function insertSeqItems(text: string, seq: YSeq, anchorIdx: number, values: NewArg[]): RawEdit[] {
  const anchor = seq.items[anchorIdx]!;
  const eol = eolOf(text);
  const style = styleOfSource(text.slice(anchor.contentStart, anchor.end));
  if (values.length === 0) return [];
  if (!seq.flow) {
    const dash = blockItemDash(text, anchor);
    const ls = lineStartOf(text, dash);
    const gap = /^[ \t]*/.exec(text.slice(dash + 1))![0];
    const prefix = (onlyBlankBefore(text, dash) ? text.slice(ls, dash) : ' '.repeat(dash - ls)) + '-' + (gap || ' ');
    const lines = values.map((v) => prefix + spellArg(v, style, false));
    const at = nextLineStart(text, anchor.end);
    const hasBreak = at > 0 && text[at - 1] === '\n';
    // A sequence ending the file without final newline: removing the items
    // after the anchor cuts from the anchor's line break (to keep no final
    // newline), so the new items go before that break, not inside the cut.
    const endsFile = !text.endsWith('\n') && nextLineStart(text, seq.items[seq.items.length - 1]!.end) === text.length;
    if (hasBreak && !endsFile) return [{ span: { start: at, end: at }, text: lines.map((l) => l + eol).join('') }];
    const end = lineContentEnd(text, anchor.end);
    return [{ span: { start: end, end }, text: lines.map((l) => eol + l).join('') }];
  }
  const els = flowElems(text, seq.items);
  const e = els[anchorIdx]!;
  const q = values.map((v) => spellArg(v, style, true));
  if (e.owned) {
    const indent = indentAt(text, lineStartOf(text, e.start));
    const at = nextLineStart(text, e.comma >= 0 ? e.comma : e.end);
    // Written as `,<eol><indent>new` just before the anchor's own comma, the same text as a line after
    // it, but right when the items after the anchor go too (removeFlowElements then cuts that comma).
    if (e.comma >= 0 && !text.slice(e.comma + 1, at).includes('#')) {
      return [{ span: { start: e.end, end: e.end }, text: q.map((s) => ',' + eol + indent + s).join('') }];
    }
    if (e.comma >= 0) {
      return [{ span: { start: at, end: at }, text: q.map((s) => indent + s + ',' + eol).join('') }];
    }
    return [
      { span: { start: e.end, end: e.end }, text: ',' },
      { span: { start: at, end: at }, text: q.map((s) => indent + s).join(',' + eol) + eol },
    ];
  }
  return [{ span: { start: e.end, end: e.end }, text: q.map((s) => ', ' + s).join('') }];
}
