// One applier for every edit (after eslint's source-code-fixer): sort by
// span, drop exact duplicates, refuse overlaps instead of guessing an order.

import type { Edit } from '../model.js';

export interface ApplyResult {
  text: string;
  /** Edits refused because they overlap an earlier one. */
  conflicts: Edit[];
}

export function applyEdits(text: string, edits: Edit[]): ApplyResult {
  const unique = new Map<string, Edit>();
  for (const edit of edits) unique.set(`${edit.span.start}:${edit.span.end}:${edit.text}`, edit);
  // Insertions at a point go before a deletion starting there, so text added
  // after a word survives the removal of what followed it.
  const sorted = [...unique.values()].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const conflicts: Edit[] = [];
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.span.start < cursor) {
      conflicts.push(edit);
      continue;
    }
    out += text.slice(cursor, edit.span.start) + edit.text;
    cursor = edit.span.end;
  }
  out += text.slice(cursor);
  return { text: out, conflicts };
}
