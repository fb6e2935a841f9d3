// Edits for command lines written one line or several joined by `\`
// continuations (shell scripts, systemd ExecStart, plain command lines).
// Removing words keeps the command valid: a line left empty goes whole, and
// when the removed words ended the command the `\` before them goes too.

import type { Edit, NewArg, SourceFile, Span, Word } from '../model.js';
import {
  indentationOf,
  lineBreakOf,
  lineContentEnd,
  lineEndWithBreak,
  lineIndexAt,
  lineStart,
  lineTableOf,
  type LineTable,
} from './text-lines.js';
import { collapsibleGuardLines, controlLineRole } from './templates.js';
import { quoteArgument, type Dialect } from './tokenize.js';

export interface LineCommand {
  file: SourceFile;
  /** From the first byte of the command to the end of its last word. */
  span: Span;
  dialect: Dialect;
}

/** Where the trailing continuation `\` of a line starts (with its leading blanks), or null. */
function continuationStart(table: LineTable, line: number): number | null {
  const end = lineContentEnd(table, line);
  if (end === 0 || table.text[end - 1] !== '\\') return null;
  // An escaped backslash is not a continuation.
  let slashes = 0;
  for (let i = end - 1; i >= 0 && table.text[i] === '\\'; i--) slashes++;
  if (slashes % 2 === 0) return null;
  let start = end - 1;
  while (start > lineStart(table, line) && /[ \t]/.test(table.text[start - 1] ?? '')) start--;
  return start;
}

function isInvisible(table: LineTable, line: number): boolean {
  return controlLineRole(table.text.slice(lineStart(table, line), lineContentEnd(table, line))) !== null;
}

/** Sorted, with overlapping spans joined. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Edits removing `ranges` (each a flag with its value, in this command).
 * Whole lines go when nothing but blanks and a continuation would remain.
 */
export function removeRanges(command: LineCommand, ranges: Span[]): Edit[] {
  const { file } = command;
  const table = lineTableOf(file);
  const text = file.text;
  const firstLine = lineIndexAt(table, command.span.start);
  const lastLine = lineIndexAt(table, command.span.end);
  const removals = mergeSpans(ranges);
  const deletedLines = new Set<number>();
  const cuts: Span[] = [];
  const joins: Edit[] = [];

  for (let line = firstLine; line <= lastLine; line++) {
    const start = lineStart(table, line);
    const contentEnd = continuationStart(table, line) ?? lineContentEnd(table, line);
    const inLine = removals.filter((r) => r.start < lineContentEnd(table, line) && r.end > start);
    if (inLine.length === 0) continue;
    let remaining = '';
    let cursor = start;
    for (const r of inLine) {
      remaining += text.slice(cursor, Math.max(cursor, r.start));
      cursor = Math.max(cursor, r.end);
    }
    remaining += text.slice(cursor, Math.max(cursor, contentEnd));
    const lineBegin = line === firstLine ? command.span.start : start;
    const before = text.slice(start, lineBegin);
    if (remaining.trim() === '' && before.trim() === '') {
      deletedLines.add(line);
      continue;
    }
    for (const r of inLine) cuts.push(widenOverBlanks(text, r, start, contentEnd));
  }

  // If the command's last visible line went, the continuation that led to it must go too.
  let lastVisible = lastLine;
  while (lastVisible > firstLine && isInvisible(table, lastVisible)) lastVisible--;
  const trailer = trailerAfterCommand(table, command, lastVisible, removals);
  if (deletedLines.has(lastVisible) || trailer !== null) {
    let kept = lastVisible - 1;
    while (kept >= firstLine && (deletedLines.has(kept) || isInvisible(table, kept))) kept--;
    const slash = kept >= firstLine ? continuationStart(table, kept) : null;
    if (slash !== null && trailer !== null) {
      // `  --cluster.peers x &` went but its `&` stays: join the `&` to the line that now ends the command.
      for (let line = kept + 1; line <= lastVisible; line++) deletedLines.delete(line);
      for (let i = cuts.length - 1; i >= 0; i--) if (cuts[i]!.start >= slash) cuts.splice(i, 1);
      joins.push({ file, span: { start: slash, end: trailer }, text: ' ' });
    } else if (slash !== null) cuts.push({ start: slash, end: lineContentEnd(table, kept) });
  }

  const guardLines = collapseGuards(table, firstLine, lastLine, deletedLines);
  for (const line of guardLines) deletedLines.add(line);

  const edits: Edit[] = [];
  for (const line of [...deletedLines].sort((a, b) => a - b)) {
    edits.push({ file, span: { start: lineStart(table, line), end: lineEndWithBreak(table, line) }, text: '' });
  }
  for (const cut of mergeSpans(cuts)) {
    const line = lineIndexAt(table, cut.start);
    if (!deletedLines.has(line)) edits.push({ file, span: cut, text: '' });
  }
  return [...mergeAdjacentDeletions(edits), ...joins];
}

