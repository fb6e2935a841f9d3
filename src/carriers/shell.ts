// Shell scripts: every simple command is a carrier. Which of them run Thanos
// is decided downstream; this module only knows shell syntax, including the
// `for i in 1 2 3` loops the Thanos quickstarts start their processes in.

import type { ArgvCarrier, ArgvEditor, NewArg, ShellLoop, SourceFile, Span, Word } from '../model.js';
import { insertAfterWord, removeRanges, type LineCommand } from '../argv/line-editor.js';
import { splitCommands, tokenize } from '../argv/tokenize.js';
import { lineColumnAt } from '../argv/text-lines.js';

export function readShellCarriers(file: SourceFile, range: Span = { start: 0, end: file.text.length }): ArgvCarrier[] {
  const tokens = tokenize(file, range, { dialect: 'sh' });
  const loops: (ShellLoop | null)[] = [];
  const carriers: ArgvCarrier[] = [];
  for (const command of splitCommands(tokens)) {
    const first = command.words[0]?.value;
    if (first === 'for' || first === 'while' || first === 'until' || first === 'select') {
      loops.push(first === 'for' ? literalLoop(command.words) : null);
      continue;
    }
    if (first === 'done') {
      loops.pop();
      continue;
    }
    const { line } = lineColumnAt(file, command.span.start);
    const active = loops.filter((loop): loop is ShellLoop => loop !== null);
    carriers.push({
      kind: 'shell-command',
      file,
      context: { label: `command at line ${line}`, hostGroup: `script:${file.path}` },
      words: command.words,
      ...(active.length > 0 ? { loops: active } : {}),
      editor: lineCommandEditor({ file, span: command.span, dialect: 'sh' }),
    });
  }
  return carriers;
}

/** `for i in 1 2 3`, `for i in $(seq 1 3)`, `` for i in `seq 1 3` ``, `for i in {1..3}`; null when not literal. */
function literalLoop(words: Word[]): ShellLoop | null {
  const variable = words[1]?.value;
  if (!variable || words[2]?.value !== 'in') return null;
  const values: string[] = [];
  for (const word of words.slice(3)) {
    const seq = /^(?:`|\$\()\s*seq\s+(-?\d+)(?:\s+(-?\d+))?(?:\s+(-?\d+))?\s*(?:`|\))$/.exec(word.value);
    const brace = /^\{(-?\d+)\.\.(-?\d+)\}$/.exec(word.value);
    if (seq) {
      const [first, step, last] = seq[3] !== undefined ? [seq[1], seq[2], seq[3]] : seq[2] !== undefined ? [seq[1], '1', seq[2]] : ['1', '1', seq[1]];
      values.push(...range(Number(first), Number(last), Number(step)));
    } else if (brace) values.push(...range(Number(brace[1]), Number(brace[2]), Number(brace[1]) <= Number(brace[2]) ? 1 : -1));
    else if (word.hasExpansion) return null;
    else values.push(word.value);
  }
  return values.length > 0 && values.length <= 1000 ? { variable, values } : null;
}

function range(first: number, last: number, step: number): string[] {
  const out: string[] = [];
  if (step === 0) return out;
  for (let n = first; step > 0 ? n <= last : n >= last; n += step) {
    out.push(String(n));
    if (out.length > 1000) break;
  }
  return out;
}

/** The editor shared by every carrier whose argv is a (continued) command line. */
export function lineCommandEditor(command: LineCommand): ArgvEditor {
  return {
    removeWords: (words: Word[]) => removeRanges(command, words.map((word) => word.span)),
    insertAfter: (anchor: Word, args: NewArg[]) => insertAfterWord(command, anchor, args),
  };
}
