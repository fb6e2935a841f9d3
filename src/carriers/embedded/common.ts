// Shared by the embedded carriers (Markdown fences, heredocs, Dockerfiles):
// command lines that live inside another language's file. The host file is
// the carrier's file and every span is a host offset, so edits are byte-exact
// without any mapping table: the embedded text is read where it lies.

import type { ArgvCarrier, EmbeddedThanosPeers, SourceFile, Span } from '../../model.js';
import { splitCommands, tokenize, type HeredocBody, type TokenizeOptions } from '../../argv/tokenize.js';
import { lineColumnAt } from '../../argv/text-lines.js';
import { isThanosImage, isThanosProgram } from '../../thanos/vocabulary.js';
import { gossipFlagMentions } from '../../thanos/vocabulary.js';
import { lineCommandEditor, withShellVariables } from '../shell/read.js';
import type { DocumentationBlock } from '../../facts.js';
export type { DocumentationBlock } from '../../facts.js';

export interface EmbeddedProblem {
  span: Span;
  message: string;
  /** A place the carrier declines to edit (a human's job), not unreadable input. */
  isManual: boolean;
  /** The whole span is one place (a YAML fence that does not parse): one finding covers every gossip token in it. */
  isBlock?: boolean;
}


export interface EmbeddedReadResult {
  carriers: ArgvCarrier[];
  /** Places the tool will not edit: each message starts with `manual: `. */
  problems: EmbeddedProblem[];
  thanosPeers: EmbeddedThanosPeers[];
  documentation: DocumentationBlock[];
}

export function emptyEmbeddedRead(): EmbeddedReadResult {
  return { carriers: [], problems: [], thanosPeers: [], documentation: [] };
}

/** Spans of the gossip flags mentioned in `range` of the text. */
export function gossipMentions(text: string, range: Span): Span[] {
  return gossipFlagMentions(text, range).map((token) => token.span);
}

/** One `manual: <why>` problem per gossip flag mentioned in `range` (none when it mentions none). */
export function manualForMentions(text: string, range: Span, why: string): EmbeddedProblem[] {
  return gossipMentions(text, range).map((span) => ({ span, message: `manual: ${text.slice(span.start, span.end)} ${why}`, isManual: true }));
}

/** Whether some simple command runs thanos (by program name or a Thanos image on its line). */
export function holdsThanosCommand(carriers: ArgvCarrier[]): boolean {
  return carriers.some((carrier) => carrier.words.some((word, index) => (index < 8 && isThanosProgram(word.value)) || isThanosImage(word.value)));
}

export interface CommandRead {
  carriers: ArgvCarrier[];
  heredocs: HeredocBody[];
}

/**
 * Shell commands of `range` as `plain-command` carriers (nothing says they
 * share a machine with the rest of the host file), edited by the shared
 * line editor. Throws TokenizeError on bad quoting.
 */
export function readCommands(file: SourceFile, range: Span, label: string, options: Partial<TokenizeOptions> = {}): CommandRead {
  const heredocs: HeredocBody[] = [];
  const dialect = options.dialect ?? 'sh';
  const tokens = tokenize(file, range, { ...options, dialect, heredocs });
  const carriers: ArgvCarrier[] = splitCommands(tokens).map((command) => ({
    kind: 'plain-command',
    file,
    context: { kind: 'command', label: `${label}, command at line ${lineColumnAt(file, command.span.start).line}` },
    words: command.words,
    editor: lineCommandEditor({ file, span: command.span, dialect }),
  }));
  return { carriers: withShellVariables(carriers), heredocs };
}

export function lineOf(file: SourceFile, offset: number): number {
  return lineColumnAt(file, offset).line;
}
