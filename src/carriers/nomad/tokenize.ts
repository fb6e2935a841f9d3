// An HCL tokenizer that knows just enough of Nomad job files not to be
// fooled: quoted strings with escapes and `${…}`/`%{…}` templates (nested
// quotes included), heredocs (`<<EOF`, `<<-EOF`), comments (`#`, `//`,
// `/* */`) and brackets, each with its exact span. Nothing is evaluated:
// a template stays in the value as written.

import type { Span } from '../../model.js';
import { groupBrackets, plainTokenAt, type BracketGroup, type PlainToken } from '../../text/plain-token.js';

/** HCL identifiers may hold dashes (`config-file`). */
const HCL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*/;

export type HclToken =
  | { kind: 'string'; span: Span; value: string; isTemplate: boolean }
  | { kind: 'heredoc'; span: Span; value: string; isTemplate: boolean }
  | PlainToken;

/** Text the tokenizer cannot read, at `offset` (reported as file:line). */
export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t' };

export function tokenizeHcl(text: string): HclToken[] {
  const tokens: HclToken[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (/[\s\uFEFF]/.test(ch)) {
      pos++;
      continue;
    }
    if (ch === '#' || text.startsWith('//', pos)) {
      const end = text.indexOf('\n', pos);
      pos = end === -1 ? text.length : end;
      continue;
    }
    if (text.startsWith('/*', pos)) {
      const close = text.indexOf('*/', pos + 2);
      if (close === -1) throw new HclSyntaxError('unterminated /* comment', pos);
      pos = close + 2;
      continue;
    }
    if (ch === '"') {
      const token = quoted(text, pos);
      tokens.push(token);
      pos = token.span.end;
      continue;
    }
    if (text.startsWith('<<', pos) && /^<<-?[A-Za-z_]/.test(text.slice(pos, pos + 4))) {
      const token = heredoc(text, pos);
      tokens.push(token);
      pos = token.span.end;
      continue;
    }
    const token = plainTokenAt(text, pos, HCL_IDENTIFIER);
    tokens.push(token);
    pos = token.span.end;
  }
  return tokens;
}

/** `"…"`: escapes decoded, `${…}` and `%{…}` kept verbatim (they may hold quotes of their own). */
function quoted(text: string, start: number): HclToken {
  let value = '';
  let isTemplate = false;
  let i = start + 1;
  for (;;) {
    const ch = text[i];
    if (ch === undefined || ch === '\n') throw new HclSyntaxError('unterminated string', start);
    if (ch === '"') break;
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      const unicode = next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (unicode > 0) {
        const hex = text.slice(i + 2, i + 2 + unicode);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== unicode) throw new HclSyntaxError(`bad \\${next} escape`, i);
        value += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + unicode;
        continue;
      }
      const escaped = ESCAPES[next];
      if (escaped === undefined) throw new HclSyntaxError(`unknown escape \\${next}`, i);
      value += escaped;
      i += 2;
      continue;
    }
    if ((ch === '$' || ch === '%') && text[i + 1] === '{') {
      const end = templateEnd(text, i + 2);
      value += text.slice(i, end);
      isTemplate = true;
      i = end;
      continue;
    }
    if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
      // `$${` is a literal `${`: Nomad passes it on, so the value keeps the template it spells.
      value += `${ch}{`;
      isTemplate = true;
      i += 3;
      continue;
    }
    value += ch;
    i++;
  }
  return { kind: 'string', span: { start, end: i + 1 }, value, isTemplate };
}

/** The offset just past the `}` closing a template that opened before `from`. */
function templateEnd(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      i = quoted(text, i).span.end;
      continue;
    }
    if (ch === '{') depth++;
    if (ch === '}' && --depth === 0) return i + 1;
    i++;
  }
  throw new HclSyntaxError('unterminated template', from - 2);
}

/** `<<EOF` or `<<-EOF` to the line holding only `EOF`; `<<-` strips the common indentation. */
function heredoc(text: string, start: number): HclToken {
  const open = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(start, start + 256));
  if (!open) throw new HclSyntaxError('a heredoc marker must end its line', start);
  const marker = open[2]!;
  const lines: string[] = [];
  let pos = start + open[0].length;
  for (;;) {
    if (pos >= text.length) throw new HclSyntaxError(`unterminated heredoc (no line holding only ${marker})`, start);
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    const close = new RegExp(`^[ \\t]*${marker}$`).exec(line);
    if (close) {
      const body = open[1] === '-' ? dedent(lines) : lines;
      const value = body.map((l) => `${l}\n`).join('');
      return { kind: 'heredoc', span: { start, end: pos + close[0].length }, value, isTemplate: /[$%]\{/.test(value) };
    }
    lines.push(line);
    pos = lineEnd + 1;
  }
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const cut = indents.length > 0 ? indents.reduce((least, indent) => Math.min(least, indent), Infinity) : 0;
  return lines.map((line) => line.slice(Math.min(cut, /^[ \t]*/.exec(line)![0].length)));
}

/** A bracketed group and what it holds, nested groups included. */
export type HclGroup = BracketGroup<HclToken>;

export type HclItem = HclToken | HclGroup;

/** The file as top-level items with bracket groups nested; throws on unbalanced brackets. */
export function groupHcl(tokens: HclToken[]): HclItem[] {
  return groupBrackets(tokens, (problem) => {
    const { text, span } = problem.at;
    if (problem.kind === 'closes-nothing') return new HclSyntaxError(`${text} closes nothing`, span.start);
    if (problem.kind === 'mismatched') return new HclSyntaxError(`${text} where ${problem.expected} was expected`, span.start);
    return new HclSyntaxError(`${text} is never closed`, span.start);
  });
}
