// Line geometry of a text, computed once per file and shared by every
// line-based editor and by the reporters (line/column from offsets). A line
// ends at LF, CRLF, or a CR alone (classic Mac files, which YAML also reads
// as line breaks): counting only LF put every finding of a CR-only file on
// line 1.

import { countAtOrBelow } from '../sorted.js';

export interface LineTable {
  /** Offset of the first character of each line. */
  starts: number[];
  text: string;
}

const tables = new WeakMap<object, LineTable>();

export function lineTableOf(holder: { text: string }): LineTable {
  let table = tables.get(holder);
  if (!table || table.text !== holder.text) {
    table = buildLineTable(holder.text);
    tables.set(holder, table);
  }
  return table;
}

export function buildLineTable(text: string): LineTable {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return { starts, text };
}

/** 0-based line index holding `offset`. */
export function lineIndexAt(table: LineTable, offset: number): number {
  return Math.max(0, countAtOrBelow(table.starts, offset) - 1);
}

export function lineStart(table: LineTable, line: number): number {
  return table.starts[line] ?? table.text.length;
}

/** Offset just past the line's terminator (or end of text). */
export function lineEndWithBreak(table: LineTable, line: number): number {
  return table.starts[line + 1] ?? table.text.length;
}

/** Offset of the line's terminator (`\r\n`, `\n` or `\r`), or end of text. */
export function lineContentEnd(table: LineTable, line: number): number {
  const next = table.starts[line + 1];
  if (next === undefined) return table.text.length;
  let end = next - 1;
  if (table.text.charCodeAt(end) === 10 && end > 0 && table.text.charCodeAt(end - 1) === 13) end -= 1;
  return end;
}

export function lineCount(table: LineTable): number {
  return table.starts.length;
}

/** 1-based line and column (column counts UTF-16 units, BOM excluded); a block read alone counts its host's lines before it. */
export function lineColumnAt(holder: { text: string; linesBefore?: number }, offset: number): { line: number; column: number } {
  const table = lineTableOf(holder);
  const index = lineIndexAt(table, offset);
  let column = offset - lineStart(table, index) + 1;
  if (index === 0 && holder.text.charCodeAt(0) === 0xfeff && offset > 0) column -= 1;
  return { line: index + 1 + (holder.linesBefore ?? 0), column };
}

/** `path:line:column` of an offset, as every message about input names it. */
export function locationOf(file: { path: string; text: string }, offset: number): string {
  const { line, column } = lineColumnAt(file, offset);
  return `${file.path}:${line}:${column}`;
}

/** The newline style a file already uses, so inserted lines match it. */
export function lineBreakOf(text: string): string {
  const lf = text.indexOf('\n');
  if (lf < 0) return text.includes('\r') ? '\r' : '\n';
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
}

/** The text's lines without their terminators, split as the line table splits them. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

export function indentationOf(table: LineTable, line: number): string {
  const start = lineStart(table, line);
  const end = lineContentEnd(table, line);
  let i = start;
  while (i < end && (table.text[i] === ' ' || table.text[i] === '\t')) i++;
  return table.text.slice(start, i);
}
