// `sh -c "<script>"` in Kubernetes containers and compose services: the
// commands inside the script become carriers of their own, tokenized and
// edited with the shared shell tokenizer and line editor, directly over the
// file text of the YAML scalar holding the script.
//
// That only works when the scalar's source text maps 1:1 onto its value:
// plain, single-quoted without `''`, double-quoted without escapes (all on
// one line then), or a literal block scalar whose content lines differ from
// the value only by the block indentation. The shell sees that indentation
// as blanks, so words, whole-line removals and the `\` fix-up stay valid
// YAML and give the same script. Anything else is reported, never guessed.

import { load } from 'js-yaml';
import type { ArgvCarrier, ArgvEditor, CarrierContext, Edit, SourceFile, Span, Word } from '../../model.js';
import type { YScalar } from '../../text/yaml-tree.js';
import type { YamlProblem } from './types.js';
import type { ShellToken } from './shellwords.js';
import { readShellCarriers } from '../shell/read.js';
import { TokenizeError, tokenize } from '../../argv/tokenize.js';
import { doubleQuoted } from './quote.js';
import { lineStartOf } from './text.js';

/** Where an argv word came from: a YAML scalar, or one shell token of a compose string scalar. */
export interface WordSite {
  scalar: YScalar;
  /** The scalar sits in a flow collection (`[…]`, `{…}`). */
  inFlow: boolean;
  /** Compose string `command:`/`entrypoint:`: the token of the scalar this word is. */
  token?: ShellToken;
}

interface ScriptSource {
  /** The script's text in the file. */
  range: Span;
  scalar: YScalar;
  inFlow: boolean;
  /** Shell quote around the script inside a compose string scalar, if any. */
  shellQuote: '"' | "'" | null;
}

const SHELL_SCRIPT_HINT = /thanos/i;

/** Offsets of the script's content when the scalar's text maps 1:1 onto its value; null otherwise. */
function mapScalar(text: string, s: YScalar): Span | null {
  const raw = text.slice(s.valueStart, s.valueEnd);
  if (s.style === 1 || s.style === 2 || s.style === 3) return raw === s.value ? { start: s.valueStart, end: s.valueEnd } : null;
  if (s.style !== 4) return null;
  // literal block: every content line is the value's line plus the block indentation
  const lines = raw.split('\n').map((l) => l.replace(/\r$/, ''));
  let indent = Infinity;
  for (const l of lines) if (l.trim() !== '') indent = Math.min(indent, /^ */.exec(l)![0].length);
  if (indent === Infinity) return null;
  const dedented = lines.map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length))).join('\n');
  const trim = (v: string): string => v.replace(/\n+$/, '');
  return trim(dedented) === trim(s.value) ? { start: s.valueStart, end: s.valueEnd } : null;
}

