// The one tokenizer behind every command-line carrier. It splits a region of
// a file into words and operators, keeping each word's exact span. It never
// evaluates anything: `$VAR`, `$(…)`, backticks, `{{ … }}` and `<%= … %>`
// stay verbatim inside the word's value and mark it as an expansion.

import type { SourceFile, Span, Word } from '../model.js';
import { controlLineRole } from './templates.js';

export type Dialect = 'sh' | 'systemd';

export type Token =
  | { kind: 'word'; word: Word }
  | { kind: 'operator'; text: string; span: Span }
  | { kind: 'redirect'; text: string; span: Span; takesTarget: boolean }
  | { kind: 'newline'; span: Span };

export interface TokenizeOptions {
  dialect: Dialect;
  /** Stop at the first newline that is not a continuation. */
  singleLine?: boolean;
  /**
   * Text embedded in a host language (a Ruby heredoc): `#{…}` is the host's
   * interpolation and stays verbatim as an opaque part of a word. Default off.
   */
  hostInterpolation?: boolean;
  /**
   * `<<-EOF` ends at a delimiter line indented by any blanks, as in Terraform
   * and Ruby (shell strips only tabs). Default off.
   */
  indentedHeredocDelimiters?: boolean;
  /** When given, the heredoc bodies the tokenizer skips are recorded here. */
  heredocs?: HeredocBody[];
}

/** A heredoc body skipped by the tokenizer: the lines between the opener and the delimiter line. */
export interface HeredocBody {
  /** The `<<EOF` / `<<-'EOF'` operator. */
  opener: Span;
  /** From the first body line to the start of the delimiter line (or the range end). */
  body: Span;
  delimiter: string;
  /** A quoted delimiter: the shell expands nothing in the body. */
  isQuoted: boolean;
  stripsTabs: boolean;
  /** False when the range ended before the delimiter line. */
  isTerminated: boolean;
}

