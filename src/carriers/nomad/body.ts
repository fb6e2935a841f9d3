// HCL bodies as attributes and blocks, from the grouped tokens: an
// attribute is `name = value` on one line (brackets and heredocs may run
// on), a block is `type "label"… { body }`. Anything else in a body is kept
// as an unknown statement, so its strings are still seen.

import type { SourceFile, Span } from '../../model.js';
import { lineIndexAt, lineTableOf } from '../../argv/text-lines.js';
import type { HclGroup, HclItem } from './tokenize.js';

export interface HclAttribute {
  kind: 'attribute';
  name: string;
  /** The value's items: one for a literal, a list or an object; several for an expression. */
  value: HclItem[];
  span: Span;
}

export interface HclBlock {
  kind: 'block';
  type: string;
  labels: string[];
  body: HclGroup;
  span: Span;
}

export type HclStatement = HclAttribute | HclBlock | { kind: 'other'; items: HclItem[]; span: Span };

const isPunct = (item: HclItem | undefined, text: string) => item !== undefined && item.kind === 'punct' && item.text === text;

/** The statements of a body (`{…}` items, or the file's top level). */
export function statementsOf(file: SourceFile, items: HclItem[]): HclStatement[] {
  const table = lineTableOf(file);
  const lines: HclItem[][] = [];
  let lastLine = -1;
  for (const item of items) {
    // A comma separates attributes of a one-line object (`{ a = 1, b = 2 }`).
    if (isPunct(item, ',')) {
      lastLine = -1;
      continue;
    }
    const line = lineIndexAt(table, item.span.start);
    const current = lines[lines.length - 1];
    if (current && line === lastLine) current.push(item);
    else lines.push([item]);
    lastLine = lineIndexAt(table, item.span.end);
  }
  return lines.map(statementOf);
}

function statementOf(items: HclItem[]): HclStatement {
  const span = { start: items[0]!.span.start, end: items[items.length - 1]!.span.end };
  const [first, second] = items;
  if (first?.kind === 'ident' && (isPunct(second, '=') || isPunct(second, ':')) && items.length > 2) {
    return { kind: 'attribute', name: first.text, value: items.slice(2), span };
  }
  const last = items[items.length - 1]!;
  const labels = items.slice(1, -1);
  if (first?.kind === 'ident' && last.kind === 'group' && last.open.text === '{' && labels.every((label) => label.kind === 'string' || label.kind === 'ident')) {
    const names = labels.map((label) => (label.kind === 'string' ? label.value : label.kind === 'ident' ? label.text : ''));
    return { kind: 'block', type: first.text, labels: names, body: last, span };
  }
  return { kind: 'other', items, span };
}

export function blocksOf(file: SourceFile, body: HclGroup | HclItem[], type: string): HclBlock[] {
  return statementsOf(file, Array.isArray(body) ? body : body.items).filter((s): s is HclBlock => s.kind === 'block' && s.type === type);
}

export function attributeOf(file: SourceFile, body: HclGroup, name: string): HclAttribute | undefined {
  return statementsOf(file, body.items).find((s): s is HclAttribute => s.kind === 'attribute' && s.name === name);
}

/** A string-literal attribute's value (a template stays as written), or undefined for an expression. */
export function stringAttribute(file: SourceFile, body: HclGroup, name: string): string | undefined {
  const attribute = attributeOf(file, body, name);
  const only = attribute?.value.length === 1 ? attribute.value[0] : undefined;
  return only?.kind === 'string' || only?.kind === 'heredoc' ? only.value : undefined;
}
