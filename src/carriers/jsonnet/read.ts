// Jsonnet (`.jsonnet`, `.libsonnet`), read without evaluating anything:
// - an array of strings that is a Thanos argv (its first element a Thanos
//   component or the thanos binary, or the `args`/`command` of an object whose
//   `image` names thanos) is an ArgvCarrier, one word per element. An element
//   built with `+` is one word whose value keeps the expressions as `${…}`;
// - a `peers:` field of a `thanos: { … }` object (Prometheus-Operator's
//   spec.thanos, kube-prometheus style) is returned as data with the span that
//   removes it;
// - every other string that mentions a gossip flag is reported manual.

import type { EmbeddedProblem } from '../embedded/common.js';
import { mergeSpans } from '../../argv/line-editor.js';
import type { ArgvCarrier, ArgvEditor, Edit, NewArg, SourceFile, Span, Word } from '../../model.js';
import { indentationOf, lineBreakOf, lineContentEnd, lineEndWithBreak, lineIndexAt, lineStart, lineTableOf, lineColumnAt } from '../../argv/text-lines.js';
import { isComponent, isThanosImage, isThanosProgram, startsWithGossipFlag } from '../../thanos/vocabulary.js';
import { gossipMentions } from '../embedded/common.js';
import { groupTokens, JsonnetSyntaxError, tokenizeJsonnet, type JGroup, type JItem, type JToken } from './tokenize.js';
import { readJsonnetLeftovers, type JsonnetLeftovers } from './leftovers.js';
import { append } from '../../lists.js';

export interface JsonnetThanosPeers {
  file: SourceFile;
  /** The bytes that remove the field: whole lines when it sits on its own lines, else the field and one comma. */
  span: Span;
  /** The `peers` key, for messages. */
  keySpan: Span;
  /** The value as written. */
  valueText: string;
}

export interface JsonnetReadResult {
  carriers: ArgvCarrier[];
  thanosPeers: JsonnetThanosPeers[];
  problems: EmbeddedProblem[];
  leftovers: JsonnetLeftovers;
}

type JString = JToken & { kind: 'string' };

interface Element {
  items: JItem[];
  span: Span;
  /** Offset of the comma after the element, or -1. */
  comma: number;
}

interface Field {
  name: string | null;
  key: Span;
  value: JItem[];
  element: Element;
}


export function readJsonnetCarriers(file: SourceFile): JsonnetReadResult {
  const result: JsonnetReadResult = { carriers: [], thanosPeers: [], problems: [], leftovers: readJsonnetLeftovers(file, []) };
  let items: JItem[];
  try {
    items = groupTokens(tokenizeJsonnet(file.text).tokens);
  } catch (error) {
    if (!(error instanceof JsonnetSyntaxError)) throw error;
    result.problems.push({ span: { start: error.offset, end: error.offset }, message: `jsonnet syntax error: ${error.message}`, isManual: false });
    return result;
  }
  // Strings whose gossip flag a carrier accounts for (the first string of a whole-flag element).
  const accounted = new Set<JString>();
  const why = new Map<JString, string>();
  const visit = (list: JItem[], field: Field | null, siblings: Field[]) => {
    for (const item of list) {
      if (item.kind !== 'group') continue;
      if (item.open.text === '[') readArray(file, item, field && field.value.length === 1 && field.value[0] === item ? field : null, siblings, result, accounted, why);
      if (item.open.text === '{') {
        const fields = splitElements(file.text, item).map((element) => asField(file.text, element)).filter((f): f is Field => f !== null);
        for (const f of fields) {
          if (f.name === 'thanos' && f.value.length === 1 && f.value[0]!.kind === 'group' && f.value[0]!.open.text === '{') readThanosObject(file, f.value[0]!, result);
        }
        // Fields are visited with their object's siblings, so an `args:` array sees its `image:`.
        for (const element of splitElements(file.text, item)) {
          const f = asField(file.text, element);
          visit(f ? f.value : element.items, f, fields);
        }
        continue;
      }
      visit(item.items, null, []);
    }
  };
  visit(items, null, []);
  result.leftovers = readJsonnetLeftovers(file, items);
  // Every other mention of a gossip flag in a string is for a human.
  for (const token of allStrings(items)) {
    if (accounted.has(token)) continue;
    for (const span of gossipMentions(file.text, token.span)) {
      const reason =
        token.style === '|||'
          ? 'inside a jsonnet text block (a script, not argv elements)'
          : (why.get(token) ?? 'in a jsonnet string that is not an element of a Thanos argv array');
      result.problems.push({ span, message: `manual: ${file.text.slice(span.start, span.end)} ${reason}`, isManual: true });
    }
  }
  result.problems.sort((a, b) => a.span.start - b.span.start);
  return result;
}