export class TokenizeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const OPERATOR = /^(?:&&|\|\||;;|\|&|[;&|()])/;
const REDIRECT = /^\d*(?:>>|&>|>\||<<<|>|<)(?:&(?:\d+|-))?/;
const HEREDOC = /^\d*<<(-?)[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/;

/** Lines that hold only template control tags render to nothing. */
export function invisibleLineEnd(text: string, offset: number): number | null {
  if (offset !== 0 && text.charCodeAt(offset - 1) !== 10) return null;
  let end = text.indexOf('\n', offset);
  const next = end === -1 ? text.length : end + 1;
  if (end === -1) end = text.length;
  const line = text.slice(offset, end).replace(/\r$/, '');
  return controlLineRole(line) ? next : null;
}

export function tokenize(file: SourceFile, range: Span, options: TokenizeOptions): Token[] {
  const text = file.text;
  const tokens: Token[] = [];
  let pos = range.start;
  const end = range.end;
  let atLineStart = pos === 0 || text.charCodeAt(pos - 1) === 10;
  // Heredoc bodies are data, not commands: skipped after the line that opens them.
  const pendingHeredocs: { delimiter: string; stripsTabs: boolean; isQuoted: boolean; opener: Span }[] = [];
  const opaquePairs = options.hostInterpolation ? [...OPAQUE_PAIRS, HOST_INTERPOLATION] : OPAQUE_PAIRS;

  while (pos < end) {
    if (atLineStart) {
      const skipTo = invisibleLineEnd(text, pos);
      if (skipTo !== null) {
        pos = Math.min(skipTo, end);
        continue;
      }
      atLineStart = false;
    }
    const ch = text[pos];
    if (ch === ' ' || ch === '\t' || ch === '\uFEFF') {
      pos++;
      continue;
    }
    if (ch === '\\' && isLineBreakAt(text, pos + 1)) {
      pos = afterLineBreak(text, pos + 1);
      atLineStart = true;
      continue;
    }
    if (ch === '\r' && text[pos + 1] === '\n') {
      pos++;
      continue;
    }
    if (ch === '\n') {
      tokens.push({ kind: 'newline', span: { start: pos, end: pos + 1 } });
      pos++;
      atLineStart = true;
      while (pendingHeredocs.length > 0) {
        const heredoc = pendingHeredocs.shift()!;
        const skipped = skipHeredocBody(text, pos, end, heredoc.delimiter, heredoc.stripsTabs, options.indentedHeredocDelimiters === true);
        options.heredocs?.push({
          opener: heredoc.opener,
          body: { start: pos, end: skipped.bodyEnd },
          delimiter: heredoc.delimiter,
          isQuoted: heredoc.isQuoted,
          stripsTabs: heredoc.stripsTabs,
          isTerminated: skipped.isTerminated,
        });
        pos = skipped.next;
      }
      if (options.singleLine) break;
      continue;
    }
    const startsTemplate =
      text.startsWith('<%', pos) || text.startsWith('{{', pos) || text.startsWith('{%', pos) || (options.hostInterpolation === true && text.startsWith('#{', pos));
    if (options.dialect === 'sh' && !startsTemplate) {
      if (ch === '#') {
        while (pos < end && text[pos] !== '\n') pos++;
        continue;
      }
      const heredoc = HEREDOC.exec(text.slice(pos, Math.min(end, pos + 80)));
      if (heredoc) {
        pendingHeredocs.push({ delimiter: heredoc[3]!, stripsTabs: heredoc[1] === '-', isQuoted: heredoc[2] !== '', opener: { start: pos, end: pos + heredoc[0].length } });
        tokens.push({ kind: 'redirect', text: heredoc[0], span: { start: pos, end: pos + heredoc[0].length }, takesTarget: false });
        pos += heredoc[0].length;
        continue;
      }
      const rest = text.slice(pos, Math.min(end, pos + 8));
      const redirect = REDIRECT.exec(rest);
      if (redirect) {
        const op = redirect[0];
        tokens.push({ kind: 'redirect', text: op, span: { start: pos, end: pos + op.length }, takesTarget: !/&(\d+|-)$/.test(op) });
        pos += op.length;
        continue;
      }
      const operator = OPERATOR.exec(rest);
      if (operator) {
        tokens.push({ kind: 'operator', text: operator[0], span: { start: pos, end: pos + operator[0].length } });
        pos += operator[0].length;
        continue;
      }
    }
    const word = scanWord(file, pos, end, options.dialect, opaquePairs);
    tokens.push({ kind: 'word', word });
    pos = word.span.end;
  }
  return tokens;
}

function skipHeredocBody(text: string, pos: number, end: number, delimiter: string, stripsTabs: boolean, stripsBlanks = false): { next: number; bodyEnd: number; isTerminated: boolean } {
  while (pos < end) {
    const lineBegin = pos;
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    let line = text.slice(pos, lineEnd).replace(/\r$/, '');
    if (stripsTabs) line = line.replace(stripsBlanks ? /^[ \t]+/ : /^\t+/, '');
    pos = Math.min(lineEnd + 1, end);
    if (line === delimiter) return { next: pos, bodyEnd: lineBegin, isTerminated: true };
  }
  return { next: end, bodyEnd: end, isTerminated: false };
}

function isLineBreakAt(text: string, pos: number): boolean {
  return text[pos] === '\n' || (text[pos] === '\r' && text[pos + 1] === '\n');
}

function afterLineBreak(text: string, pos: number): number {
  return text[pos] === '\r' ? pos + 2 : pos + 1;
}

const OPAQUE_PAIRS: [string, string][] = [
  ['{{', '}}'],
  ['<%', '%>'],
  ['{%', '%}'],
];
/** Ruby's `#{…}` (braces inside it nest). */
const HOST_INTERPOLATION: [string, string] = ['#{', '}'];

/** End of the opaque expression opened at `pos` (just past its closer), or -1. */
function opaqueEnd(text: string, pos: number, pair: [string, string]): number {
  if (pair !== HOST_INTERPOLATION) {
    const close = text.indexOf(pair[1], pos + pair[0].length);
    return close === -1 ? -1 : close + pair[1].length;
  }
  let depth = 0;
  for (let i = pos + 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * ASCII characters that end a run of ordinary ones, per dialect and set of
 * opaque pairs: blanks and line ends, quotes, backslash, `$` and `` ` ``, the
 * first character of each opaque opener, and in sh the operators. A run is
 * taken with one slice: a value built a character at a time is a rope of
 * one piece per character (1 KB per word of a 10 MB command line) and costs a
 * pair search per character.
 */
function specialCharacters(dialect: Dialect, opaquePairs: readonly [string, string][], inDoubleQuotes: boolean): Uint8Array {
  const key = `${dialect}${inDoubleQuotes ? '"' : ''}${opaquePairs.map(([open]) => open).join('')}`;
  const known = SPECIAL_TABLES.get(key);
  if (known) return known;
  const table = new Uint8Array(128);
  const mark = (chars: string) => {
    for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  };
  mark(inDoubleQuotes ? '"\\$`' : ' \t\n\r\'"\\$`');
  if (dialect === 'sh' && !inDoubleQuotes) mark(';&|()<>');
  for (const [open] of opaquePairs) mark(open[0]!);
  SPECIAL_TABLES.set(key, table);
  return table;
}
const SPECIAL_TABLES = new Map<string, Uint8Array>();

/** The end of the run of ordinary characters from `pos` (`pos` itself when it is special). */
function runEnd(text: string, pos: number, end: number, special: Uint8Array): number {
  let at = pos;
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code < 128 && special[code] === 1) break;
    at++;
  }
  return at;
}

