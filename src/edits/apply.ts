// One applier for every edit (after eslint's source-code-fixer): sort by
// span, drop exact duplicates, refuse overlaps instead of guessing an order.

import { orderedEdits, type Edit } from '../model.js';

export interface ApplyResult {
  text: string;
  /** Edits refused because they overlap an earlier one. */
  conflicts: Edit[];
}

export function applyEdits(text: string, edits: Edit[]): ApplyResult {
  const sorted = orderedEdits(edits);
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
