// Markdown runbooks: fenced code blocks (``` and ~~~, with any or no info
// string) that hold command lines or YAML. What a fence holds comes from its
// info string or its text (fence-kinds.ts). Shell is read over the fence's own
// bytes; with `$ ` prompts only the prompt lines and their `\` continuations
// are commands and the rest is pasted output. Heredocs in shell feeding
// `kubectl apply -f -` are YAML. YAML goes to the YAML carriers through a
// view of the file (yaml-block.ts), so spans stay host offsets. Prose,
// pasted `--help` output, flag tables and command output are documentation:
// reported, never edited.

import type { SourceFile, Span } from '../../model.js';
import { TokenizeError } from '../../argv/tokenize.js';
import { gossipTokens } from '../../thanos/vocabulary.js';
import { emptyEmbeddedRead, lineOf, manualForMentions, readCommands, type EmbeddedReadResult } from './common.js';
import { fenceKind, isFlagTable } from './fence-kinds.js';
import { readHeredoc } from './heredoc.js';
import { readYamlBlock } from './yaml-block.js';
import { append } from '../../lists.js';

export interface Fence {
  /** The info string's first word, lower-cased ('' when unlabelled). */
  lang: string;
  /** The opening fence line. */
  openLine: Span;
  /** From the first content line to the start of the closing fence line. */
  body: Span;
  /** Spaces before the opening fence. */
  indent: number;
  /** Prefix of a blockquote (`> `) the fence sits in, if any. */
  quotePrefix: string;
  /** Past the closing fence line (the end of the text for a fence never closed). */
  end: number;
  isClosed: boolean;
}


interface Line {
  start: number;
  /** Content end (before `\r\n` / `\n`). */
  end: number;
  /** Past the line break. */
  next: number;
}

/** The lines of `text` as if it ended at `to`, from the first line that starts at or after `from`. */
function linesOf(text: string, from = 0, to = text.length): Line[] {
  const lines: Line[] = [];
  let start = from === 0 || text[from - 1] === '\n' ? from : text.indexOf('\n', from) + 1;
  if (start === 0 && from > 0) return lines;
  while (start < to) {
    let next = text.indexOf('\n', start);
    next = next === -1 || next >= to ? to : next + 1;
    let end = next;
    if (text[end - 1] === '\n') end--;
    if (text[end - 1] === '\r') end--;
    lines.push({ start, end, next });
    start = next;
  }
  return lines;
}

/** CommonMark fenced code blocks (also inside list items and blockquotes). */
export function markdownFences(text: string): Fence[] {
  const lines = linesOf(text);
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const content = text.slice(line.start, line.end);
    const open = /^((?:[ \t]*>[ ]?)*)( *)(`{3,}|~{3,})[ \t]*([^\s`]*)([^\n]*)$/.exec(content);
    if (!open) continue;
    const [, quotePrefix, spaces, marker, info, rest] = open as unknown as [string, string, string, string, string, string];
    if (marker[0] === '`' && rest.includes('`')) continue;
    const lang = info.replace(/^\{\.?|\}$/g, '').toLowerCase();
    let close = i + 1;
    for (; close < lines.length; close++) {
      const candidate = text.slice(lines[close]!.start, lines[close]!.end);
      const stripped = quotePrefix !== '' ? candidate.replace(/^(?:[ \t]*>[ ]?)*/, '') : candidate;
      const m = /^ *(`{3,}|~{3,})[ \t]*$/.exec(stripped);
      if (m && m[1]![0] === marker[0] && m[1]!.length >= marker.length) break;
    }
    const bodyStart = line.next;
    const bodyEnd = close < lines.length ? lines[close]!.start : text.length;
    const end = close < lines.length ? lines[close]!.next : text.length;
    fences.push({ lang, openLine: { start: line.start, end: line.end }, body: { start: bodyStart, end: bodyEnd }, indent: spaces.length, quotePrefix, end, isClosed: close < lines.length });
    i = close;
  }
  return fences;
}

export function readMarkdownCarriers(file: SourceFile): EmbeddedReadResult {
  const result: EmbeddedReadResult = emptyEmbeddedRead();
  const fences = markdownFences(file.text);
  for (const block of proseBlocks(file.text, fences)) {
    const text = file.text.slice(block.start, block.end);
    // An indented code block is a command to paste, not prose: its gossip flags stay for the catch-all.
    if (gossipTokens(text).length === 0 || /^(?: {4}|\t)/.test(text) && text.split('\n').every((line) => /^(?: {4}|\t)|^\s*$/.test(line))) continue;
    result.documentation.push({ span: block, kind: isFlagTable(text) ? 'flag table' : 'prose' });
  }
  for (const fence of fences) readFence(file, fence, result);
  return result;
}

/** Paragraphs outside fences (runs of non-blank lines): prose, tables, headings, indented code. */
function proseBlocks(text: string, fences: Fence[]): Span[] {
  const blocks: Span[] = [];
  let start = -1;
  let end = 0;
  let fence = 0;
  for (const line of linesOf(text)) {
    while (fence < fences.length && fences[fence]!.end <= line.start) fence++;
    const inFence = fence < fences.length && fences[fence]!.openLine.start <= line.start;
    const isBlank = text.slice(line.start, line.end).trim() === '';
    if (inFence || isBlank) {
      if (start !== -1) blocks.push({ start, end });
      start = -1;
      continue;
    }
    if (start === -1) start = line.start;
    end = line.end;
  }
  if (start !== -1) blocks.push({ start, end });
  return blocks;
}

function readFence(file: SourceFile, fence: Fence, result: EmbeddedReadResult): void {
  const text = file.text;
  const at = `line ${lineOf(file, fence.openLine.start)}`;
  const label = `markdown ${fence.lang || 'unlabelled'} fence at ${at}${fence.isClosed ? '' : ' (never closed)'}`;
  if (fence.body.end <= fence.body.start) return;
  if (fence.quotePrefix !== '') {
    append(result.problems, manualForMentions(text, fence.body, `in a ${label} inside a blockquote: the \`>\` prefixes are not part of the command`));
    return;
  }
  const kind = fenceKind(fence.lang, text.slice(fence.body.start, fence.body.end));
  switch (kind) {
    case 'yaml':
      return readYamlBlock(file, fence.body, label, fence.indent, result);
    case 'help output':
    case 'flag table':
    case 'command output':
      if (gossipTokens(text.slice(fence.body.start, fence.body.end)).length > 0) result.documentation.push({ span: fence.body, kind });
      return;
    case 'other':
      append(result.problems, manualForMentions(text, fence.body, `in a ${label}: the tool rewrites only shell and YAML fences`));
      return;
    case 'shell':
    case 'console':
      return readShellFence(file, fence, label, kind === 'console', result);
  }
}

