// A suppression comment alone on its line applies to the next line. When an
// edit deletes that line, the comment would silently start suppressing
// whatever line comes up after it: it goes with the line it was about
// instead, so no edit ever moves a suppression onto another line.

import type { Edit, SourceFile } from '../model.js';
import { lineEndWithBreak, lineStart, lineTableOf } from '../argv/text-lines.js';
import { readInlineSuppressions, SUPPRESSION_MARKER } from './inline.js';

/** Edits deleting the own-line suppression comments whose target line `edits` delete. */
export function suppressionsFollowingTheirLine(file: SourceFile, edits: readonly Edit[]): Edit[] {
  if (!file.text.includes(SUPPRESSION_MARKER)) return [];
  const table = lineTableOf(file);
  const lineSpan = (line: number) => ({ start: lineStart(table, line - 1), end: lineEndWithBreak(table, line - 1) });
  const isDeleted = (line: number) => {
    const { start, end } = lineSpan(line);
    return edits.some((edit) => edit.text === '' && edit.span.start <= start && edit.span.end >= end);
  };
  const overlaps = (span: { start: number; end: number }) => edits.some((edit) => edit.span.start < span.end && span.start < edit.span.end);
  const added: Edit[] = [];
  for (const suppression of readInlineSuppressions(file.text)) {
    if (suppression.appliesToLine === suppression.line || !isDeleted(suppression.appliesToLine)) continue;
    const span = lineSpan(suppression.line);
    if (!overlaps(span)) added.push({ file, span, text: '' });
  }
  return added;
}
