// Unified diffs of planned changes, per file, new SD files included. Names
// and lines are escaped (escape.ts): a file name with a newline cannot forge
// a `+++ b/` header, and a line holding ESC cannot drive the terminal. A
// CRLF line keeps its CR at the end, where it moves nothing.
//
// A rewrite is diffed only where its edits are. Myers' diff over the whole
// file costs its length times the lines changed: a file of 1,500 workloads
// took 13 s to preview, 750 took 4 s. The edit spans say which lines changed,
// so each cluster of them is diffed alone, with the unchanged lines around it
// as context, and the hunks are numbered back into the file: linear in the
// file. No hunk of the whole-file diff spans two clusters more than
// 2 x CONTEXT lines apart, so the hunks are those of the whole-file diff,
// except where equal lines leave a diff a choice of what moved (then both
// are minimal, and both apply).

import { createTwoFilesPatch, formatPatch, structuredPatch, type StructuredPatchHunk } from 'diff';
import { orderedEdits, type Edit } from '../model.js';
import type { FileChange } from '../plan.js';
import type { Palette } from './colors.js';
import type { SecretMask } from './secrets.js';
import { escapeForDisplay } from './escape.js';
import { lineBreakOf } from '../argv/text-lines.js';
import { countAtOrBelow } from '../sorted.js';
import { append } from '../lists.js';

const CONTEXT = 3;

/** Offsets where the lines of `text` start, split at LF as the diff splits them; a final LF starts no line. */
function lfLineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1 && at + 1 < text.length; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return text.length === 0 ? [] : starts;
}

/**
 * The line holding `offset` (binary search in `starts`). An offset at the end
 * of a text that ends with LF is on the line after its last, which it would
 * start: where an edit that deletes the last line starts in the rewrite.
 */
function lineOf(starts: number[], text: string, offset: number): number {
  if (offset >= text.length && text.endsWith('\n')) return starts.length;
  return Math.max(0, countAtOrBelow(starts, offset) - 1);
}

interface LineWindow {
  /** First and last line (0-based, inclusive) of the edits' lines before and after. */
  beforeFirst: number;
  beforeLast: number;
  afterFirst: number;
  afterLast: number;
}

/** A cluster of edited lines, and its groups: the windows that share no line, with unchanged lines between them. */
interface Cluster extends LineWindow {
  groups: LineWindow[];
}

/**
 * Above this many lines times groups, a cluster is diffed group by group.
 * Myers' diff of a cluster costs its lines times the lines changed, and edits
 * on every few lines make the whole file one cluster: 4,000 jsonnet
 * components took 17 s of a 22 s preview in the diff. Group by group, the
 * unchanged lines between groups are kept as they are, so the hunk is
 * minimal for each group but may not be overall where equal lines could
 * have been matched across groups; below the bound, the cluster is diffed
 * whole as before.
 */
const GROUPED_DIFF_ABOVE = 250_000;

/**
 * The hunks of the whole-file diff of `shownBefore` / `shownAfter` (the texts
 * as shown: masked, CR-only breaks as LF), found by diffing each cluster of
 * edited lines alone. `before` / `after` are the texts the edits are offsets
 * into. Null when the shown texts do not keep the lines of the real ones (a
 * masked secret spanning lines), or the edits cannot be followed: the caller
 * then diffs the whole file.
 */
