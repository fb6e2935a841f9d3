// Heredoc bodies that hold a command line: `cat <<EOF > /usr/local/bin/run-thanos.sh`
// in a shell script, a Ruby `<<~EOS` that renders a start script or a
// Terraform `user_data = <<-EOF` (heredocs nest: each body is read for the
// heredocs it opens itself). The body is tokenized where it lies in the host
// file, so spans are host offsets; host interpolation (`#{…}`, `${…}`,
// `$${…}`, `{{ }}`, `<%= %>`) stays verbatim inside words.

import type { ArgvCarrier, SourceFile, Span } from '../../model.js';
import { TokenizeError, type HeredocBody } from '../../argv/tokenize.js';
import { readYamlBlock } from './yaml-block.js';
import { emptyEmbeddedRead, holdsThanosCommand, lineOf, manualForMentions, readCommands, type EmbeddedProblem, type EmbeddedReadResult } from './common.js';
import { append } from '../../lists.js';

type Host = 'shell' | 'ruby';

interface Body {
  body: Span;
  /** `<<~EOS`, for labels. */
  opener: string;
  openerOffset: number;
  /** The host expands escapes and interpolation in the body. */
  interpolates: boolean;
}

const HOST_NAME: Record<Host, string> = { shell: 'shell', ruby: 'Ruby' };

/** Heredocs of a shell script, as readShellCarriers met them; the script's own commands are its carriers. */
export function readShellHeredocCarriers(file: SourceFile, heredocs: readonly HeredocBody[]): EmbeddedReadResult {
  const result: EmbeddedReadResult = emptyEmbeddedRead();
  for (const heredoc of heredocs) readHeredoc(file, heredoc, 'shell', 0, result);
  return result;
}

/** `kubectl apply -f - <<EOF`, `cat <<EOF | kubectl create -f -`, `cat > thanos.yaml <<EOF`: the body is a manifest. */
const FEEDS_YAML = /\b(?:kubectl|oc)\b[^\n]*\b(?:apply|create|replace)\b[^\n]*(?:-f\s*|--filename[=\s]\s*)-(?![\w./-])|\b(?:cat|tee)\b[^\n]*\.(?:ya?ml|json)\b/;

/**
 * One heredoc of shell text (a script, a Markdown shell fence), read for
 * what it feeds: YAML when its line pipes it to kubectl or writes a YAML
 * file, commands otherwise. `indent`: blanks every line carries (a fence in
 * a list item).
 */
export function readHeredoc(file: SourceFile, heredoc: HeredocBody, host: string, indent: number, result: EmbeddedReadResult): void {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', heredoc.opener.start - 1) + 1;
  const lineEnd = text.indexOf('\n', heredoc.opener.end);
  const body = fromTokenizer(file, heredoc);
  if (!FEEDS_YAML.test(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd))) {
    readBody(file, 'shell', body, result, 0);
    return;
  }
  const label = `${host} heredoc ${body.opener} at line ${lineOf(file, body.openerOffset)}${heredoc.isTerminated ? '' : ' (never terminated)'}`;
  const escape = body.interpolates ? unmappableEscape(text, heredoc.body, 'shell') : -1;
  if (escape !== -1) {
    result.problems.push({ span: heredoc.body, message: `manual: ${label}: the shell escape ${JSON.stringify(text.slice(escape, escape + 2))} at line ${lineOf(file, escape)} rewrites the bytes, so edits cannot be mapped`, isManual: true, isBlock: true });
    return;
  }
  readYamlBlock(file, heredoc.body, label, indent, result);
}

function fromTokenizer(file: SourceFile, heredoc: HeredocBody): Body {
  return {
    body: heredoc.body,
    opener: file.text.slice(heredoc.opener.start, heredoc.opener.end),
    openerOffset: heredoc.opener.start,
    interpolates: !heredoc.isQuoted,
  };
}

/**
 * Ruby heredocs (`<<EOS`, `<<-EOS`, `<<~EOS`, quoted delimiters). Gossip
 * flags elsewhere in the Ruby file (double-quoted strings, whose escaping is
 * not mapped) are reported manual.
 */
export function readRubyHeredocCarriers(file: SourceFile): EmbeddedReadResult {
  const result: EmbeddedReadResult = emptyEmbeddedRead();
  const bodies = rubyHeredocs(file.text);
  const claimed: Span[] = [];
  for (const body of bodies) {
    const before = result.problems.length;
    readBody(file, 'ruby', body, result, 0);
    if (result.problems.length === before) claimed.push(body.body);
    else claimed.push(body.body); // reported inside readBody
  }
  // Outside heredoc bodies: strings and code the tool does not rewrite.
  let cursor = 0;
  const outside: Span[] = [];
  for (const span of claimed.sort((a, b) => a.start - b.start)) {
    if (span.start > cursor) outside.push({ start: cursor, end: span.start });
    cursor = Math.max(cursor, span.end);
  }
  outside.push({ start: cursor, end: file.text.length });
  for (const span of outside) {
    for (const problem of manualForMentions(file.text, span, 'in Ruby code outside a heredoc (string escaping is not mapped)')) {
      if (!isRubyCommentAt(file.text, problem.span.start)) result.problems.push(problem);
    }
  }
  return result;
}

function isRubyCommentAt(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^\s*#/.test(text.slice(lineStart, offset));
}

