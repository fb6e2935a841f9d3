// Line model of Helm (Go template) YAML files: which characters sit inside
// `{{ … }}` actions, which lines hold only actions, and `if/with/range … end`
// block structure.

import type { Span } from '../../model.js';
import { lineContentEnd, mergeSpans, nextLineStart, wholeLineSpans } from './text.js';
import { firstAtOrAbove } from '../../sorted.js';
import { cachedByText } from '../../text/cached-by-text.js';

export interface TLine {
  index: number;
  start: number;
  /** End of content, before the line break. */
  end: number;
  next: number;
  text: string;
  indent: number;
  blank: boolean;
  comment: boolean;
  /** Non-blank and every non-space character is inside a template action. */
  actionOnly: boolean;
  /** actionOnly and every action is control flow (if/else/end/with/range/define/comment/assignment). */
  controlOnly: boolean;
  /** Actions on the line (text between the braces, trim markers removed). */
  actions: string[];
}

/** Spans of `{{ … }}` actions in `text`. */
export function templateActions(text: string): Span[] {
  const out: Span[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    const close = text.indexOf('}}', i + 2);
    const end = close < 0 ? text.length : close + 2;
    out.push({ start: i, end });
    i = text.indexOf('{{', end);
  }
  return out;
}

const CONTROL = /^(if|else|end|with|range|define|block|break|continue)\b|^\/\*|^\$[\w]*\s*:?=/;

function actionBody(src: string): string {
  return src.replace(/^\{\{-?\s*/, '').replace(/\s*-?\}\}$/, '');
}

export function templateLines(text: string): TLine[] {
  const acts = templateActions(text);
  const lines: TLine[] = [];
  let a = 0;
  for (let start = 0, index = 0; start < text.length || (start === 0 && index === 0); index++) {
    const end = lineContentEnd(text, start);
    const next = nextLineStart(text, start);
    const lineText = text.slice(start, end);
    while (a < acts.length && acts[a]!.end <= start) a++;
    const mine: Span[] = [];
    for (let k = a; k < acts.length && acts[k]!.start < end; k++) mine.push(acts[k]!);
    let rest = '';
    let pos = start;
    for (const s of mine) {
      rest += text.slice(pos, Math.max(pos, s.start));
      pos = Math.max(pos, s.end);
    }
    if (pos < end) rest += text.slice(pos, end);
    const blank = lineText.trim() === '' || lineText.trim() === '\ufeff';
    const actionOnly = !blank && mine.length > 0 && rest.trim() === '';
    const actions = mine.map((s) => actionBody(text.slice(Math.max(s.start, start), Math.min(s.end, end))));
    lines.push({
      index, start, end, next, text: lineText,
      indent: /^[ \t]*/.exec(lineText)![0].length,
      blank,
      comment: !actionOnly && /^\s*#/.test(lineText),
      actionOnly,
      controlOnly: actionOnly && actions.every((b) => CONTROL.test(b)),
      actions,
    });
    if (next >= text.length) break;
    start = next;
  }
  return lines;
}