/**
 * When every word of the command on its last line is removed but an
 * operator or redirection follows (`&`, `> log 2>&1`), the offset where that
 * trailer starts; otherwise null.
 */
function trailerAfterCommand(table: LineTable, command: LineCommand, line: number, removals: Span[]): number | null {
  const start = lineStart(table, line);
  const end = lineContentEnd(table, line);
  if (command.span.end > end || command.span.end < start) return null;
  let cursor = Math.max(start, command.span.start);
  let remaining = '';
  for (const r of removals) {
    if (r.end <= cursor || r.start >= command.span.end) continue;
    remaining += table.text.slice(cursor, Math.max(cursor, r.start));
    cursor = Math.max(cursor, r.end);
  }
  remaining += table.text.slice(cursor, Math.max(cursor, command.span.end));
  const touched = removals.some((r) => r.start < end && r.end > start);
  if (!touched || remaining.trim() !== '' || table.text.slice(start, Math.max(start, command.span.start)).trim() !== '') return null;
  let trailer = command.span.end;
  while (trailer < end && /[ \t]/.test(table.text[trailer] ?? '')) trailer++;
  return trailer < end ? trailer : null;
}

/** Template guards around the command (and inside it) that now guard nothing. */
function collapseGuards(table: LineTable, firstLine: number, lastLine: number, deleted: Set<number>): number[] {
  if (deleted.size === 0) return [];
  // Guards may open above the command's first line only when they sit inside
  // its continuation, so scan the command's own lines plus its invisible neighbours.
  let from = firstLine;
  let to = lastLine;
  while (to + 1 < table.starts.length && isInvisible(table, to + 1)) to++;
  const lines = [];
  for (let line = from; line <= to; line++) {
    lines.push({ text: table.text.slice(lineStart(table, line), lineContentEnd(table, line)), isDeleted: deleted.has(line) });
  }
  return collapsibleGuardLines(lines).map((index) => index + from);
}

function widenOverBlanks(text: string, range: Span, lineBegin: number, contentEnd: number): Span {
  let start = range.start;
  while (start > lineBegin && /[ \t]/.test(text[start - 1] ?? '')) start--;
  const hasContentBefore = text.slice(lineBegin, start).trim() !== '';
  if (start < range.start && hasContentBefore) return { start, end: range.end };
  // First thing on its line (or glued to a quote): keep what precedes, eat the blanks after.
  let end = range.end;
  while (end < contentEnd && /[ \t]/.test(text[end] ?? '')) end++;
  return { start: range.start, end };
}

function mergeAdjacentDeletions(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  const merged: Edit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.text === '' && edit.text === '' && edit.span.start <= last.span.end) {
      last.span = { start: last.span.start, end: Math.max(last.span.end, edit.span.end) };
    } else merged.push({ ...edit, span: { ...edit.span } });
  }
  return merged;
}

/**
 * Insert arguments after `anchor`. A command already written one argument per
 * continuation line gets new continuation lines in the same style.
 */
export function insertAfterWord(command: LineCommand, anchor: Word, args: NewArg[]): Edit[] {
  const { file } = command;
  const table = lineTableOf(file);
  const firstLine = lineIndexAt(table, command.span.start);
  const lastLine = lineIndexAt(table, command.span.end);
  const anchorLine = lineIndexAt(table, anchor.span.end);
  const quoted = args.map((arg) => ('raw' in arg ? arg.raw : quoteArgument(arg.value, command.dialect)));
  if (firstLine === lastLine) {
    return [{ file, span: { start: anchor.span.end, end: anchor.span.end }, text: quoted.map((a) => ` ${a}`).join('') }];
  }
  const indentLine = anchorLine === firstLine ? firstLine + 1 : anchorLine;
  const indent = indentationOf(table, indentLine);
  const br = lineBreakOf(file.text);
  const text = quoted.map((a) => ` \\${br}${indent}${a}`).join('');
  return [{ file, span: { start: anchor.span.end, end: anchor.span.end }, text }];
}

/** Delete whole lines of a file, and the template guards left guarding nothing. */
export function deleteLines(file: SourceFile, lines: Iterable<number>): Edit[] {
  const table = lineTableOf(file);
  const deleted = new Set(lines);
  const count = table.starts.length;
  for (const line of collapseGuards(table, 0, count - 1, deleted)) deleted.add(line);
  const edits: Edit[] = [...deleted]
    .sort((a, b) => a - b)
    .map((line) => ({ file, span: { start: lineStart(table, line), end: lineEndWithBreak(table, line) }, text: '' }));
  return mergeAdjacentDeletions(edits);
}
