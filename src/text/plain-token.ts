// The tail every hand-written scanner of ours ends with (HCL in Nomad job
// files, jsonnet): once strings, comments and heredocs are ruled out, the
// next token is an identifier, a number, or one punctuation character.

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