const RUBY_OPENER = /(^|[\s(=,[{.])<<([~-]?)(["'`]?)([A-Za-z_][A-Za-z0-9_]*)\3/g;

function rubyHeredocs(text: string): Body[] {
  const bodies: Body[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let next = lineEnd + 1;
    if (!/^\s*#/.test(line)) {
      RUBY_OPENER.lastIndex = 0;
      for (let match = RUBY_OPENER.exec(line); match !== null; match = RUBY_OPENER.exec(line)) {
        const [, lead, style, quote, delimiter] = match as unknown as [string, string, string, string, string];
        // A bare `<<NAME` is a heredoc only with a constant-like name (`a <<b` is a shift).
        if (style === '' && quote === '' && !/^[A-Z_][A-Z0-9_]*$/.test(delimiter)) continue;
        if (isInsideRubyString(line, match.index + lead.length)) continue;
        const bodyStart = Math.min(next, text.length);
        const end = terminatorLine(text, bodyStart, delimiter, style !== '');
        bodies.push({
          body: { start: bodyStart, end: end.lineStart },
          opener: match[0].slice(lead.length),
          openerOffset: lineStart + match.index + lead.length,
          interpolates: quote !== "'",
        });
        next = end.after;
      }
    }
    lineStart = next;
  }
  return bodies;
}

/** Whether `offset` of a Ruby line sits inside a '…' or "…" literal (a rough count of quotes before it). */
function isInsideRubyString(line: string, offset: number): boolean {
  let quote: string | null = null;
  for (let i = 0; i < offset; i++) {
    const ch = line[i]!;
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return true;
  }
  return quote !== null;
}

function terminatorLine(text: string, from: number, delimiter: string, indented: boolean): { lineStart: number; after: number } {
  let pos = from;
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    if ((indented ? line.trim() : line) === delimiter) return { lineStart: pos, after: lineEnd + 1 };
    pos = lineEnd + 1;
  }
  return { lineStart: text.length, after: text.length };
}

/** Escapes the host would rewrite in an interpolating body: the bytes no longer map one to one. */
function unmappableEscape(text: string, span: Span, host: Host): number {
  for (let i = span.start; i < span.end; i++) {
    if (text[i] !== '\\') continue;
    const next = text[i + 1];
    if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) continue;
    if (host === 'ruby' || next === '\\' || next === '$' || next === '`') return i;
    i++;
  }
  return -1;
}

function readBody(file: SourceFile, host: Host, body: Body, result: EmbeddedReadResult, depth: number): void {
  const text = file.text;
  if (depth > 4 || body.body.end <= body.body.start) return;
  const slice = text.slice(body.body.start, body.body.end);
  if (!/thanos/i.test(slice)) return;
  const where = `inside the ${HOST_NAME[host]} heredoc ${body.opener} at line ${lineOf(file, body.openerOffset)}`;
  if (body.interpolates) {
    const escape = unmappableEscape(text, body.body, host);
    if (escape !== -1) {
      const problems = manualForMentions(text, body.body, `${where}: the ${HOST_NAME[host]} escape ${JSON.stringify(text.slice(escape, escape + 2))} at line ${lineOf(file, escape)} rewrites the bytes, so edits cannot be mapped`);
      append(result.problems, problems);
      return;
    }
  }
  const label = `${HOST_NAME[host]} heredoc ${body.opener} at line ${lineOf(file, body.openerOffset)}`;
  const options = { hostInterpolation: host === 'ruby' && body.interpolates, indentedHeredocDelimiters: host === 'ruby' };
  if (/^[ \t]*\[(?:Unit|Service)\][ \t]*\r?$/m.test(slice)) {
    readUnitBody(file, body.body, `${label}, a systemd unit`, options, result);
    return;
  }
  let read;
  try {
    read = readCommands(file, body.body, label, options);
  } catch (error) {
    if (!(error instanceof TokenizeError)) throw error;
    append(result.problems, manualForMentions(text, body.body, `${where}: not readable as shell (${error.message})`));
    return;
  }
  const carriers: ArgvCarrier[] = read.carriers;
  if (holdsThanosCommand(carriers)) append(result.carriers, carriers);
  for (const nested of read.heredocs) {
    readBody(file, host, { ...fromTokenizer(file, nested), interpolates: body.interpolates }, result, depth + 1);
  }
}

/**
 * A systemd unit written by a heredoc: each `ExecStart=` (and its `\`
 * continuation lines) is a command, read from just after the `=`.
 */
function readUnitBody(file: SourceFile, range: Span, label: string, options: { hostInterpolation: boolean }, result: EmbeddedReadResult): void {
  const text = file.text;
  const exec = /^[ \t]*Exec(?:Start|StartPre|StartPost|Reload)=/gm;
  const slice = text.slice(range.start, range.end);
  for (let match = exec.exec(slice); match !== null; match = exec.exec(slice)) {
    const start = range.start + match.index + match[0].length;
    let end = start;
    for (;;) {
      let lineEnd = text.indexOf('\n', end);
      if (lineEnd === -1 || lineEnd > range.end) lineEnd = range.end;
      const content = text.slice(end, lineEnd).replace(/\r$/, '');
      end = end + content.length;
      if (!/\\$/.test(content) || lineEnd >= range.end) break;
      end = lineEnd + 1;
    }
    try {
      const read = readCommands(file, { start, end }, label, { ...options, dialect: 'systemd' });
      if (holdsThanosCommand(read.carriers)) append(result.carriers, read.carriers);
    } catch (error) {
      if (!(error instanceof TokenizeError)) throw error;
      append(result.problems, manualForMentions(text, { start, end }, `inside the ${label}: not readable (${error.message})`));
    }
  }
}

export type { EmbeddedProblem };
