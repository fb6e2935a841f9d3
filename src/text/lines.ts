// Where a line starts and ends, for any text: the carriers, the rules and the
// analysis each need it, and none may import another's helpers. (The Thanos
// vocabulary keeps its own: component knowledge imports nothing of ours.)
// Lines here end at LF (a CR before it stays on the line); line and column
// for reports come from the line table in src/argv/text-lines.ts instead.

/** Offset of the first character of the line holding `pos`. */
export function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** Offset of the LF ending the line holding `pos`, or text.length on the last line. */
export function lineEndOf(text: string, pos: number): number {
  const lf = text.indexOf('\n', pos);
  return lf === -1 ? text.length : lf;
}