function allStrings(items: JItem[]): JString[] {
  const out: JString[] = [];
  for (const item of items) {
    if (item.kind === 'group') append(out, allStrings(item.items));
    else if (item.kind === 'string') out.push(item);
  }
  return out;
}

const isPunct = (item: JItem | undefined, text: string) => item !== undefined && item.kind === 'punct' && item.text === text;

/** Elements of an array or members of an object: split at the group's own commas. */
function splitElements(text: string, group: JGroup): Element[] {
  const elements: Element[] = [];
  let current: JItem[] = [];
  const flush = (comma: number) => {
    if (current.length > 0) elements.push({ items: current, span: { start: current[0]!.span.start, end: current[current.length - 1]!.span.end }, comma });
    current = [];
  };
  for (const item of group.items) {
    if (isPunct(item, ',')) flush(item.span.start);
    else current.push(item);
  }
  flush(-1);
  void text;
  return elements;
}

/** `name: value`, `name+:: value`, `'quoted-name': value`; null for locals, asserts, computed keys. */
function asField(text: string, element: Element): Field | null {
  const [key, ...rest] = element.items;
  if (!key || (key.kind !== 'ident' && key.kind !== 'string')) return null;
  if (key.kind === 'ident' && (key.text === 'local' || key.text === 'assert')) return null;
  let i = 0;
  if (isPunct(rest[i], '+')) i++;
  if (!isPunct(rest[i], ':')) return null;
  while (isPunct(rest[i], ':')) i++;
  void text;
  return { name: key.kind === 'ident' ? key.text : key.value, key: key.span, value: rest.slice(i), element };
}

function readThanosObject(file: SourceFile, group: JGroup, result: JsonnetReadResult): void {
  for (const element of splitElements(file.text, group)) {
    const field = asField(file.text, element);
    if (!field || field.name !== 'peers') continue;
    const valueStart = field.value[0]?.span.start ?? field.key.end;
    result.thanosPeers.push({
      file,
      span: removalSpan(file, splitElements(file.text, group), element),
      keySpan: field.key,
      valueText: file.text.slice(valueStart, element.span.end),
    });
  }
}

/** Operands of an element joined by top-level `+`: strings give their value, anything else `${expr}`. */
function elementValue(text: string, element: Element): { value: string; hasExpansion: boolean; lead: JString | null } {
  const operands: JItem[][] = [[]];
  for (const item of element.items) {
    if (isPunct(item, '+')) operands.push([]);
    else operands[operands.length - 1]!.push(item);
  }
  let value = '';
  let hasExpansion = false;
  for (const operand of operands) {
    const only = operand[0];
    if (operand.length === 1 && only !== undefined && only.kind === 'string') value += only.value;
    else if (operand.length > 0) {
      value += `\${${text.slice(operand[0]!.span.start, operand[operand.length - 1]!.span.end)}}`;
      hasExpansion = true;
    }
  }
  const first = element.items[0];
  const lead = first && first.kind === 'string' && (element.items.length === 1 || isPunct(element.items[1], '+')) ? first : null;
  return { value, hasExpansion: hasExpansion || element.items.length > 1 && operands.length === 1, lead };
}

