// Byte-exact edits inside an HCL list (`args = [ … ]`): an element on lines
// of its own goes with its lines; one sharing a line goes with one comma.
// HCL accepts a trailing comma, so a removed last line never needs the
// comma before it touched. New elements copy the anchor's layout.

import type { ArgvEditor, Edit, NewArg, SourceFile, Span, Word } from '../../model.js';
import { mergeSpans } from '../../argv/line-editor.js';
import { indentationOf, lineBreakOf, lineContentEnd, lineEndWithBreak, lineIndexAt, lineStart, lineTableOf } from '../../argv/text-lines.js';
import type { HclGroup, HclItem } from './tokenize.js';

export interface ListElement {
  items: HclItem[];
  span: Span;
  /** Offset of the comma after the element, or -1. */
  comma: number;
  /** Alone on its lines: only blanks before it, only its comma and a comment after it. */
  ownsLines: boolean;
  /** It can be removed without touching a neighbour: it owns its lines, or it sits on one line. */
  isWhole: boolean;
}

const isComma = (item: HclItem) => item.kind === 'punct' && item.text === ',';

export function listElements(file: SourceFile, list: HclGroup): ListElement[] {
  const table = lineTableOf(file);
  const elements: ListElement[] = [];
  let current: HclItem[] = [];
  const flush = (comma: number) => {
    if (current.length === 0) return;
    const span = { start: current[0]!.span.start, end: current[current.length - 1]!.span.end };
    const first = lineIndexAt(table, span.start);
    const last = lineIndexAt(table, span.end);
    const commaOnLine = comma === -1 || lineIndexAt(table, comma) === last;
    const before = file.text.slice(lineStart(table, first), span.start);
    const after = file.text.slice(comma !== -1 && commaOnLine ? comma + 1 : span.end, lineContentEnd(table, last));
    const ownsLines = commaOnLine && /^[\uFEFF \t]*$/.test(before) && /^[ \t]*(?:(?:#|\/\/).*)?$/.test(after);
    elements.push({ items: current, span, comma, ownsLines, isWhole: ownsLines || first === last });
    current = [];
  };
  for (const item of list.items) {
    if (isComma(item)) flush(item.span.start);
    else current.push(item);
  }
  flush(-1);
  return elements;
}

/** The spans that delete `removed` (indexes into `elements`), runs of neighbours at once. */
function removalSpans(file: SourceFile, elements: ListElement[], removed: Set<number>): Span[] {
  const table = lineTableOf(file);
  const spans: Span[] = [];
  for (let i = 0; i < elements.length; i++) {
    if (!removed.has(i)) continue;
    const element = elements[i]!;
    if (element.ownsLines) {
      spans.push({ start: lineStart(table, lineIndexAt(table, element.span.start)), end: lineEndWithBreak(table, lineIndexAt(table, element.span.end)) });
      continue;
    }
    // A run of inline neighbours goes as one cut, so no comma is left doubled.
    let last = i;
    while (last + 1 < elements.length && removed.has(last + 1) && !elements[last + 1]!.ownsLines) last++;
    const next = elements[last + 1];
    const previous = elements[i - 1];
    const end = elements[last]!;
    const between = previous ? file.text.slice(previous.span.end, element.span.start) : '';
    if (next && !next.ownsLines && lineIndexAt(table, next.span.start) === lineIndexAt(table, end.span.end)) spans.push({ start: element.span.start, end: next.span.start });
    else if (previous && (!next || !between.includes('\n')) && !/#|\/\/|\/\*/.test(between)) {
      // The run ends its line or the list: cut back to the element before it, so one comma stays between neighbours (none before `]`).
      spans.push({ start: previous.span.end, end: next || end.comma === -1 ? end.span.end : end.comma + 1 });
    } else spans.push({ start: element.span.start, end: end.comma !== -1 ? afterBlanks(file.text, end.comma + 1) : end.span.end });
    i = last;
  }
  return mergeSpans(spans);
}

function afterBlanks(text: string, offset: number): number {
  let end = offset;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return /[\r\n]/.test(text[end] ?? '\n') ? offset : end;
}

/** An HCL string literal: `$${` and `%%{` keep a template from being read as one. */
export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/([$%])\{/g, '$1$1{');
  return `"${escaped}"`;
}

/** The editor of one task's args list; `words` are its elements' words, in order. */
export function hclListEditor(file: SourceFile, list: HclGroup, elements: ListElement[], words: Word[]): ArgvEditor {
  void list;
  return {
    removeWords(gone: Word[]): Edit[] {
      const removed = new Set(gone.map((word) => words.indexOf(word)).filter((index) => index !== -1));
      return removalSpans(file, elements, removed).map((span) => ({ file, span, text: '' }));
    },
    insertAfter(anchor: Word, args: NewArg[]): Edit[] {
      const element = elements[words.indexOf(anchor)];
      // The program (`command = "thanos"`) is no element: new arguments go before the first one.
      if (!element) return elements[0] ? insertBefore(file, elements[0], args) : [];
      const literals = args.map((arg) => ('raw' in arg ? arg.raw : hclString(arg.value)));
      if (element.ownsLines) {
        const table = lineTableOf(file);
        const line = lineIndexAt(table, element.span.end);
        const indent = indentationOf(table, lineIndexAt(table, element.span.start));
        const br = lineBreakOf(file.text);
        const at = lineEndWithBreak(table, line);
        const endsFile = at === lineContentEnd(table, line);
        const lines = literals.map((literal) => `${indent}${literal},`);
        const comma = element.comma === -1 ? [{ file, span: { start: element.span.end, end: element.span.end }, text: ',' }] : [];
        return [...comma, { file, span: { start: at, end: at }, text: endsFile ? `${br}${lines.join(br)}` : `${lines.join(br)}${br}` }];
      }
      return [{ file, span: { start: element.span.end, end: element.span.end }, text: literals.map((literal) => `, ${literal}`).join('') }];
    },
  };
}

function insertBefore(file: SourceFile, first: ListElement, args: NewArg[]): Edit[] {
  const literals = args.map((arg) => ('raw' in arg ? arg.raw : hclString(arg.value)));
  if (!first.ownsLines) return [{ file, span: { start: first.span.start, end: first.span.start }, text: literals.map((literal) => `${literal}, `).join('') }];
  const table = lineTableOf(file);
  const line = lineIndexAt(table, first.span.start);
  const indent = indentationOf(table, line);
  const br = lineBreakOf(file.text);
  const at = lineStart(table, line);
  return [{ file, span: { start: at, end: at }, text: literals.map((literal) => `${indent}${literal},${br}`).join('') }];
}
