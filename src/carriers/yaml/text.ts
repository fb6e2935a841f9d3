// Line and span utilities shared by the YAML carriers. Offsets are UTF-16
// code units into SourceFile.text, like every Span in the pipeline.

import type { Span } from '../../model.js';

import { lineStartOf } from '../../text/lines.js';

export { lineStartOf };

/** Offset of the line break (`\r\n` or `\n`) ending the line holding `pos`, or text.length. */
export function lineContentEnd(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  if (nl < 0) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Offset just after the line break ending the line holding `pos` (text.length on the last line). */
export function nextLineStart(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

/** The file's line ending, taken from its first line break (`\n` when none). */
export function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** True when only spaces/tabs (or a BOM) sit between the start of the line and `pos`. */
export function onlyBlankBefore(text: string, pos: number): boolean {
  const s = lineStartOf(text, pos);
  return /^[\ufeff \t]*$/.test(text.slice(s, pos));
}

/** Leading whitespace of the line starting at `lineStart`. */
export function indentAt(text: string, lineStart: number): string {
  const m = /^[ \t]*/.exec(text.slice(lineStart, lineContentEnd(text, lineStart)));
  return m ? m[0] : '';
}

/**
 * True when what follows `pos` on its line is only whitespace, optionally
 * one comma (when `allowComma`), and optionally a `#` comment.
 */
export function onlyCommentAfter(text: string, pos: number, allowComma = false): boolean {
  const rest = text.slice(pos, lineContentEnd(text, pos));
  const re = allowComma ? /^[ \t]*,?[ \t]*(#.*)?$/ : /^[ \t]*(#.*)?$/;
  return re.test(rest);
}

/**
 * Turns sets of whole lines (given as [first, last] offsets inside the first
 * and last line) into deletion spans: overlapping and adjacent ranges merge,
 * and a range reaching the last line of a file without a final newline eats
 * the preceding line break instead, so the file keeps ending without one.
 */
export function wholeLineSpans(text: string, ranges: Array<[number, number]>): Span[] {
  const lines = ranges
    .map(([a, b]) => ({ start: lineStartOf(text, a), end: nextLineStart(text, Math.max(a, b)) }))
    .sort((x, y) => x.start - y.start);
  const merged: Span[] = [];
  for (const r of lines) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  for (const m of merged) {
    if (m.start === 0 && text.startsWith('\ufeff')) m.start = 1;
    const endsFile = m.end === text.length && !text.endsWith('\n');
    if (endsFile && m.start > 0) {
      // keep "no final newline": drop the break before the range instead.
      m.start = text[m.start - 2] === '\r' ? m.start - 2 : m.start - 1;
    }
  }
  return merged;
}

/** Merge overlapping or touching spans (sorted result). */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.map((s) => ({ ...s })).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push(s);
  }
  return out;
}

/** 1-based line number of `pos`. */
export function lineNumberOf(text: string, pos: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
