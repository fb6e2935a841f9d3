// Unified diffs of planned changes, per file, new SD files included. Names
// and lines are escaped (escape.ts): a file name with a newline cannot forge
// a `+++ b/` header, and a line holding ESC cannot drive the terminal. A
// CRLF line keeps its CR at the end, where it moves nothing.

import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../plan.js';
import type { Palette } from './colors.js';
import type { SecretMask } from './secrets.js';
import { escapeForDisplay } from './escape.js';
import { lineBreakOf } from '../argv/text-lines.js';

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
  // Masked before diffing, so a secret is hidden on context lines too; the rewrite is searched for secrets as its own text.
  const before = forDiff(change.source ? mask.inFile(change.source) : mask.inText(change.before ?? ''));
  const after = forDiff(change.source ? mask.inFile({ ...change.source, text: change.after }) : mask.inText(change.after));
  const patch = createTwoFilesPatch(oldName, `b/${shown}`, before, after, '', '', { context: 3 });
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