/** Same-length copy of `text` that js-yaml can parse: action-only lines blanked, other actions masked. */
export function maskTemplates(text: string): string {
  const chars = text.split('');
  const lines = templateLines(text);
  for (const s of templateActions(text)) {
    for (let k = s.start; k < s.end; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = '_';
  }
  for (const l of lines) {
    if (l.actionOnly) for (let k = l.start; k < l.end; k++) chars[k] = ' ';
  }
  return chars.join('');
}

interface Block {
  open: number;
  end: number;
  middle: number[];
}

function blocks(lines: TLine[]): Block[] {
  const out: Block[] = [];
  const stack: Block[] = [];
  for (const l of lines) {
    if (!l.controlOnly) continue;
    for (const body of l.actions) {
      if (/^(if|with|range|define|block)\b/.test(body)) stack.push({ open: l.index, end: -1, middle: [] });
      else if (/^else\b/.test(body)) stack[stack.length - 1]?.middle.push(l.index);
      else if (/^end\b/.test(body)) {
        const b = stack.pop();
        if (b) { b.end = l.index; out.push(b); }
      }
    }
  }
  return out;
}

/** What collapseTemplateBlocks reads of a text, worked out once per text. */
interface TemplateModel {
  lines: TLine[];
  starts: number[];
  /** The blocks, smallest first (ties in the order blocks() gives). */
  bySize: Block[];
  /** For each line, the innermost block it is strictly inside (between open and end), or -1. */
  lineBlock: Int32Array;
  /** For each block of bySize, the innermost block strictly around it, or -1. */
  parent: Int32Array;
  /** contentBefore[i]: how many of lines[0..i) are content (neither blank nor control-only). */
  contentBefore: Int32Array;
}

const isContent = (line: TLine) => !line.blank && !line.controlOnly;

function templateModel(text: string): TemplateModel {
  const lines = templateLines(text);
  const bySize = blocks(lines).sort((x, y) => x.end - x.open - (y.end - y.open));
  const lineBlock = new Int32Array(lines.length).fill(-1);
  const parent = new Int32Array(bySize.length).fill(-1);
  // Smallest first, so the first block to claim a line (or a block) is the innermost around it.
  bySize.forEach((block, index) => {
    for (let k = block.open + 1; k < block.end; k++) if (lineBlock[k] === -1) lineBlock[k] = index;
  });
  // Blocks nest (blocks() pairs them with a stack): the innermost block around a block's open line is its parent.
  bySize.forEach((block, index) => (parent[index] = lineBlock[block.open]!));
  const contentBefore = new Int32Array(lines.length + 1);
  lines.forEach((line, i) => (contentBefore[i + 1] = contentBefore[i]! + (isContent(line) ? 1 : 0)));
  return { lines, starts: lines.map((line) => line.start), bySize, lineBlock, parent, contentBefore };
}

/** Each file's model, built once per text: one removal pass asks for the same file once per argv. */
const modelOf = cachedByText(templateModel);

/**
 * Extend deletion `spans` with whole `{{ if … }}…{{ end }}` blocks (any
 * nesting) whose content lines are all deleted, so no empty conditional is
 * left behind. Content lines are lines other than blank and control-only ones.
 * Only the lines the spans cover and the blocks around them are looked at:
 * a scan of every line and block per call made a chart of n Deployments in
 * one template n² (one call per argv). `file`: the text's holder (a
 * SourceFile), which keeps the text's model while it lives.
 */
export function collapseTemplateBlocks(file: { text: string }, spans: Span[]): Span[] {
  const text = file.text;
  if (!text.includes('{{')) return spans;
  const { lines, starts, bySize, lineBlock, parent, contentBefore } = modelOf(file);
  const deleted = new Set<number>();
  const lineEnd = (l: TLine) => (l.next > l.end ? l.next : l.end);
  for (const s of spans) {
    for (let i = firstAtOrAbove(starts, s.start); i < lines.length && lineEnd(lines[i]!) <= s.end; i++) if (!lines[i]!.blank) deleted.add(i);
  }
  if (deleted.size === 0) return spans;
  // Content lines never change state below (a block's open, else and end lines are control-only).
  const deletedContent = [...deleted].filter((i) => isContent(lines[i]!)).sort((x, y) => x - y);
  const candidates = new Set<number>();
  for (const i of deletedContent) {
    for (let block = lineBlock[i]!; block !== -1 && !candidates.has(block); block = parent[block]!) candidates.add(block);
  }
  const extra: Array<[number, number]> = [];
  for (const index of [...candidates].sort((x, y) => x - y)) {
    const b = bySize[index]!;
    if (deleted.has(b.open)) continue;
    const content = contentBefore[b.end]! - contentBefore[b.open + 1]!;
    const gone = firstAtOrAbove(deletedContent, b.end) - firstAtOrAbove(deletedContent, b.open + 1);
    if (content === 0 || gone !== content) continue;
    for (let k = b.open; k <= b.end; k++) deleted.add(k);
    extra.push([lines[b.open]!.start, lines[b.end]!.start]);
  }
  if (extra.length === 0) return spans;
  return mergeSpans([...spans, ...wholeLineSpans(text, extra)]);
}
