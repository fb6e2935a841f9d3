// Dockerfiles: `CMD` and `ENTRYPOINT`, exec form (a JSON array, one word per
// string element) and shell form (the shared tokenizer). A stage's exec-form
// ENTRYPOINT and CMD make one argv, as Docker joins them. Exec-form edits keep
// the JSON valid: an element goes with one comma; insertions add `, "arg"`.

import type { ArgvCarrier, ArgvEditor, Edit, NewArg, SourceFile, Span, Word } from '../../model.js';
import { TokenizeError } from '../../argv/tokenize.js';
import { indentationOf, lineBreakOf, lineIndexAt, lineTableOf } from '../../argv/text-lines.js';
import { isThanosProgram } from '../../thanos/vocabulary.js';
import { emptyEmbeddedRead, lineOf, manualForMentions, readCommands, type EmbeddedReadResult } from './common.js';
import { append } from '../../lists.js';

interface Instruction {
  keyword: string;
  /** From the keyword to the end of the last continued line (line break excluded). */
  span: Span;
  /** The arguments after the keyword and its blanks. */
  args: Span;
}

interface ExecElement {
  word: Word;
  /** Offset of the comma after the element, or -1. */
  comma: number;
}

interface ExecArray {
  elements: ExecElement[];
  open: number;
  close: number;
  /** An element with a JSON escape (`\"`, `\u…`): its bytes are not its value. */
  escaped?: Span;
}

/** Logical instructions, continuation lines joined (escape character `\`, or a backtick by directive). */
export function dockerInstructions(text: string, escape = '\\'): Instruction[] {
  const instructions: Instruction[] = [];
  let pos = 0;
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    const head = /^[\uFEFF \t]*([A-Za-z]+)([ \t]+|$)/.exec(line);
    if (!head || /^\s*#/.test(line)) {
      pos = lineEnd + 1;
      continue;
    }
    const start = pos + head[0].length - head[1]!.length - head[2]!.length;
    let end = pos + line.length;
    let cursor = lineEnd;
    // Continued while the line's last non-blank character is the escape character.
    while (/\S/.test(text.slice(pos, end)) && text.slice(pos, end).trimEnd().endsWith(escape) && cursor < text.length) {
      pos = cursor + 1;
      cursor = text.indexOf('\n', pos);
      if (cursor === -1) cursor = text.length;
      end = pos + text.slice(pos, cursor).replace(/\r$/, '').length;
    }
    instructions.push({ keyword: head[1]!.toUpperCase(), span: { start, end }, args: { start: start + head[1]!.length + head[2]!.length, end } });
    pos = cursor + 1;
  }
  return instructions;
}

