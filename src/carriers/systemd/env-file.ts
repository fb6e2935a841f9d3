// EnvironmentFiles (and /etc/default style files): `NAME=value` lines whose
// values hold flags that a systemd unit expands with `$NAME`.

import type { SourceFile, Span, Word } from '../../model.js';
import { lineContentEnd, lineCount, lineStart, lineTableOf } from '../../argv/text-lines.js';
import { invisibleLineEnd, tokenize } from '../../argv/tokenize.js';
import { ENV_ASSIGNMENT } from '../../sources/detect.js';

export interface EnvAssignment {
  file: SourceFile;
  name: string;
  /** 0-based line index. */
  line: number;
  /** The value without its quotes. */
  valueSpan: Span;
  words: Word[];
}

export function readEnvAssignments(file: SourceFile): EnvAssignment[] {
  const table = lineTableOf(file);
  const assignments: EnvAssignment[] = [];
  for (let line = 0; line < lineCount(table); line++) {
    const start = lineStart(table, line);
    const end = lineContentEnd(table, line);
    if (invisibleLineEnd(file.text, start) !== null) continue;
    const text = file.text.slice(start, end).replace(/^\uFEFF/, '');
    const bom = file.text.slice(start, end).length - text.length;
    const match = ENV_ASSIGNMENT.exec(text);
    if (!match) continue;
    let valueStart = start + bom + match[0].length;
    let valueEnd = end;
    const quote = file.text[valueStart];
    if ((quote === '"' || quote === "'") && file.text.lastIndexOf(quote, end - 1) > valueStart) {
      valueEnd = file.text.lastIndexOf(quote, end - 1);
      valueStart += 1;
    } else {
      while (valueEnd > valueStart && /[ \t]/.test(file.text[valueEnd - 1] ?? '')) valueEnd--;
    }
    const valueSpan = { start: valueStart, end: valueEnd };
    const words = tokenize(file, valueSpan, { dialect: 'systemd', singleLine: true }).flatMap((token) =>
      token.kind === 'word' ? [token.word] : [],
    );
    assignments.push({ file, name: match[2]!, line, valueSpan, words });
  }
  return assignments;
}