/** Whether the element begins its line and ends it (after its comma, blanks or a comment). */
function sitsOnOwnLines(file: SourceFile, element: Element): boolean {
  const table = lineTableOf(file);
  const first = lineIndexAt(table, element.span.start);
  const last = lineIndexAt(table, element.span.end);
  const before = file.text.slice(lineStart(table, first), element.span.start);
  const after = file.text.slice(element.comma !== -1 ? element.comma + 1 : element.span.end, lineContentEnd(table, last));
  if (element.comma !== -1 && element.comma > lineContentEnd(table, last)) return false;
  return before.trim() === '' && /^\s*(?:(?:\/\/|#).*)?$/.test(after);
}

/** The bytes that delete one element (or object member) with one comma, keeping the rest valid. */
function removalSpan(file: SourceFile, elements: Element[], element: Element): Span {
  const table = lineTableOf(file);
  if (sitsOnOwnLines(file, element)) {
    return { start: lineStart(table, lineIndexAt(table, element.span.start)), end: lineEndWithBreak(table, lineIndexAt(table, element.span.end)) };
  }
  const index = elements.indexOf(element);
  const next = elements[index + 1];
  if (next) return { start: element.span.start, end: next.span.start };
  const previous = elements[index - 1];
  if (element.comma !== -1) return { start: element.span.start, end: element.comma + 1 };
  if (previous) return { start: previous.comma, end: element.span.end };
  return element.span;
}

const ARGV_FIELDS = new Set(['args', 'command']);

function readArray(
  file: SourceFile,
  group: JGroup,
  field: Field | null,
  siblings: Field[],
  result: JsonnetReadResult,
  accounted: Set<JString>,
  why: Map<JString, string>,
): void {
  const text = file.text;
  const elements = splitElements(text, group);
  if (elements.length === 0 || elements.some((element) => element.items.some((item) => item.kind === 'ident' && item.text === 'for'))) return;
  const values = elements.map((element) => elementValue(text, element));
  const first = values[0]!;
  const imageField = siblings.find((f) => f.name === 'image');
  const imageText = imageField ? text.slice(imageField.value[0]?.span.start ?? 0, imageField.element.span.end) : '';
  const imageLiteral = imageField && imageField.value.length === 1 && imageField.value[0]!.kind === 'string' ? imageField.value[0]!.value : undefined;
  const byField = field !== null && ARGV_FIELDS.has(field.name ?? '') && /thanos/i.test(imageText);
  const byFirst = first.lead !== null && !first.hasExpansion && (isComponent(first.value) || isThanosProgram(first.value));
  if (!byField && !byFirst) {
    for (const value of values) if (value.lead) why.set(value.lead, 'in a jsonnet array that is not a Thanos argv (no component, thanos binary or thanos image)');
    return;
  }
  const label = `jsonnet array at line ${lineColumnAt(file, group.span.start).line}`;
  // Every element must be removable on its own: one line, or lines of its own.
  const table = lineTableOf(file);
  const stuck = elements.find((element) => lineIndexAt(table, element.span.start) !== lineIndexAt(table, element.span.end) && !sitsOnOwnLines(file, element));
  if (stuck) {
    for (const value of values) if (value.lead) why.set(value.lead, `in the ${label}: an element spans lines it shares with others (line ${lineColumnAt(file, stuck.span.start).line}), so it cannot be removed whole`);
    return;
  }
  const words: Word[] = elements.map((element, i) => ({ file, span: element.span, value: values[i]!.value, hasExpansion: values[i]!.hasExpansion }));
  values.forEach((value, i) => {
    if (!value.lead || !startsWithGossipFlag(value.value)) return;
    if (value.lead.style === '|||' || value.lead.hasEscapes) {
      why.set(value.lead, `in the ${label}: an escaped or text-block string`);
      return;
    }
    accounted.add(value.lead);
    void i;
  });
  const container = siblings.find((f) => f.name === 'name');
  const containerName = container && container.value.length === 1 && container.value[0]!.kind === 'string' ? container.value[0]!.value : undefined;
  const isProgram = first.lead !== null && isThanosProgram(first.value);
  result.carriers.push({
    kind: 'jsonnet-array',
    file,
    context: { kind: 'command', label, ...(containerName !== undefined ? { container: containerName } : {}), ...(imageField ? { imageExpression: imageText.replace(/,$/, '') } : {}) },
    words,
    image: imageLiteral !== undefined && isThanosImage(imageLiteral) ? imageLiteral : 'thanos',
    ...(isProgram ? {} : { argsOnly: true }),
    editor: arrayEditor(file, elements, words),
  });
}

function arrayEditor(file: SourceFile, elements: Element[], words: Word[]): ArgvEditor {
  const text = file.text;
  return {
    removeWords(removed: Word[]): Edit[] {
      const gone = new Set(removed);
      const spans: Span[] = [];
      const kept = elements.filter((_, i) => !gone.has(words[i]!));
      elements.forEach((element, i) => {
        if (!gone.has(words[i]!)) return;
        if (kept.length === 0 && !sitsOnOwnLines(file, element)) spans.push({ start: element.span.start, end: element.comma !== -1 ? element.comma + 1 : element.span.end });
        else spans.push(removalSpan(file, elements, element));
      });
      return mergeSpans(spans).map((span) => ({ file, span, text: '' }));
    },
    insertAfter(anchor: Word, args: NewArg[]): Edit[] {
      const index = words.indexOf(anchor);
      const element = elements[index]!;
      const style = quoteStyleOf(text, element);
      const literals = args.map((arg) => jsonnetString('raw' in arg ? arg.raw : arg.value, style));
      if (sitsOnOwnLines(file, element)) {
        const table = lineTableOf(file);
        const indent = indentationOf(table, lineIndexAt(table, element.span.start));
        const br = lineBreakOf(text);
        if (element.comma !== -1) return [{ file, span: { start: element.comma + 1, end: element.comma + 1 }, text: literals.map((l) => `${br}${indent}${l},`).join('') }];
        return [{ file, span: { start: element.span.end, end: element.span.end }, text: literals.map((l) => `,${br}${indent}${l}`).join('') }];
      }
      return [{ file, span: { start: element.span.end, end: element.span.end }, text: literals.map((l) => `, ${l}`).join('') }];
    },
  };
}

function quoteStyleOf(text: string, element: Element): "'" | '"' {
  return text[element.span.start] === '"' ? '"' : "'";
}

function jsonnetString(value: string, quote: "'" | '"'): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(quote === "'" ? /'/g : /"/g, `\\${quote}`).replace(/\n/g, '\\n');
  return `${quote}${escaped}${quote}`;
}