/**
 * A shell fence: the whole body, or with prompts only the `$ ` lines and
 * their `\` continuations (every other line is pasted output). Heredocs in
 * it are read for what they feed: YAML for `kubectl apply -f -`, commands
 * for a script.
 */
function readShellFence(file: SourceFile, fence: Fence, label: string, hasPrompts: boolean, result: EmbeddedReadResult): void {
  const text = file.text;
  // Only the body's lines: the file split again per fence was fences times lines.
  const lines = linesOf(text, fence.body.start, fence.body.end);
  const ranges: Span[] = [];
  if (hasPrompts) {
    const output: { span: Span | null } = { span: null };
    const flushOutput = () => {
      if (output.span && gossipTokens(text.slice(output.span.start, output.span.end)).length > 0) result.documentation.push({ span: output.span, kind: 'command output' });
      output.span = null;
    };
    for (let i = 0; i < lines.length; i++) {
      const prompt = /^[ \t]*\$ /.exec(text.slice(lines[i]!.start, lines[i]!.end));
      if (!prompt) {
        output.span = { start: output.span?.start ?? lines[i]!.start, end: lines[i]!.end };
        continue;
      }
      flushOutput();
      const start = lines[i]!.start + prompt[0].length;
      let last = i;
      while (last + 1 < lines.length && endsWithContinuation(text, lines[last]!)) last++;
      const continuationPrompt = lines.slice(i + 1, last + 1).find((line) => /^[ \t]*> /.test(text.slice(line.start, line.end)));
      if (continuationPrompt) {
        append(result.problems, manualForMentions(text, { start, end: lines[last]!.end }, `in a ${label}: its continuation lines carry a \`> \` prompt`));
      } else ranges.push({ start, end: lines[last]!.end });
      i = last;
    }
    flushOutput();
  } else ranges.push(fence.body);
  for (const range of ranges) {
    let read;
    try {
      read = readCommands(file, range, label);
    } catch (error) {
      if (!(error instanceof TokenizeError)) throw error;
      append(result.problems, manualForMentions(text, range, `in a ${label}: not readable as shell (${error.message})`));
      continue;
    }
    append(result.carriers, read.carriers);
    for (const heredoc of read.heredocs) readHeredoc(file, heredoc, label, fence.indent, result);
  }
}

function endsWithContinuation(text: string, line: Line): boolean {
  let slashes = 0;
  for (let i = line.end - 1; i >= line.start && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}