function scriptSource(file: SourceFile, site: WordSite): ScriptSource | null {
  const text = file.text;
  const span = mapScalar(text, site.scalar);
  if (!span) return null;
  if (!site.token) return { range: span, scalar: site.scalar, inFlow: site.inFlow, shellQuote: null };
  // compose string: the script is one token; it must be one quoted run without escapes, or bare
  const tok = text.slice(site.token.start, site.token.end);
  if (/^"[^"\\]*"$/.test(tok) || /^'[^']*'$/.test(tok)) {
    return { range: { start: site.token.start + 1, end: site.token.end - 1 }, scalar: site.scalar, inFlow: site.inFlow, shellQuote: tok[0] as '"' | "'" };
  }
  if (/^[^"'\\]+$/.test(tok)) return { range: { start: site.token.start, end: site.token.end }, scalar: site.scalar, inFlow: site.inFlow, shellQuote: null };
  return null;
}

/** Inserted shell text spelled for the quoting it lands in (compose shell quotes, then YAML). */
function spellInserted(src: ScriptSource, shellText: string): string {
  let t = shellText;
  if (src.shellQuote === '"') t = t.replace(/[\\"]/g, (m) => '\\' + m);
  else if (src.shellQuote === "'") t = t.replace(/'/g, `'\\''`);
  if (src.scalar.style === 2) return t.replace(/'/g, "''");
  if (src.scalar.style === 3) return t.replace(/[\\"]/g, (m) => '\\' + m);
  return t;
}

function reads(candidate: string, inFlow: boolean, want: string): boolean {
  try {
    if (inFlow) {
      const v = load(`[${candidate}]`) as unknown;
      return Array.isArray(v) && v.length === 1 && v[0] === want;
    }
    return (load(`k: ${candidate}`) as { k?: unknown } | null)?.k === want;
  } catch {
    return false;
  }
}

/**
 * The shared line editor, adapted to the scalar: inserted text is escaped for
 * the scalar's quoting (a plain scalar that would stop being one is turned
 * into a double-quoted one), and a removal reaching the end of a file without
 * final newline takes the line break before it instead, so the file still
 * ends without one.
 */
function scalarEditor(file: SourceFile, inner: ArgvEditor, src: ScriptSource): ArgvEditor {
  const text = file.text;
  const s = src.scalar;
  return {
    removeWords(words) {
      return inner.removeWords(words).map((e): Edit => {
        const { start, end } = e.span;
        if (e.text !== '' || end !== text.length || text.endsWith('\n') || start === 0 || lineStartOf(text, start) !== start) return e;
        const from = text[start - 2] === '\r' ? start - 2 : start - 1;
        return { ...e, span: { start: from, end } };
      });
    },
    insertAfter(anchor, args) {
      const edits = inner.insertAfter(anchor, args).map((e) => ({ ...e, text: spellInserted(src, e.text) }));
      if (s.style !== 1) return edits;
      // plain: check that the scalar still reads as the script with the text added
      let candidate = text.slice(s.contentStart, s.end);
      let want = s.value;
      for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) {
        const at = e.span.start - s.contentStart;
        candidate = candidate.slice(0, at) + e.text + candidate.slice(e.span.end - s.contentStart);
        want = want.slice(0, e.span.start - s.valueStart) + e.text + want.slice(e.span.end - s.valueStart);
      }
      if (reads(candidate, src.inFlow, want)) return edits;
      const raw = text.slice(s.valueStart, s.valueEnd);
      if (/["\\]/.test(raw)) return edits; // cannot be requoted piecewise; the YAML self-check will refuse it
      const dq = edits.map((e) => ({ ...e, text: doubleQuoted(e.text).slice(1, -1) }));
      return [
        { file, span: { start: s.valueStart, end: s.valueStart }, text: '"' },
        ...dq,
        { file, span: { start: s.valueEnd, end: s.valueEnd }, text: '"' },
      ];
    },
  };
}

export interface ShellScriptInput {
  file: SourceFile;
  /** The whole argv: `sh`, `-c`, the script, then the script's `$0`, `$1`… */
  words: Word[];
  sites: WordSite[];
  /** Context of the container or service; the label gets ` (sh -c)`. */
  context: CarrierContext;
  /** Image of the container, only to decide whether an unreadable script is worth a problem. */
  image?: string;
  problems: YamlProblem[];
}

/**
 * Carriers for the commands of the `sh -c` script in `words` (as told by
 * isShellScript). Each keeps the container's context with ` (sh -c)` added
 * to its label, is a `yaml-string` carrier whose words[0] is the program, and
 * edits the scalar in place. A script that mentions Thanos (or runs in a
 * Thanos image) and cannot be mapped onto the file is a problem instead.
 */
export function shellScriptCarriers(input: ShellScriptInput): ArgvCarrier[] {
  const { file, words, sites, context } = input;
  const script = words[2];
  const site = sites[2];
  if (!script || !site) return [];
  const label = context.label ?? '';
  const relevant = SHELL_SCRIPT_HINT.test(script.value) || SHELL_SCRIPT_HINT.test(input.image ?? '');
  const scalarSpan = { start: site.scalar.start, end: site.scalar.end };
  const fail = (message: string): ArgvCarrier[] => {
    if (relevant) input.problems.push({ span: scalarSpan, message, isManual: true });
    return [];
  };
  const unmappable = (): ArgvCarrier[] => fail(`cannot map the sh -c script of ${label} onto the file; edit it by hand`);

  if (words.length > 3 && !/\s/.test(script.value.trim()) && SHELL_SCRIPT_HINT.test(script.value)) {
    // `sh -c thanos query …`: compose splits a command string into words, so only the first is the script
    return fail(
      `sh -c in ${label} runs only \`${script.value}\` as its script; the words after it become the script's $0, $1, …: ` +
      'write the whole command as one script string; edit it by hand',
    );
  }
  const src = scriptSource(file, site);
  if (!src) return unmappable();

  let tokens;
  try {
    tokens = tokenize(file, src.range, { dialect: 'sh' });
  } catch (e) {
    if (e instanceof TokenizeError) return fail(`sh -c script of ${label}: ${e.message}`);
    throw e;
  }
  if (src.scalar.style === 4) {
    // a word or heredoc reaching over a line break would see the block indentation the script does not have
    const crosses = tokens.some((t) => (t.kind === 'word' ? file.text.slice(t.word.span.start, t.word.span.end).includes('\n') : t.kind === 'redirect' && /<<(?!<)/.test(t.text)));
    if (crosses) return unmappable();
  }

  const { hostGroup, ...rest } = context;
  return readShellCarriers(file, src.range).map((c): ArgvCarrier => ({
    ...c,
    kind: 'yaml-string',
    context: { ...rest, label: `${label} (sh -c)`, ...(hostGroup !== undefined ? { hostGroup } : {}) },
    editor: scalarEditor(file, c.editor, src),
  }));
}