export function readDockerfileCarriers(file: SourceFile): EmbeddedReadResult {
  const text = file.text;
  const result: EmbeddedReadResult = emptyEmbeddedRead();
  const directive = /^(?:\uFEFF)?(?:#[^\n]*\n)*?#\s*escape\s*=\s*(\S)/i.exec(text);
  if (directive && directive[1] !== '\\') {
    append(result.problems, manualForMentions(text, { start: 0, end: text.length }, `in a Dockerfile whose escape character is ${directive[1]}: its continuations are not shell's`));
    return result;
  }
  let image = '';
  let entrypoint: { instruction: Instruction; array: ExecArray } | null = null;
  // An exec-form ENTRYPOINT stands alone only when no CMD of its stage joins it.
  let pendingEntrypoint: ArgvCarrier | null = null;
  const flushEntrypoint = () => {
    if (pendingEntrypoint) result.carriers.push(pendingEntrypoint);
    pendingEntrypoint = null;
  };
  for (const instruction of dockerInstructions(text)) {
    if (instruction.keyword === 'FROM' || instruction.keyword === 'ENTRYPOINT') flushEntrypoint();
    if (instruction.keyword === 'CMD') pendingEntrypoint = null;
    if (instruction.keyword === 'FROM') {
      const words = text.slice(instruction.args.start, instruction.args.end).split(/\s+/).filter((w) => w !== '' && !w.startsWith('--'));
      image = words[0] ?? '';
      entrypoint = null;
      continue;
    }
    if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
    const label = `Dockerfile ${instruction.keyword} at line ${lineOf(file, instruction.span.start)}`;
    const array = parseExecArray(text, instruction.args);
    if (array) {
      if (array.escaped) {
        append(result.problems, manualForMentions(text, instruction.args, `in the exec form of ${label}: a JSON escape makes the bytes differ from the argument`));
        if (instruction.keyword === 'ENTRYPOINT') entrypoint = null;
        continue;
      }
      if (instruction.keyword === 'ENTRYPOINT') {
        entrypoint = { instruction, array };
        pendingEntrypoint = execCarrier(file, image, label, [array]);
        continue;
      }
      // CMD: the arguments of an exec-form ENTRYPOINT of the same stage, else a whole argv.
      const parts = entrypoint ? [entrypoint.array, array] : [array];
      const carrier = execCarrier(file, image, entrypoint ? `${label} (after the ENTRYPOINT at line ${lineOf(file, entrypoint.instruction.span.start)})` : label, parts);
      if (!entrypoint && array.elements[0] && !isThanosProgram(array.elements[0].word.value) && !/^\//.test(array.elements[0].word.value)) {
        // `FROM quay.io/thanos/thanos` + `CMD ["sidecar", …]`: the image's entrypoint is thanos.
        carrier.argsOnly = true;
      }
      result.carriers.push(carrier);
      continue;
    }
    if (instruction.keyword === 'ENTRYPOINT') entrypoint = null;
    try {
      const read = readCommands(file, instruction.args, label);
      for (const carrier of read.carriers) result.carriers.push({ ...carrier, kind: 'plain-command', ...(image !== '' ? { image } : {}) });
    } catch (error) {
      if (!(error instanceof TokenizeError)) throw error;
      append(result.problems, manualForMentions(text, instruction.args, `in the shell form of ${label}: not readable as shell (${error.message})`));
    }
  }
  flushEntrypoint();
  return result;
}

function execCarrier(file: SourceFile, image: string, label: string, parts: ExecArray[]): ArgvCarrier {
  const words = parts.flatMap((part) => part.elements.map((element) => element.word));
  return {
    kind: 'dockerfile-exec',
    file,
    context: { kind: 'command', label },
    words,
    image,
    editor: execEditor(file, parts),
  };
}

/** The exec form, or null when the arguments are not a JSON array of strings (Docker then runs them as shell form). */
export function parseExecArray(text: string, args: Span): ExecArray | null {
  let pos = args.start;
  const skipBlanks = () => {
    for (;;) {
      while (pos < args.end && /[ \t\r\n]/.test(text[pos]!)) pos++;
      // A continuation inside the array.
      if (text[pos] === '\\' && /^\\[ \t]*\r?\n/.test(text.slice(pos, pos + 64))) {
        pos = text.indexOf('\n', pos) + 1;
        continue;
      }
      return;
    }
  };
  if (text[pos] !== '[') return null;
  const open = pos++;
  const elements: ExecElement[] = [];
  let escaped: Span | undefined;
  skipBlanks();
  if (text[pos] === ']') return trailing(pos) ? { elements, open, close: pos } : null;
  for (;;) {
    skipBlanks();
    if (text[pos] !== '"') return null;
    const start = pos++;
    let value = '';
    while (pos < args.end && text[pos] !== '"') {
      if (text[pos] === '\n') return null;
      if (text[pos] === '\\') {
        escaped ??= { start, end: start };
        value += text[pos + 1] ?? '';
        pos += 2;
        continue;
      }
      value += text[pos++];
    }
    if (text[pos] !== '"') return null;
    pos++;
    const word: Word = { file: undefined as never, span: { start, end: pos }, value, hasExpansion: false };
    if (escaped && escaped.end === start) escaped = { start, end: pos };
    skipBlanks();
    if (text[pos] === ',') {
      elements.push({ word, comma: pos++ });
      continue;
    }
    if (text[pos] === ']') {
      elements.push({ word, comma: -1 });
      if (!trailing(pos)) return null;
      return { elements, open, close: pos, ...(escaped ? { escaped } : {}) };
    }
    return null;
  }
  function trailing(close: number): boolean {
    return text.slice(close + 1, args.end).trim() === '';
  }
}

function execEditor(file: SourceFile, parts: ExecArray[]): ArgvEditor {
  for (const part of parts) for (const element of part.elements) (element.word as { file: SourceFile }).file = file;
  const text = file.text;
  const partOf = (word: Word) => parts.find((part) => part.elements.some((element) => element.word === word));
  return {
    removeWords(words: Word[]): Edit[] {
      const edits: Edit[] = [];
      for (const part of parts) {
        const gone = new Set(words.filter((word) => partOf(word) === part));
        if (gone.size === 0) continue;
        const kept = part.elements.filter((element) => !gone.has(element.word));
        if (kept.length === 0) {
          edits.push({ file, span: { start: part.open + 1, end: part.close }, text: '' });
          continue;
        }
        // Runs of removed elements: one span each, taking one comma.
        let i = 0;
        while (i < part.elements.length) {
          if (!gone.has(part.elements[i]!.word)) {
            i++;
            continue;
          }
          let j = i;
          while (j + 1 < part.elements.length && gone.has(part.elements[j + 1]!.word)) j++;
          const next = part.elements[j + 1];
          if (next) edits.push({ file, span: { start: part.elements[i]!.word.span.start, end: next.word.span.start }, text: '' });
          else {
            // The run ends the array: from the comma of the last kept element to the run's end.
            const previous = part.elements[i - 1]!;
            edits.push({ file, span: { start: previous.word.span.end, end: part.elements[j]!.word.span.end }, text: '' });
          }
          i = j + 1;
        }
      }
      return edits;
    },
    insertAfter(anchor: Word, args: NewArg[]): Edit[] {
      const part = partOf(anchor) ?? parts[parts.length - 1]!;
      const index = part.elements.findIndex((element) => element.word === anchor);
      const element = part.elements[index]!;
      const values = args.map((arg) => JSON.stringify('raw' in arg ? arg.raw : arg.value));
      const table = lineTableOf(file);
      const anchorLine = lineIndexAt(table, anchor.span.start);
      const following = part.elements[index + 1];
      const previous = part.elements[index - 1];
      // One element per continued line: new lines in the same style.
      const isOnePerLine =
        (following !== undefined && lineIndexAt(table, following.word.span.start) !== anchorLine) ||
        (following === undefined && previous !== undefined && lineIndexAt(table, previous.word.span.start) !== anchorLine);
      if (isOnePerLine) {
        const br = lineBreakOf(text);
        const neighbour = following ?? previous!;
        const indentLine = anchorLine === lineIndexAt(table, part.open) ? lineIndexAt(table, neighbour.word.span.start) : anchorLine;
        const indent = indentationOf(table, indentLine);
        return [{ file, span: { start: element.word.span.end, end: element.word.span.end }, text: values.map((v) => `, \\${br}${indent}${v}`).join('') }];
      }
      return [{ file, span: { start: element.word.span.end, end: element.word.span.end }, text: values.map((v) => `, ${v}`).join('') }];
    },
  };
}
