// A command line as it sits inside another language's string, where no
// carrier maps the escaping (a Ruby `command "…"`, a Python list joined by
// spaces): read-only words, whitespace-separated, for the analysis to learn
// what the process was (a Querier, a sidecar and its --grpc-address) even
// though the tool will not rewrite it. Positions are exact when the string
// holds no escapes, which is what such command lines almost always are; the
// words are never edited, so an escape can only blur a column in a message.

import type { SourceFile, Span, Word } from '../model.js';

/** Characters that open or close a string or a list around a command line in code. */
const ENCLOSING = /["'`[\](),]/;

/**
 * The command line around `offset` on its line: from the last word before
 * `offset` that `isProgram` accepts to the end of the enclosing string (the
 * quote that opened before the program), or of the line.
 */
export function looseCommandAt(file: SourceFile, offset: number, isProgram: (word: string) => boolean): { span: Span; words: Word[] } | null {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline === -1 ? text.length : newline;
  const pieces = piecesOf(text, lineStart, lineEnd);
  const programIndex = findLastIndex(pieces, (piece) => piece.span.start <= offset && isProgram(piece.value));
  if (programIndex === -1) return null;
  const program = pieces[programIndex]!;
  // The quote just before the program word closes the command where it recurs.
  const opener = /["'`](?=[^"'`]*$)/.exec(text.slice(lineStart, program.span.start))?.[0];
  const close = opener !== undefined ? text.indexOf(opener, program.span.end) : -1;
  const end = close !== -1 && close <= lineEnd ? close : lineEnd;
  if (end <= offset) return null;
  const words = pieces.slice(programIndex).filter((piece) => piece.span.end <= end).map((piece): Word => ({ file, span: piece.span, value: piece.value, hasExpansion: /\$|#\{|\{\{|<%/.test(piece.value) }));
  return { span: { start: program.span.start, end }, words };
}

/** Whitespace-separated pieces of a line, quotes and list punctuation at their edges left out. */
function piecesOf(text: string, start: number, end: number): { span: Span; value: string }[] {
  const pieces: { span: Span; value: string }[] = [];
  for (const match of text.slice(start, end).matchAll(/\S+/g)) {
    let from = start + match.index;
    let to = from + match[0].length;
    while (from < to && ENCLOSING.test(text[from]!)) from++;
    while (to > from && ENCLOSING.test(text[to - 1]!)) to--;
    if (to > from) pieces.push({ span: { start: from, end: to }, value: text.slice(from, to) });
  }
  return pieces;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index]!)) return index;
  return -1;
}
