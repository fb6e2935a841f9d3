// Shell scripts: every simple command that can matter is a carrier. Which of
// them run Thanos is decided downstream; this module only knows shell syntax,
// including the `for i in 1 2 3` loops the Thanos quickstarts start their
// processes in.

import type { ArgvCarrier, ArgvEditor, Edit, NewArg, ShellAssignment, ShellLoop, SourceFile, Span, Word } from '../../model.js';
import type { HeredocBody } from '../../argv/tokenize.js';
import type { ConfigVariable } from '../../facts.js';
import { insertAfterWord, removeRanges, type LineCommand } from '../../argv/line-editor.js';
import { splitCommands, tokenize } from '../../argv/tokenize.js';
import { lineColumnAt } from '../../argv/text-lines.js';
import { append } from '../../lists.js';
import { firstAtOrAbove } from '../../sorted.js';

/**
 * Whether a command can run Thanos, assign a variable one could name it by,
 * carry a flag, or name the gossip port: one that does none of these (`echo
 * step-1 >> setup.log`, `cd /opt`) is not a carrier. A one-line script of a
 * million such commands held a million carriers (2.3 GB for 30 MB).
 */
function mayMatter(words: readonly Word[]): boolean {
  return words.some(({ value }) => value.startsWith('-') || /[=$`]|thanos|10900/i.test(value));
}

/** `heredocs`: where the heredocs met are collected, for a caller that reads them too (one tokenization for both). */
export function readShellCarriers(file: SourceFile, range: Span = { start: 0, end: file.text.length }, heredocs?: HeredocBody[]): ArgvCarrier[] {
  const tokens = tokenize(file, range, { dialect: 'sh', ...(heredocs ? { heredocs } : {}) });
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
    if (!mayMatter(command.words)) continue;
    const { line } = lineColumnAt(file, command.span.start);
    const active = loops.filter((loop): loop is ShellLoop => loop !== null);
    carriers.push({
      kind: 'shell-command',
      file,
      context: { kind: 'command', label: `command at line ${line}`, hostGroup: `script:${file.path}` },
      words: command.words,
      ...(active.length > 0 ? { loops: active } : {}),
      editor: lineCommandEditor({ file, span: command.span, dialect: 'sh' }),
    });
  }
  return withShellVariables(carriers);
}

const ASSIGNMENT_WORD = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;
const DECLARATIONS = new Set(['export', 'readonly', 'declare', 'typeset', 'local']);

/**
 * The variables a command assigns for the rest of the script: `X=v Y=w`,
 * `export X=v`, `: "${X:=v}"`. `X=v cmd` scopes X to cmd, so it assigns nothing.
 */
export function assignmentsOf(words: Word[]): ShellAssignment[] {
  const first = words[0]?.value;
  if (first === ':') {
    return words.slice(1).flatMap((word) => {
      const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*):?=([^}]*)\}$/.exec(word.value);
      return match ? [{ name: match[1]!, value: `\${${match[1]}:-${match[2]}}`, word }] : [];
    });
  }
  const declared = first !== undefined && DECLARATIONS.has(first) ? words.slice(1).filter((word) => !word.value.startsWith('-')) : null;
  if (declared === null && !words.every((word) => ASSIGNMENT_WORD.test(word.value))) return [];
  return (declared ?? words).flatMap((word) => {
    const match = ASSIGNMENT_WORD.exec(word.value);
    return match ? [{ name: match[1]!, value: match[2]!, word }] : [];
  });
}

/**
 * The variables scripts assign, as configuration variables: a seed kept in
 * `PEERS=10.0.0.1:10900` outlives the --cluster.peers flags it fed, and a
 * rule reports it like a role's `thanos_cluster_peers`.
 */
export function shellAssignedVariables(carriers: readonly ArgvCarrier[]): ConfigVariable[] {
  const found: ConfigVariable[] = [];
  // Each name's expansions, found once per script: a search of the rest of the script per assignment was n².
  const expansions = new Map<SourceFile, Map<string, { spans: Span[]; starts: number[] }>>();
  for (const carrier of carriers) {
    if (carrier.kind !== 'shell-command') continue;
    for (const { name, value, word } of assignmentsOf(carrier.words)) {
      let inFile = expansions.get(carrier.file);
      if (!inFile) expansions.set(carrier.file, (inFile = new Map()));
      let uses = inFile.get(name);
      if (!uses) {
        const spans = expansionsOf(carrier.file.text, name);
        inFile.set(name, (uses = { spans, starts: spans.map((span) => span.start) }));
      }
      found.push({ file: carrier.file, name, value, span: word.span, uses: { spans: uses.spans, from: firstAtOrAbove(uses.starts, word.span.end) }, removal: () => assignmentRemoval(carrier, word) });
    }
  }
  return found;
}

/** Where `$NAME` or `${NAME…}` appears in the script, in order. */
function expansionsOf(text: string, name: string): Span[] {
  const pattern = new RegExp(`\\$(?:\\{${name}(?![A-Za-z0-9_])[^}]*\\}|${name}(?![A-Za-z0-9_]))`, 'g');
  const uses: Span[] = [];
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) uses.push({ start: match.index, end: match.index + match[0].length });
  return uses;
}

/** The assignment's line when the command is that assignment alone, else the assignment word. */
function assignmentRemoval(carrier: ArgvCarrier, word: Word): Edit[] {
  const text = carrier.file.text;
  const lineStart = text.lastIndexOf('\n', word.span.start - 1) + 1;
  const newline = text.indexOf('\n', word.span.end);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const isAlone = carrier.words.length === 1 && text.slice(lineStart, lineEnd).trim() === text.slice(word.span.start, word.span.end);
  return isAlone ? [{ file: carrier.file, span: { start: lineStart, end: lineEnd }, text: '' }] : carrier.editor.removeWords([word]);
}

/** Each carrier learns the assignments made before it, in script order: how many of the script's one list. */
export function withShellVariables(carriers: ArgvCarrier[]): ArgvCarrier[] {
  const assigned: ShellAssignment[] = [];
  for (const carrier of carriers) {
    if (assigned.length > 0) carrier.shellVariables = { assignments: assigned, count: assigned.length };
    for (const assignment of assignmentsOf(carrier.words)) assigned.push(assignment);
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
      append(values, range(Number(first), Number(last), Number(step)));
    } else if (brace) append(values, range(Number(brace[1]), Number(brace[2]), Number(brace[1]) <= Number(brace[2]) ? 1 : -1));
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
