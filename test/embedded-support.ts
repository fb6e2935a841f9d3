// Shared by the embedded and jsonnet carrier tests: read a fixture, remove
// every word starting with `--cluster.` through each carrier's own editor,
// and return the rewritten bytes with the problems the reader reported.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgvCarrier, Edit, SourceFile } from '../src/model.js';
import { applyEdits } from '../src/edits/apply.js';
import { detectKind } from '../src/sources/detect.js';
import { lineColumnAt } from '../src/argv/text-lines.js';
import { ROOT } from './support.js';

export function fixture(dir: string, name: string, text?: string): SourceFile {
  const path = join('fixtures', dir, name);
  const body = text ?? readFileSync(join(ROOT, path), 'utf8');
  return { path, text: body, kind: detectKind(path, body) };
}

export function expectedText(dir: string, name: string): string {
  return readFileSync(join(ROOT, 'fixtures', dir, 'expected', `${name}.removed`), 'utf8');
}

export function removeClusterWords(file: SourceFile, carriers: ArgvCarrier[]): string {
  const edits: Edit[] = [];
  for (const carrier of carriers) {
    // The flag, and its value when written as the next word (`--cluster.peers host:10900`).
    const words = carrier.words.filter((word, i) => {
      const previous = carrier.words[i - 1]?.value ?? '';
      return word.value.startsWith('--cluster.') || (previous.startsWith('--cluster.') && !previous.includes('=') && previous !== '--cluster.disable');
    });
    if (words.length > 0) edits.push(...carrier.editor.removeWords(words));
  }
  for (const edit of edits) if (edit.file !== file) throw new Error(`edit addressed to ${edit.file.path}, not the host`);
  const applied = applyEdits(file.text, edits);
  if (applied.conflicts.length > 0) throw new Error('overlapping edits');
  return applied.text;
}

/** `line:column message` for each problem, in file order. */
export function describeProblems(file: SourceFile, problems: { span: { start: number }; message: string }[]): string[] {
  return [...problems]
    .sort((a, b) => a.span.start - b.span.start)
    .map((problem) => {
      const { line, column } = lineColumnAt(file, problem.span.start);
      return `${line}:${column} ${problem.message}`;
    });
}