function scanWord(file: SourceFile, start: number, end: number, dialect: Dialect, opaquePairs: [string, string][] = OPAQUE_PAIRS): Word {
  const text = file.text;
  let pos = start;
  let value = '';
  let hasExpansion = false;
  const special = specialCharacters(dialect, opaquePairs, false);

  while (pos < end) {
    const run = runEnd(text, pos, end, special);
    if (run > pos) {
      value += text.slice(pos, run);
      pos = run;
      continue;
    }
    const ch = text[pos]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || (ch === '\r' && text[pos + 1] === '\n')) break;
    const opaque = opaquePairs.find(([open]) => text.startsWith(open, pos));
    if (!opaque && dialect === 'sh' && /[;&|()<>]/.test(ch)) break;

    if (opaque) {
      const close = opaqueEnd(text, pos, opaque);
      if (close === -1) throw new TokenizeError(`unterminated template expression ${opaque[0]}`, pos);
      value += text.slice(pos, close);
      pos = close;
      hasExpansion = true;
      continue;
    }
    if (ch === "'") {
      const close = dialect === 'systemd' ? findClosingQuote(text, pos + 1, end, "'", true) : text.indexOf("'", pos + 1);
      if (close === -1 || close >= end) throw new TokenizeError('unterminated single quote', pos);
      value += dialect === 'systemd' ? unescapeC(text.slice(pos + 1, close)) : text.slice(pos + 1, close);
      pos = close + 1;
      continue;
    }
    if (ch === '"') {
      const scanned = scanDoubleQuoted(text, pos + 1, end, dialect, opaquePairs);
      value += scanned.value;
      hasExpansion ||= scanned.hasExpansion;
      pos = scanned.end + 1;
      continue;
    }
    if (ch === '\\') {
      if (isLineBreakAt(text, pos + 1)) {
        // A continuation in the middle of a word joins the two halves.
        pos = afterLineBreak(text, pos + 1);
        continue;
      }
      const next = text[pos + 1];
      if (next === undefined) {
        pos++;
        continue;
      }
      value += next;
      pos += 2;
      continue;
    }
    if (ch === '$' || ch === '`') {
      const expansionEnd = scanExpansion(text, pos, end);
      if (expansionEnd > pos + 1 || ch === '`') {
        value += text.slice(pos, expansionEnd);
        hasExpansion = true;
        pos = expansionEnd;
        continue;
      }
    }
    value += ch;
    pos++;
  }
  return { file, span: { start, end: pos }, value, hasExpansion };
}