function hunksAtEdits(before: string, after: string, shownBefore: string, shownAfter: string, edits: Edit[]): StructuredPatchHunk[] | null {
  if (edits.length === 0 || lineBreakOf(before) !== lineBreakOf(after)) return null;
  const lfBefore = forDiff(before);
  const lfAfter = forDiff(after);
  const beforeStarts = lfLineStarts(lfBefore);
  const afterStarts = lfLineStarts(lfAfter);
  const shownBeforeStarts = lfLineStarts(shownBefore);
  const shownAfterStarts = lfLineStarts(shownAfter);
  if (shownBeforeStarts.length !== beforeStarts.length || shownAfterStarts.length !== afterStarts.length || beforeStarts.length === 0 || afterStarts.length === 0) return null;
  const sorted = orderedEdits(edits);
  const windows: Cluster[] = [];
  let shift = 0;
  let cursor = 0;
  for (const { span, text } of sorted) {
    if (span.start < cursor) return null;
    cursor = span.end;
    const window: LineWindow = {
      beforeFirst: lineOf(beforeStarts, lfBefore, span.start),
      beforeLast: lineOf(beforeStarts, lfBefore, span.end),
      afterFirst: lineOf(afterStarts, lfAfter, span.start + shift),
      afterLast: lineOf(afterStarts, lfAfter, span.start + shift + text.length),
    };
    shift += text.length - (span.end - span.start);
    const last = windows[windows.length - 1];
    // Lines this close would share a hunk of the whole-file diff: one cluster.
    if (last && window.beforeFirst - last.beforeLast <= 2 * CONTEXT + 1) {
      last.beforeLast = Math.max(last.beforeLast, window.beforeLast);
      last.afterLast = Math.max(last.afterLast, window.afterLast);
      const group = last.groups[last.groups.length - 1]!;
      // Adjacent changed lines are one run of the diff: one group, so no unchanged line ever separates a group from itself.
      if (window.beforeFirst <= group.beforeLast + 1 || window.afterFirst <= group.afterLast + 1) {
        group.beforeLast = Math.max(group.beforeLast, window.beforeLast);
        group.afterLast = Math.max(group.afterLast, window.afterLast);
      } else last.groups.push(window);
    } else windows.push({ ...window, groups: [{ ...window }] });
  }
  if (before.length + shift !== after.length) return null;
  const at = (text: string, starts: number[], line: number) => (line < starts.length ? starts[line]! : text.length);
  const slice = (text: string, starts: number[], first: number, end: number) => text.slice(at(text, starts, first), at(text, starts, end));
  const hunks: StructuredPatchHunk[] = [];
  for (const window of windows) {
    // The unchanged lines around a cluster are the same lines in both texts: as many context lines on each side.
    const above = Math.min(CONTEXT, window.beforeFirst, window.afterFirst);
    const below = Math.max(0, Math.min(CONTEXT, beforeStarts.length - 1 - window.beforeLast, afterStarts.length - 1 - window.afterLast));
    const beforeFirst = window.beforeFirst - above;
    const afterFirst = window.afterFirst - above;
    let beforeEnd = window.beforeLast + 1 + below;
    let afterEnd = window.afterLast + 1 + below;
    // A cluster that reaches the end of one text reaches the end of both, so the diff sees how each ends.
    if (beforeEnd >= beforeStarts.length || afterEnd >= afterStarts.length) {
      beforeEnd = beforeStarts.length;
      afterEnd = afterStarts.length;
    }
    if (window.groups.length > 1 && (beforeEnd - beforeFirst) * window.groups.length > GROUPED_DIFF_ABOVE) {
      append(hunks, groupedHunks(window, { first: beforeFirst, end: beforeEnd, text: shownBefore, starts: shownBeforeStarts }, { first: afterFirst, end: afterEnd, text: shownAfter, starts: shownAfterStarts }));
      continue;
    }
    const part = structuredPatch('', '', slice(shownBefore, shownBeforeStarts, beforeFirst, beforeEnd), slice(shownAfter, shownAfterStarts, afterFirst, afterEnd), '', '', { context: CONTEXT });
    for (const hunk of part.hunks) hunks.push({ ...hunk, oldStart: hunk.oldStart + beforeFirst, newStart: hunk.newStart + afterFirst });
  }
  return hunks;
}

/** Lines [first, end) of a shown text, with the offsets its lines start at. */
interface ShownRange {
  first: number;
  end: number;
  text: string;
  starts: number[];
}

/**
 * The hunks of a dense cluster: each group diffed alone, the unchanged lines
 * around and between groups as context lines, then cut into hunks as a diff
 * cuts them. The last group runs to the cluster's end, so the diff sees how
 * the texts end (a final line without a line break).
 */
function groupedHunks(cluster: Cluster, before: ShownRange, after: ShownRange): StructuredPatchHunk[] {
  const lineText = (range: ShownRange, line: number) => {
    const start = range.starts[line]!;
    const next = line + 1 < range.starts.length ? range.starts[line + 1]! - 1 : range.text.length;
    return range.text.slice(start, next);
  };
  const at = (range: ShownRange, line: number) => (line < range.starts.length ? range.starts[line]! : range.text.length);
  const lines: string[] = [];
  let beforeAt = before.first;
  let afterAt = after.first;
  cluster.groups.forEach((group, index) => {
    // Unchanged lines up to the group: the same lines in both texts.
    for (; beforeAt < group.beforeFirst; beforeAt++, afterAt++) lines.push(` ${lineText(before, beforeAt)}`);
    const isLast = index === cluster.groups.length - 1;
    const beforeEnd = isLast ? before.end : group.beforeLast + 1;
    const afterEnd = isLast ? after.end : group.afterLast + 1;
    const oldPart = before.text.slice(at(before, beforeAt), at(before, beforeEnd));
    const newPart = after.text.slice(at(after, afterAt), at(after, afterEnd));
    const part = structuredPatch('', '', oldPart, newPart, '', '', { context: Number.MAX_SAFE_INTEGER });
    if (part.hunks.length === 0) for (let line = beforeAt; line < beforeEnd; line++) lines.push(` ${lineText(before, line)}`);
    for (const hunk of part.hunks) append(lines, hunk.lines);
    beforeAt = beforeEnd;
    afterAt = afterEnd;
  });
  return hunksOfLines(lines, before.first + 1, after.first + 1);
}

