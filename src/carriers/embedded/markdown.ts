// Markdown runbooks: fenced code blocks (``` and ~~~) that hold command lines
// or YAML. Shell fences (`sh`, `bash`, `shell`, `zsh`) and unlabelled fences
// holding a thanos command are read as shell over the fence's own bytes;
// `console` fences (and shell fences written with prompts) read only the
// lines after a `$ ` prompt, with their `\` continuation lines. YAML fences
// go to the YAML carriers through a view of the file in which everything
// outside the fence is blanked, so spans stay host offsets.

import type { ArgvCarrier, ArgvEditor, Edit, SourceFile, Span, Word } from '../../model.js';
import { TokenizeError } from '../../argv/tokenize.js';
import { readYamlCarriers } from '../yaml/index.js';
import { gossipMentions, holdsThanosCommand, lineOf, manualForMentions, readCommands, type EmbeddedReadResult } from './common.js';

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
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh', 'ksh']);
const CONSOLE_LANGS = new Set(['console', 'shell-session', 'sh-session', 'shellsession', 'terminal']);
const YAML_LANGS = new Set(['yaml', 'yml']);

interface Line {
  start: number;
  /** Content end (before `\r\n` / `\n`). */
  end: number;
  /** Past the line break. */
  next: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    let next = text.indexOf('\n', start);
    next = next === -1 ? text.length : next + 1;
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
    fences.push({ lang, openLine: { start: line.start, end: line.end }, body: { start: bodyStart, end: bodyEnd }, indent: spaces.length, quotePrefix });
    i = close;
  }
  return fences;
}

export function readMarkdownCarriers(file: SourceFile): EmbeddedReadResult {
  const result: EmbeddedReadResult = { carriers: [], problems: [] };
  for (const fence of markdownFences(file.text)) readFence(file, fence, result);
  return result;
}

function readFence(file: SourceFile, fence: Fence, result: EmbeddedReadResult): void {
  const text = file.text;
  const at = `line ${lineOf(file, fence.openLine.start)}`;
  const label = `markdown ${fence.lang || 'unlabelled'} fence at ${at}`;
  if (fence.body.end <= fence.body.start) return;
  if (fence.quotePrefix !== '') {
    result.problems.push(...manualForMentions(text, fence.body, `in a ${label} inside a blockquote: the \`>\` prefixes are not part of the command`));
    return;
  }
  if (YAML_LANGS.has(fence.lang)) return readYamlFence(file, fence, label, result);
  const isShell = SHELL_LANGS.has(fence.lang) || CONSOLE_LANGS.has(fence.lang) || fence.lang === '';
  if (!isShell) {
    result.problems.push(...manualForMentions(text, fence.body, `in a ${label}: the tool rewrites only shell and YAML fences`));
    return;
  }
  const lines = linesOf(text.slice(0, fence.body.end)).filter((line) => line.start >= fence.body.start);
  const hasPrompts = lines.some((line) => /^[ \t]*\$ /.test(text.slice(line.start, line.end)));
  const ranges: Span[] = [];
  if (CONSOLE_LANGS.has(fence.lang) || hasPrompts) {
    for (let i = 0; i < lines.length; i++) {
      const prompt = /^[ \t]*\$ /.exec(text.slice(lines[i]!.start, lines[i]!.end));
      if (!prompt) continue;
      const start = lines[i]!.start + prompt[0].length;
      let last = i;
      while (last + 1 < lines.length && endsWithContinuation(text, lines[last]!)) last++;
      const continuationPrompt = lines.slice(i + 1, last + 1).find((line) => /^[ \t]*> /.test(text.slice(line.start, line.end)));
      if (continuationPrompt) {
        result.problems.push(...manualForMentions(text, { start, end: lines[last]!.end }, `in a ${label}: its continuation lines carry a \`> \` prompt`));
      } else ranges.push({ start, end: lines[last]!.end });
      i = last;
    }
  } else ranges.push(fence.body);
  const carriers: ArgvCarrier[] = [];
  for (const range of ranges) {
    try {
      carriers.push(...readCommands(file, range, label).carriers);
    } catch (error) {
      if (!(error instanceof TokenizeError)) throw error;
      if (fence.lang !== '') result.problems.push(...manualForMentions(text, range, `in a ${label}: not readable as shell (${error.message})`));
      return;
    }
  }
  if (fence.lang === '' && !holdsThanosCommand(carriers)) return;
  result.carriers.push(...carriers);
}

