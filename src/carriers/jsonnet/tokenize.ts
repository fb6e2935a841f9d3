// A jsonnet tokenizer that knows just enough not to be fooled: string
// literals (single, double, verbatim `@'…'`, text blocks `|||`), comments
// (`//`, `#`, `/* */`) and brackets. Nothing is evaluated.

import type { Span } from '../../model.js';
import { groupBrackets, plainTokenAt, type BracketGroup, type PlainToken } from '../../text/plain-token.js';

/** jsonnet identifiers, and `$` (the outermost object). */
const JSONNET_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_]*/;

export type StringStyle = "'" | '"' | "@'" | '@"' | '|||';

export type JToken =
  | { kind: 'string'; span: Span; style: StringStyle; value: string; hasEscapes: boolean }
  | PlainToken;

export class JsonnetSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function tokenizeJsonnet(text: string): { tokens: JToken[]; comments: Span[] } {
  const tokens: JToken[] = [];
  const comments: Span[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (/[\s\uFEFF]/.test(ch)) {
      pos++;
      continue;
    }
    if (ch === '#' || text.startsWith('//', pos)) {
      let end = text.indexOf('\n', pos);
      if (end === -1) end = text.length;
      comments.push({ start: pos, end });
      pos = end;
      continue;
    }
    if (text.startsWith('/*', pos)) {
      const close = text.indexOf('*/', pos + 2);
      if (close === -1) throw new JsonnetSyntaxError('unterminated comment', pos);
      comments.push({ start: pos, end: close + 2 });
      pos = close + 2;
      continue;
    }
    if (text.startsWith('|||', pos)) {
      const block = textBlock(text, pos);
      tokens.push(block);
      pos = block.span.end;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let value = '';
      let hasEscapes = false;
      let i = pos + 1;
      for (; i < text.length && text[i] !== ch; i++) {
        if (text[i] !== '\\') {
          value += text[i];
          continue;
        }
        hasEscapes = true;
        const next = text[i + 1];
        if (next === 'u') {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 5;
        } else {
          value += ESCAPES[next ?? ''] ?? next ?? '';
          i++;
        }
      }
      if (i >= text.length) throw new JsonnetSyntaxError('unterminated string', pos);
      tokens.push({ kind: 'string', span: { start: pos, end: i + 1 }, style: ch, value, hasEscapes });
      pos = i + 1;
      continue;
    }
    if (ch === '@' && (text[pos + 1] === "'" || text[pos + 1] === '"')) {
      const quote = text[pos + 1]!;
      let value = '';
      let i = pos + 2;
      for (;;) {
        if (i >= text.length) throw new JsonnetSyntaxError('unterminated verbatim string', pos);
        if (text[i] === quote) {
          if (text[i + 1] === quote) {
            value += quote;
            i += 2;
            continue;
          }
          break;
        }
        value += text[i++];
      }
      tokens.push({ kind: 'string', span: { start: pos, end: i + 1 }, style: `@${quote}` as StringStyle, value, hasEscapes: value.includes(quote) });
      pos = i + 1;
      continue;
    }
    const token = plainTokenAt(text, pos, JSONNET_IDENTIFIER);
    tokens.push(token);
    pos = token.span.end;
  }
  return { tokens, comments };
}

/** `|||` (or `|||-`) up to the line holding only the closing `|||`. */
function textBlock(text: string, start: number): JToken {
  let pos = start + 3;
  if (text[pos] === '-') pos++;
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  if (text[pos] === '\r') pos++;
  if (text[pos] !== '\n') throw new JsonnetSyntaxError('text block must start with a new line', start);
  pos++;
  const firstLineStart = pos;
  const indent = /^[ \t]*/.exec(text.slice(pos))![0];
  if (indent === '') throw new JsonnetSyntaxError('text block needs an indented first line', start);
  let value = '';
  for (;;) {
    if (pos >= text.length) throw new JsonnetSyntaxError('unterminated text block', start);
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    if (line.startsWith(indent)) value += `${line.slice(indent.length)}\n`;
    else if (line === '' && pos !== firstLineStart) value += '\n';
    else {
      const close = /^[ \t]*\|\|\|/.exec(line);
      if (!close) throw new JsonnetSyntaxError('text block line is less indented than its first line', pos);
      const chomp = text[start + 3] === '-';
      return { kind: 'string', span: { start, end: pos + close[0].length }, style: '|||', value: chomp ? value.replace(/\n$/, '') : value, hasEscapes: false };
    }
    pos = lineEnd + 1;
  }
}

/** A bracketed group and what it holds, nested groups included. */
export type JGroup = BracketGroup<JToken>;

export type JItem = JToken | JGroup;

/** The file as top-level items with bracket groups nested; throws on unbalanced brackets. */
export function groupTokens(tokens: JToken[]): JItem[] {
  return groupBrackets(tokens, (problem) => {
    const { text, span } = problem.at;
    return new JsonnetSyntaxError(problem.kind === 'never-closed' ? `unclosed ${text}` : `unbalanced ${text}`, span.start);
  });
}

/** Self-check after an edit: the text still tokenizes and every bracket closes in order. */
export function isBalanced(text: string): boolean {
  try {
    groupTokens(tokenizeJsonnet(text).tokens);
    return true;
  } catch (error) {
    if (error instanceof JsonnetSyntaxError) return false;
    throw error;
  }
}

export function itemSpan(item: JItem): Span {
  return item.span;
}