/**
 * Unified-diff hunks of `lines` (' ', '-', '+', and '\\' markers that
 * belong to the line before them), the first of them at `oldStart` /
 * `newStart`: CONTEXT unchanged lines around each change, and a run of more
 * than 2 x CONTEXT unchanged lines between two changes ends one hunk and
 * starts the next, as jsdiff's structuredPatch does.
 */
function hunksOfLines(lines: readonly string[], oldStart: number, newStart: number): StructuredPatchHunk[] {
  const isChange = (line: string) => line[0] === '+' || line[0] === '-';
  // Where each line sits in either text (a marker sits where its line does).
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let oldLine = oldStart;
  let newLine = newStart;
  for (const line of lines) {
    oldAt.push(oldLine);
    newAt.push(newLine);
    if (line[0] === ' ' || line[0] === '-') oldLine++;
    if (line[0] === ' ' || line[0] === '+') newLine++;
  }
  const unchanged = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) if (lines[i]![0] === ' ') n++;
    return n;
  };
  /** The index after `count` unchanged lines from `from` (and a marker after the last). */
  const after = (from: number, count: number) => {
    let i = from;
    if (lines[i]?.[0] === '\\') i++;
    for (let n = 0; n < count && i < lines.length && lines[i]![0] === ' '; n++) {
      i++;
      if (lines[i]?.[0] === '\\') i++;
    }
    return i;
  };
  const changes: number[] = [];
  lines.forEach((line, i) => {
    if (isChange(line)) changes.push(i);
  });
  const hunks: StructuredPatchHunk[] = [];
  let k = 0;
  while (k < changes.length) {
    // The first line of the hunk: up to CONTEXT unchanged lines before its first change.
    let start = changes[k]!;
    for (let n = 0; n < CONTEXT && start > 0 && !isChange(lines[start - 1]!); ) {
      start--;
      if (lines[start]![0] === ' ') n++;
    }
    while (start > 0 && lines[start]![0] === '\\') start++;
    let last = changes[k]!;
    while (k + 1 < changes.length && unchanged(last + 1, changes[k + 1]!) <= 2 * CONTEXT) last = changes[++k]!;
    k++;
    const end = after(last + 1, CONTEXT);
    const hunkLines = lines.slice(start, end);
    const count = (marks: string) => hunkLines.filter((line) => marks.includes(line[0]!)).length;
    hunks.push({ oldStart: oldAt[start]!, oldLines: count(' -'), newStart: newAt[start]!, newLines: count(' +'), lines: hunkLines });
  }
  return hunks;
}

function escapeDiffLine(line: string): string {
  const cr = line.endsWith('\r') ? '\r' : '';
  return `${line[0] ?? ''}${escapeForDisplay(line.slice(1, line.length - cr.length))}${cr}`;
}

/** A CR-only file shown line by line (the diff splits at LF only). */
function forDiff(text: string): string {
  return lineBreakOf(text) === '\r' ? text.replace(/\r/g, '\n') : text;
}

export function renderDiff(change: FileChange, palette: Palette, mask: SecretMask): string {
  const shown = escapeForDisplay(change.path.replace(/^[\\/]+/, ''));
  const oldName = change.before === null ? '/dev/null' : `a/${shown}`;
  // Masked before diffing, so a secret is hidden on context lines too; the rewrite keeps the file's secrets, moved by the edits.
  const before = forDiff(change.source ? mask.inFile(change.source) : mask.inText(change.before ?? ''));
  const after = forDiff(change.source ? mask.inRewrite(change.source, change.after, change.edits) : mask.inText(change.after));
  const hunks = change.source && change.before !== null ? hunksAtEdits(change.before, change.after, before, after, change.edits) : null;
  const patch = hunks ? formatPatch({ oldFileName: oldName, newFileName: `b/${shown}`, oldHeader: '', newHeader: '', hunks }) : createTwoFilesPatch(oldName, `b/${shown}`, before, after, '', '', { context: CONTEXT });
  // The first line of createTwoFilesPatch is an `Index:`-style separator we do not need.
  const lines = patch
    .split('\n')
    .filter((line) => !line.startsWith('===='))
    .map((line, index) => (index < 2 ? line.replace(/\t$/, '') : /^[ +\-]/.test(line) ? escapeDiffLine(line) : line));
  if (lines[lines.length - 1] === '') lines.pop();
  return `${lines
    .map((line) => {
      if (line.startsWith('---') || line.startsWith('+++')) return palette.bold(line);
      if (line.startsWith('@@')) return palette.cyan(line);
      if (line.startsWith('+')) return palette.green(line);
      if (line.startsWith('-')) return palette.red(line);
      return line;
    })
    .join('\n')}\n`;
}
