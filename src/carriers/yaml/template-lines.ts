// Line model of Helm (Go template) YAML files: which characters sit inside
// `{{ … }}` actions, which lines hold only actions, and `if/with/range … end`
// block structure.

import type { Span } from '../../model.js';
import { lineContentEnd, mergeSpans, nextLineStart, wholeLineSpans } from './text.js';

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

/**
 * Extend deletion `spans` with whole `{{ if … }}…{{ end }}` blocks (any
 * nesting) whose content lines are all deleted, so no empty conditional is
 * left behind. Content lines are lines other than blank and control-only ones.
 */
export function collapseTemplateBlocks(text: string, spans: Span[]): Span[] {
  if (!text.includes('{{')) return spans;
  const lines = templateLines(text);
  const deleted = new Set<number>();
  for (const l of lines) {
    const lineEnd = l.next > l.end ? l.next : l.end;
    const covered = spans.some((s) => s.start <= l.start && s.end >= lineEnd)
      || (l.next === l.end && spans.some((s) => s.start <= l.start - 1 && s.end >= l.end && l.start > 0));
    if (covered && !l.blank) deleted.add(l.index);
  }
  if (deleted.size === 0) return spans;
  const extra: Array<[number, number]> = [];
  for (const b of blocks(lines).sort((x, y) => x.end - x.open - (y.end - y.open))) {
    if (deleted.has(b.open)) continue;
    const content = lines.slice(b.open + 1, b.end).filter((l) => !l.blank && !l.controlOnly);
    if (content.length === 0 || !content.every((l) => deleted.has(l.index))) continue;
    for (let k = b.open; k <= b.end; k++) deleted.add(k);
    extra.push([lines[b.open]!.start, lines[b.end]!.start]);
  }
  if (extra.length === 0) return spans;
  return mergeSpans([...spans, ...wholeLineSpans(text, extra)]);
}
