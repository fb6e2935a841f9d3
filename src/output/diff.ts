// Unified diffs of planned changes, per file, new SD files included.

import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../engine.js';
import type { Palette } from './colors.js';
import { maskSecrets } from './secrets.js';

export function renderDiff(change: FileChange, palette: Palette, showSecrets = false): string {
  const shown = change.path.replace(/^[\\/]+/, '');
  const oldName = change.before === null ? '/dev/null' : `a/${shown}`;
  const patch = createTwoFilesPatch(oldName, `b/${shown}`, change.before ?? '', change.after, '', '', { context: 3 });
  // The first line of createTwoFilesPatch is an `Index:`-style separator we do not need.
  const lines = patch.split('\n').filter((line) => !line.startsWith('====')).map((line) => (/^(---|\+\+\+) /.test(line) ? line.replace(/\t$/, '') : line)).map((line) => (showSecrets ? line : maskSecrets(line)));
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