function scanDoubleQuoted(text: string, start: number, end: number, dialect: Dialect, opaquePairs: [string, string][]): { value: string; end: number; hasExpansion: boolean } {
  let pos = start;
  let value = '';
  let hasExpansion = false;
  const special = specialCharacters(dialect, opaquePairs, true);
  while (pos < end) {
    const run = runEnd(text, pos, end, special);
    if (run > pos) {
      value += text.slice(pos, run);
      pos = run;
      continue;
    }
    const ch = text[pos]!;
    if (ch === '"') return { value, end: pos, hasExpansion };
    if (ch === '\\') {
      const next = text[pos + 1];
      if (next !== undefined && isLineBreakAt(text, pos + 1)) {
        pos = afterLineBreak(text, pos + 1);
        continue;
      }
      if (dialect === 'systemd') {
        value += unescapeC(text.slice(pos, pos + 2));
        pos += 2;
        continue;
      }
      if (next !== undefined && '$`"\\'.includes(next)) {
        value += next;
        pos += 2;
        continue;
      }
      value += ch;
      pos++;
      continue;
    }
    const opaque = opaquePairs.find(([open]) => text.startsWith(open, pos));
    if (opaque) {
      const close = opaqueEnd(text, pos, opaque);
      if (close === -1) throw new TokenizeError(`unterminated template expression ${opaque[0]}`, pos);
      value += text.slice(pos, close);
      pos = close;
      hasExpansion = true;
      continue;
    }
    if (ch === '$' || ch === '`') {
      const expansionEnd = scanExpansion(text, pos, end);
      if (expansionEnd > pos + 1 || ch === '`') {
        value += text.slice(pos, expansionEnd);
        hasExpansion = true;
        pos = expansionEnd;
        continue;
      }
    }
    value += ch;
    pos++;
  }
  throw new TokenizeError('unterminated double quote', start - 1);
}

function findClosingQuote(text: string, start: number, end: number, quote: string, allowEscapes: boolean): number {
  for (let pos = start; pos < end; pos++) {
    if (allowEscapes && text[pos] === '\\') {
      pos++;
      continue;
    }
    if (text[pos] === quote) return pos;
  }
  return -1;
}

/** End offset of the expansion starting at `pos` (`$…` or a backtick). */
function scanExpansion(text: string, pos: number, end: number): number {
  if (text[pos] === '`') {
    const close = text.indexOf('`', pos + 1);
    if (close === -1 || close >= end) throw new TokenizeError('unterminated backtick', pos);
    return close + 1;
  }
  const next = text[pos + 1];
  if (next === '(' || next === '{') {
    const open = next;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    for (let i = pos + 1; i < end; i++) {
      const c = text[i];
      if (c === "'" && open === '(') {
        const q = text.indexOf("'", i + 1);
        if (q !== -1) i = q;
        continue;
      }
      if (c === open) depth++;
      else if (c === close) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw new TokenizeError(`unterminated $${open}`, pos);
  }
  const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(pos + 1, pos + 65));
  return name ? pos + 1 + name[0].length : pos + 1;
}

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", s: ' ', a: '\x07', b: '\b', f: '\f', v: '\v' };

function unescapeC(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => C_ESCAPES[c] ?? c);
}

/** Words between operators, i.e. simple commands, with redirections split off. */
export interface SimpleCommand {
  words: Word[];
  /** From the first word to the last word or redirection target. */
  span: Span;
}

export function splitCommands(tokens: Token[]): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  let spanStart = -1;
  let spanEnd = -1;
  let skipNextWord = false;
  const flush = () => {
    if (words.length > 0) commands.push({ words, span: { start: spanStart, end: spanEnd } });
    words = [];
    spanStart = -1;
  };
  for (const token of tokens) {
    if (token.kind === 'word') {
      if (spanStart === -1) spanStart = token.word.span.start;
      spanEnd = token.word.span.end;
      if (skipNextWord) skipNextWord = false;
      else words.push(token.word);
    } else if (token.kind === 'redirect') {
      if (spanStart === -1) spanStart = token.span.start;
      spanEnd = token.span.end;
      skipNextWord = token.takesTarget;
    } else {
      flush();
    }
  }
  flush();
  return commands;
}

/** Quote an argument for a POSIX shell or a systemd ExecStart, only when needed. */
export function quoteArgument(value: string, dialect: Dialect): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value) && !(dialect === 'systemd' && value.includes('%'))) return value;
  if (dialect === 'systemd') return `"${value.replace(/[\\"]/g, '\\$&').replace(/%/g, '%%')}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
