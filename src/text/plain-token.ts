// What our hand-written scanners (HCL in Nomad job files, jsonnet) share:
// the tail of the tokenizer (once strings, comments and heredocs are ruled
// out, the next token is an identifier, a number, or one punctuation
// character) and the nesting of bracket groups.

import type { Span } from '../model.js';

export type PlainToken =
  | { kind: 'ident'; span: Span; text: string }
  | { kind: 'number'; span: Span; text: string }
  | { kind: 'punct'; span: Span; text: string };

const NUMBER = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;

/** The token at `pos`; `identifier` is the language's (anchored, `^`). Looks at most 256 characters ahead. */
export function plainTokenAt(text: string, pos: number, identifier: RegExp): PlainToken {
  const ident = identifier.exec(text.slice(pos, pos + 256));
  if (ident) return { kind: 'ident', span: { start: pos, end: pos + ident[0].length }, text: ident[0] };
  const number = NUMBER.exec(text.slice(pos, pos + 64));
  if (number) return { kind: 'number', span: { start: pos, end: pos + number[0].length }, text: number[0] };
  return { kind: 'punct', span: { start: pos, end: pos + 1 }, text: text[pos]! };
}

export type Punct = PlainToken & { kind: 'punct' };

/** A bracketed group and what it holds, nested groups included. */
export interface BracketGroup<T> {
  kind: 'group';
  open: Punct;
  close: Punct;
  items: (T | BracketGroup<T>)[];
  span: Span;
}

/** How brackets fail to balance, for each language to say in its own words. */
export type BracketProblem =
  | { kind: 'closes-nothing'; at: Punct }
  | { kind: 'mismatched'; at: Punct; expected: string }
  | { kind: 'never-closed'; at: Punct };

const PAIRS: Record<string, string> = { '[': ']', '{': '}', '(': ')' };

/** The tokens as top-level items with bracket groups nested; throws what `fail` makes of an unbalanced bracket. */
export function groupBrackets<T extends { kind: string; span: Span }>(tokens: readonly T[], fail: (problem: BracketProblem) => Error): (T | BracketGroup<T>)[] {
  const root: (T | BracketGroup<T>)[] = [];
  const stack: { open: Punct; items: (T | BracketGroup<T>)[] }[] = [];
  for (const token of tokens) {
    const items = stack.length > 0 ? stack[stack.length - 1]!.items : root;
    const punct = token.kind === 'punct' ? (token as unknown as Punct) : null;
    if (punct && PAIRS[punct.text]) {
      stack.push({ open: punct, items: [] });
      continue;
    }
    if (punct && /[\]})]/.test(punct.text)) {
      const top = stack.pop();
      if (!top) throw fail({ kind: 'closes-nothing', at: punct });
      if (PAIRS[top.open.text] !== punct.text) throw fail({ kind: 'mismatched', at: punct, expected: PAIRS[top.open.text]! });
      const group: BracketGroup<T> = { kind: 'group', open: top.open, close: punct, items: top.items, span: { start: top.open.span.start, end: punct.span.end } };
      (stack.length > 0 ? stack[stack.length - 1]!.items : root).push(group);
      continue;
    }
    items.push(token);
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) throw fail({ kind: 'never-closed', at: unclosed.open });
  return root;
}
