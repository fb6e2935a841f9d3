// ArgvEditor for argv held in YAML: sequences (k8s command/args, compose
// lists) and shell-style strings (compose `command: "…"`).

import type { ArgvEditor, Edit, NewArg, SourceFile, Span, Word } from '../../model.js';
import type { YMap, YScalar, YSeq } from '../../text/yaml-tree.js';
import { blockItemDash, insertSeqItems, removePairs, removeSeqItems, type RawEdit } from './collection-edit.js';
import { mergeSpans } from './text.js';
import { shellQuote, type ShellToken } from './shellwords.js';
import { doubleQuoted } from './quote.js';
import { load } from 'js-yaml';
import { append } from '../../lists.js';

/** The mapping entry (`args: …`) holding a part, removed when the part empties. */
export interface Owner {
  map: YMap;
  pairIndex: number;
}

export interface ArgvPart {
  words: Word[];
  removeSpans(remove: Set<number>): RawEdit[];
  insertAfter(index: number, args: NewArg[]): RawEdit[];
}

function ownerRemoval(text: string, owner: Owner): RawEdit[] {
  return removePairs(text, owner.map, new Set([owner.pairIndex])).map((span) => ({ span, text: '' }));
}

export function seqPart(file: SourceFile, seq: YSeq, words: Word[], itemIndex: number[], owner: Owner | null): ArgvPart {
  return {
    words,
    removeSpans(remove) {
      const items = new Set([...remove].map((w) => itemIndex[w]!));
      const spans = removeSeqItems(file.text, seq, items);
      if (spans) return spans.map((span) => ({ span, text: '' }));
      if (owner) return ownerRemoval(file.text, owner);
      // bare sequence with nothing left: leave an empty flow sequence
      const first = seq.items[0]!;
      const last = seq.items[seq.items.length - 1]!;
      const start = seq.flow ? first.start : blockItemDash(file.text, first);
      return [{ span: { start, end: last.end }, text: seq.flow ? '' : '[]' }];
    },
    insertAfter(index, args) {
      return insertSeqItems(file.text, seq, itemIndex[index]!, args);
    },
  };
}

/** A compose string command whose scalar bytes equal its value. */
export function stringPart(file: SourceFile, scalar: YScalar, words: Word[], tokens: ShellToken[], owner: Owner | null): ArgvPart {
  const text = file.text;
  return {
    words,
    removeSpans(remove) {
      if (tokens.every((_, k) => remove.has(k))) {
        if (owner) return ownerRemoval(text, owner);
        return [{ span: { start: scalar.contentStart, end: scalar.end }, text: '""' }];
      }
      const spans: Span[] = [];
      for (let i = 0; i < tokens.length; i++) {
        if (!remove.has(i)) continue;
        let j = i;
        while (j + 1 < tokens.length && remove.has(j + 1)) j++;
        const next = tokens[j + 1];
        if (next) spans.push({ start: tokens[i]!.start, end: next.start });
        else spans.push({ start: tokens[i - 1]!.end, end: tokens[j]!.end });
        i = j;
      }
      return mergeSpans(spans).map((span) => ({ span, text: '' }));
    },
    insertAfter(index, args) {
      const anchor = tokens[index]!;
      const quote = scalar.style === 2 ? "'" : scalar.style === 3 ? '"' : null;
      const added = args.map((a) => ' ' + ('raw' in a ? a.raw : shellQuote(a.value, quote))).join('');
      const before = text.slice(scalar.contentStart, anchor.end);
      const after = text.slice(anchor.end, scalar.end);
      const candidate = before + added + after;
      const want = scalar.value.slice(0, anchor.end - scalar.valueStart) + added + scalar.value.slice(anchor.end - scalar.valueStart);
      let ok = false;
      try {
        ok = (load(`k: ${candidate}`) as { k?: unknown })?.k === want;
      } catch {
        ok = false;
      }
      if (ok) return [{ span: { start: anchor.end, end: anchor.end }, text: added }];
      return [{ span: { start: scalar.contentStart, end: scalar.end }, text: doubleQuoted(want) }];
    },
  };
}

export function partsEditor(file: SourceFile, parts: ArgvPart[]): ArgvEditor {
  const locate = (w: Word): [ArgvPart, number] | null => {
    for (const p of parts) {
      const k = p.words.findIndex((x) => x === w || (x.span.start === w.span.start && x.span.end === w.span.end));
      if (k >= 0) return [p, k];
    }
    return null;
  };
  const wrap = (raw: RawEdit[]): Edit[] => raw.map((r) => ({ file, span: r.span, text: r.text }));
  return {
    removeWords(words) {
      const byPart = new Map<ArgvPart, Set<number>>();
      for (const w of words) {
        const hit = locate(w);
        if (!hit) throw new Error(`word ${JSON.stringify(w.value)} is not part of this argv`);
        const set = byPart.get(hit[0]) ?? new Set<number>();
        set.add(hit[1]);
        byPart.set(hit[0], set);
      }
      const raw: RawEdit[] = [];
      for (const [p, set] of byPart) append(raw, p.removeSpans(set));
      const deletions = mergeSpans(raw.filter((r) => r.text === '').map((r) => r.span));
      return wrap([...deletions.map((span) => ({ span, text: '' })), ...raw.filter((r) => r.text !== '')]);
    },
    insertAfter(anchor, args) {
      const hit = locate(anchor);
      if (!hit) throw new Error(`word ${JSON.stringify(anchor.value)} is not part of this argv`);
      return wrap(hit[0].insertAfter(hit[1], args));
    },
  };
}
