// systemd units: the argv of ExecStart=, continued over `\` lines, with
// `$NAME` words expanded from Environment= and EnvironmentFile= so flags kept
// in env files are part of the argv (with their spans in the env file).

import type { ArgvCarrier, ArgvEditor, Edit, SourceFile, Span, Word } from '../../model.js';
import { deleteLines, insertAfterWord, removeRanges, type LineCommand } from '../../argv/line-editor.js';
import { lineContentEnd, lineCount, lineIndexAt, lineStart, lineTableOf } from '../../argv/text-lines.js';
import { invisibleLineEnd, tokenize } from '../../argv/tokenize.js';
import type { EnvAssignment } from './env-file.js';
import { append } from '../../lists.js';

interface UnitLine {
  key: string;
  section: string;
  /** The value region, from after `=` to the end of the logical line. */
  value: Span;
}

const KEY_LINE = /^([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*/;

function readUnitLines(file: SourceFile): UnitLine[] {
  const table = lineTableOf(file);
  const result: UnitLine[] = [];
  let section = '';
  for (let line = 0; line < lineCount(table); line++) {
    const start = lineStart(table, line);
    if (invisibleLineEnd(file.text, start) !== null) continue;
    const text = file.text.slice(start, lineContentEnd(table, line)).replace(/^\uFEFF/, '');
    const offset = start + (lineContentEnd(table, line) - start - text.length);
    const header = /^\s*\[([^\]]+)\]/.exec(text);
    if (header) {
      section = header[1]!;
      continue;
    }
    const match = KEY_LINE.exec(text);
    if (!match) continue;
    let last = line;
    while (endsWithContinuation(file.text, lineContentEnd(table, last)) && last + 1 < lineCount(table)) {
      last++;
      while (last + 1 < lineCount(table) && invisibleLineEnd(file.text, lineStart(table, last)) !== null) last++;
    }
    result.push({ key: match[1]!, section, value: { start: offset + match[0].length, end: lineContentEnd(table, last) } });
    line = last;
  }
  return result;
}

function endsWithContinuation(text: string, contentEnd: number): boolean {
  let slashes = 0;
  for (let i = contentEnd - 1; i >= 0 && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

function wordsIn(file: SourceFile, span: Span): Word[] {
  return tokenize(file, span, { dialect: 'systemd' }).flatMap((token) => (token.kind === 'word' ? [token.word] : []));
}

/** `Environment="A=1" B=2` → assignments whose values are tokenized in place. */
function readEnvironmentLine(file: SourceFile, span: Span, line: number): EnvAssignment[] {
  return wordsIn(file, span).flatMap((word) => {
    const raw = file.text.slice(word.span.start, word.span.end);
    const quote = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
    const equals = raw.indexOf('=');
    if (equals <= quote) return [];
    const valueSpan = { start: word.span.start + equals + 1, end: word.span.end - quote };
    const name = raw.slice(quote, equals);
    return [{ file, name, line, valueSpan, words: wordsIn(file, valueSpan) }];
  });
}

export interface SystemdLinks {
  /** Env files this unit reads, in order, with the reason each was linked. */
  environmentFiles: { file: SourceFile; assignments: EnvAssignment[]; reason: string }[];
  /** EnvironmentFile= paths whose file is not in the input. */
  missing: string[];
  /** EnvironmentFile= paths that several files in the input could be, none nearer the unit (host folders seen from outside them). */
  ambiguous: { path: string; candidates: string[] }[];
}

/** The EnvironmentFile= paths a unit names (the `-` prefix only silences a missing file). */
export function environmentFilePaths(file: SourceFile): string[] {
  return readUnitLines(file)
    .filter((line) => line.key === 'EnvironmentFile')
    .map((line) => file.text.slice(line.value.start, line.value.end).trim().replace(/^-/, ''));
}

/** The `$NAME` / `${NAME}` words of the unit's ExecStart lines. */
export function referencedVariables(file: SourceFile): string[] {
  return readUnitLines(file)
    .filter((line) => line.key === 'ExecStart')
    .flatMap((line) => wordsIn(file, line.value))
    .flatMap((word) => {
      const name = variableReference(word);
      return name ? [name] : [];
    });
}

export function variableReference(word: Word): string | null {
  const raw = word.file.text.slice(word.span.start, word.span.end);
  const match = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$/.exec(raw);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

interface Expansion {
  reference: Word;
  assignments: EnvAssignment[];
}

export function readSystemdCarriers(file: SourceFile, links: SystemdLinks): ArgvCarrier[] {
  const lines = readUnitLines(file);
  const table = lineTableOf(file);
  const unitAssignments = lines
    .filter((line) => line.key === 'Environment')
    .flatMap((line) => readEnvironmentLine(file, line.value, lineIndexAt(table, line.value.start)));
  const fileAssignments = links.environmentFiles.flatMap((link) => link.assignments);
  const description = lines.find((line) => line.key === 'Description' && line.section === 'Unit');

  return lines
    .filter((line) => line.key === 'ExecStart' && line.section === 'Service')
    .map((line) => {
      const value = trimExecPrefixes(file, line.value);
      const ownWords = wordsIn(file, value);
      const expansions = new Map<Word, Expansion>();
      const words: Word[] = [];
      for (const word of ownWords) {
        const name = variableReference(word);
        // EnvironmentFile= settings override Environment= (systemd.exec(5)).
        const fromFiles = name ? fileAssignments.filter((a) => a.name === name) : [];
        const found = fromFiles.length > 0 ? fromFiles : name ? unitAssignments.filter((a) => a.name === name).slice(-1) : [];
        if (found.length === 0) {
          words.push(word);
          continue;
        }
        const expansion = { reference: word, assignments: found };
        for (const assignment of found) {
          for (const expanded of assignment.words) expansions.set(expanded, expansion);
          append(words, assignment.words);
        }
      }
      const { line: lineNumber } = { line: lineIndexAt(table, line.value.start) + 1 };
      const command: LineCommand = { file, span: { start: value.start, end: lastOwnWordEnd(ownWords, value) }, dialect: 'systemd' };
      const environmentFile = links.environmentFiles.map((link) => link.assignments[0]?.file.path).filter(Boolean).join(', ');
      return {
        kind: 'systemd-exec',
        file,
        context: {
          kind: 'unit',
          label: `ExecStart at line ${lineNumber}`,
          ...(environmentFile ? { environmentFile } : {}),
          ...(description ? { unitDescription: file.text.slice(description.value.start, description.value.end).trim() } : {}),
        },
        words,
        editor: systemdEditor(command, expansions, ownWords),
      } satisfies ArgvCarrier;
    });
}

function trimExecPrefixes(file: SourceFile, span: Span): Span {
  let start = span.start;
  while (start < span.end && '-@+!:'.includes(file.text[start] ?? ' ')) start++;
  return { start, end: span.end };
}

function lastOwnWordEnd(words: Word[], value: Span): number {
  return words[words.length - 1]?.span.end ?? value.end;
}

function systemdEditor(command: LineCommand, expansions: Map<Word, Expansion>, ownWords: Word[]): ArgvEditor {
  return {
    removeWords(words) {
      const unitRanges: Span[] = [];
      const byExpansion = new Map<Expansion, Set<Word>>();
      for (const word of words) {
        const expansion = expansions.get(word);
        if (!expansion) {
          unitRanges.push(word.span);
          continue;
        }
        const set = byExpansion.get(expansion) ?? new Set<Word>();
        set.add(word);
        byExpansion.set(expansion, set);
      }
      const edits: Edit[] = [];
      // Lines are deleted in one pass per file so a template block emptied by
      // several variables collapses as a whole.
      const deletedByFile = new Map<SourceFile, number[]>();
      for (const [expansion, removed] of byExpansion) {
        const all = expansion.assignments.flatMap((a) => a.words);
        if (all.every((word) => removed.has(word))) {
          // The variable held nothing but these flags: drop its definitions and the `$NAME`.
          unitRanges.push(expansion.reference.span);
          for (const assignment of expansion.assignments) {
            deletedByFile.set(assignment.file, [...(deletedByFile.get(assignment.file) ?? []), assignment.line]);
          }
          continue;
        }
        for (const assignment of expansion.assignments) {
          const inAssignment = assignment.words.filter((word) => removed.has(word));
          if (inAssignment.length === 0) continue;
          const valueCommand: LineCommand = { file: assignment.file, span: assignment.valueSpan, dialect: 'systemd' };
          append(edits, removeRanges(valueCommand, inAssignment.map((word) => word.span)));
        }
      }
      for (const [envFile, lines] of deletedByFile) append(edits, deleteLines(envFile, lines));
      if (unitRanges.length > 0) append(edits, removeRanges(command, unitRanges));
      return edits;
    },
    insertAfter(anchor, args) {
      // New flags go on the ExecStart line itself, never into a shared env file.
      const target = expansions.has(anchor) ? expansions.get(anchor)!.reference : anchor;
      const own = ownWords.includes(target) ? target : ownWords[ownWords.length - 1]!;
      return insertAfterWord(command, own, args);
    },
  };
}
