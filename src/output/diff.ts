// Unified diffs of planned changes, per file, new SD files included.

import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../engine.js';
import type { Palette } from './colors.js';
import { maskSecrets } from './secrets.js';

export function renderDiff(change: FileChange, palette: Palette, showSecrets = false): string {
  const shown = change.path.replace(/^[\\/]+/, '');
  const oldName = change.before === null ? '/dev/null' : `a/${shown}`;
  // Masked before diffing, so a Secret's data is hidden even on context lines.
  const before = showSecrets ? (change.before ?? '') : maskSecrets(change.before ?? '');
  const after = showSecrets ? change.after : maskSecrets(change.after);
  const patch = createTwoFilesPatch(oldName, `b/${shown}`, before, after, '', '', { context: 3 });
  // The first line of createTwoFilesPatch is an `Index:`-style separator we do not need.
  const lines = patch.split('\n').filter((line) => !line.startsWith('====')).map((line) => (/^(---|\+\+\+) /.test(line) ? line.replace(/\t$/, '') : line));
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