function endsWithContinuation(text: string, line: Line): boolean {
  let slashes = 0;
  for (let i = line.end - 1; i >= line.start && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

/**
 * The file as the YAML carriers should see one fence: the fence body as it
 * is, every other character blanked (line breaks kept), so offsets match.
 */
export function fenceView(file: SourceFile, body: Span): SourceFile {
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  const text = blank(file.text.slice(0, body.start)) + file.text.slice(body.start, body.end) + blank(file.text.slice(body.end));
  return { path: file.path, text, kind: 'yaml' };
}

function readYamlFence(file: SourceFile, fence: Fence, label: string, result: EmbeddedReadResult): void {
  const text = file.text;
  if (gossipMentions(text, fence.body).length === 0) return;
  // Inside a list item the fence's indentation is stripped from every line by
  // Markdown; YAML is only the same text when every line carries it.
  const body = text.slice(fence.body.start, fence.body.end);
  const shallow = body.split('\n').find((line) => line.trim() !== '' && !line.startsWith(' '.repeat(fence.indent)));
  if (shallow !== undefined || /^ *\t/m.test(body)) {
    result.problems.push(...manualForMentions(text, fence.body, `in a ${label}: its lines are indented unevenly against the fence, so the YAML cannot be mapped`));
    return;
  }
  const view = fenceView(file, fence.body);
  const read = readYamlCarriers(view);
  for (const problem of read.problems) result.problems.push({ span: problem.span, message: `manual: ${label}: ${problem.message}`, isManual: true });
  if (read.problems.length > 0) return;
  for (const carrier of read.carriers) result.carriers.push(onHost(file, view, fence.body, carrier, label));
  // A fragment (`args:` alone, a container without its Deployment) is no object the YAML carriers read.
  const covered = (span: Span) => read.carriers.some((carrier) => carrier.words.some((word) => word.span.start <= span.start && span.end <= word.span.end));
  for (const span of gossipMentions(text, fence.body)) {
    if (!covered(span)) result.problems.push({ span, message: `manual: ${text.slice(span.start, span.end)} in a ${label} that is not a whole Kubernetes object or compose file`, isManual: true });
  }
}

/**
 * A YAML carrier read from the view, re-homed on the host file: words are
 * copies naming the host, and the editor's edits (computed on the view,
 * whose fence bytes equal the host's) are re-addressed to the host. An edit
 * reaching outside the fence would be a bug: it is refused.
 */
function onHost(host: SourceFile, view: SourceFile, fence: Span, carrier: ArgvCarrier, label: string): ArgvCarrier {
  const words: Word[] = carrier.words.map((word) => ({ ...word, file: host }));
  const original = (word: Word): Word => carrier.words[words.indexOf(word)] ?? word;
  const rehome = (edits: Edit[]): Edit[] =>
    edits.map((edit) => {
      if (edit.file !== view || edit.span.start < fence.start || edit.span.end > fence.end) {
        throw new Error(`${host.path}: a YAML edit reaches outside the ${label}`);
      }
      return { ...edit, file: host };
    });
  const editor: ArgvEditor = {
    removeWords: (removed) => rehome(carrier.editor.removeWords(removed.map(original))),
    insertAfter: (anchor, args) => rehome(carrier.editor.insertAfter(original(anchor), args)),
  };
  // Kubernetes and compose facts would route fixes (ConfigMaps, mounts) into
  // the Markdown file: the fence keeps only its label and container.
  const context = { label: `${label}, ${carrier.context.label}`, ...(carrier.context.container !== undefined ? { container: carrier.context.container } : {}) };
  return { ...carrier, file: host, words, context, editor };
}
