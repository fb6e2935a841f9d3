// The one positioned YAML tree, built from js-yaml v5 `parseEvents`: the
// carriers edit through it, the SD validator and the config reader read data
// through it (src/text/yaml-data.ts). Events give scalar value offsets and
// collection start offsets; this module works out full node spans (quotes,
// tags, anchors, flow brackets). Offsets follow the contract in model.ts.
// Why js-yaml events and not the `yaml` package's CST: README, Dependencies.

import { parseEvents, getScalarValue, EVENT_ID, SCALAR_STYLE } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import type { Span } from '../model.js';
import { flattenFlows } from './yaml-lenient.js';
import { cachedByText } from './cached-by-text.js';

interface NodeBase extends Span {
  /** Offset of the node's own content (after tag/anchor). */
  contentStart: number;
  /** The anchor it defines (`&name`), if any. */
  anchor?: string;
  /** How many aliases (`*name`) of its document point at it. */
  aliasCount?: number;
  /**
   * The key of the mapping entry whose value it is (`args` for `args: [...]`),
   * on anchored nodes: the only ones an alias can name, and the only ones asked.
   * (On every node it cost a property store per value, 8% of a tree.)
   */
  heldBy?: string;
}
export interface YScalar extends NodeBase {
  kind: 'scalar';
  /** 1 plain, 2 single, 3 double, 4 literal, 5 folded. */
  style: number;
  valueStart: number;
  valueEnd: number;
  value: string;
  /** Empty node (`key:` with nothing after it). */
  isNull: boolean;
  /** The tag as written (`!!str`), when it has one. */
  tag?: string;
}
export interface YSeq extends NodeBase {
  kind: 'seq';
  flow: boolean;
  items: YNode[];
}
export interface YPair extends Span {
  key: YNode;
  value: YNode;
}
export interface YMap extends NodeBase {
  kind: 'map';
  flow: boolean;
  pairs: YPair[];
}
export interface YAlias extends NodeBase {
  kind: 'alias';
  name: string;
  /**
   * The node its anchor names: the latest `&name` before it in the same
   * document; undefined when there is none. A pointer, never a copy, so an
   * alias bomb costs nothing.
   */
  target?: YNode;
}
export type YNode = YScalar | YSeq | YMap | YAlias;

export interface YDoc {
  root: YNode | null;
  /** From the start of its `---` line (or file start) to the next marker line (or EOF). */
  span: Span;
  /** Offset of this document's `---` line, when it has one. */
  markerStart: number | null;
}

export interface YTree {
  docs: YDoc[];
  /** The parser's reason, where it stopped, and that place's 1-based line and column as js-yaml counts them. */
  error?: YamlError;
}

export interface YamlError {
  pos: number;
  message: string;
  line?: number;
  column?: number;
}

/** js-yaml's exception as a YamlError (its `mark` holds 0-based line and column). */
export function yamlErrorOf(e: unknown): YamlError {
  const err = e as { reason?: string; message?: string; mark?: { line?: number; column?: number; position?: number } };
  const error: YamlError = { pos: err.mark?.position ?? 0, message: err.reason ?? String(err.message ?? e) };
  if (typeof err.mark?.line === 'number' && typeof err.mark.column === 'number') {
    error.line = err.mark.line + 1;
    error.column = err.mark.column + 1;
  }
  return error;
}

/** Offsets of `---` document-start marker lines (column 0). */
export function documentMarkerLines(text: string): number[] {
  const out: number[] = [];
  const re = /^(?:\ufeff)?---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index);
  return out;
}

/**
 * V8 makes a slice of a string this long or longer a view of it, and copies
 * a shorter one: the keys and short values every document repeats (`kind`,
 * `name`, `spec`) are kept once per tree instead. On one file of 30,000
 * workloads (1.9 million scalars, 1.7 million of them short) the tree went
 * from 396 to 351 MB and its build from 2.3 to 1.9 s.
 */
const SHARED_SLICE_LENGTH = 13;

function minPos(...xs: number[]): number {
  return xs.reduce((least, x) => (x >= 0 ? Math.min(least, x) : least), Infinity);
}

/** Find the closing bracket of a flow collection, scanning from `from`. */
function flowClose(text: string, from: number, close: string): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === close) return i + 1;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    i++;
  }
  return text.length;
}

/** Just past the next block-sequence dash at or after `from`, over blanks and comments; `from` when none comes first. */
function afterNextDash(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-') return i + 1;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
    } else {
      return from;
    }
  }
  return from;
}

/** Start of a block scalar's `|`/`>` header, searched backwards from its content. */
function blockHeaderStart(text: string, valueStart: number): number {
  let i = valueStart - 1;
  while (i >= 0 && text[i] !== '|' && text[i] !== '>') i--;
  return i < 0 ? valueStart : i;
}

/**
 * Parse `parseText` into documents. Scalar values are decoded from
 * `valueText` (same offsets; used for Helm templates whose actions were masked
 * out for parsing): where the two differ, the raw source text is the value.
 */
export function buildTree(parseText: string, valueText: string = parseText): YTree {
  let events: Event[];
  try {
    events = parseEvents(parseText, {});
  } catch (e) {
    return { docs: [], error: yamlErrorOf(e) };
  }
  const roots: Array<YNode | null> = [];
  // Compared once here: equal texts that are two strings would cost a full compare per scalar.
  const isOneText = parseText === valueText;
  let i = 0;
  let cursor = 0;
  let anchors = new Map<string, YNode>();
  const shortValues = new Map<string, string>();
  const anchored = <T extends YNode>(n: T, ev: { anchorStart: number; anchorEnd: number }): T => {
    if (ev.anchorStart < 0) return n;
    n.anchor = parseText.slice(ev.anchorStart, ev.anchorEnd);
    anchors.set(n.anchor, n);
    return n;
  };

  function scalar(ev: ScalarEvent): YScalar {
    let start: number;
    let end: number;
    const isNull = ev.valueStart < 0;
    if (isNull) {
      start = end = cursor;
    } else if (ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED) {
      start = ev.valueStart - 1;
      end = ev.valueEnd + 1;
    } else if (ev.style === SCALAR_STYLE.LITERAL_BLOCK || ev.style === SCALAR_STYLE.FOLDED_BLOCK) {
      start = blockHeaderStart(parseText, ev.valueStart);
      end = ev.valueEnd;
      while (end > start && /[\r\n]/.test(parseText[end - 1]!)) end--;
    } else {
      start = ev.valueStart;
      end = ev.valueEnd;
    }
    const contentStart = start;
    if (!isNull) start = minPos(start, ev.anchorStart, ev.tagStart);
    let value = '';
    if (!isNull) {
      // Two texts only for a Helm template (actions masked for parsing); a plain file skips the compare and its two copies.
      if (isOneText) value = getScalarValue(valueText, ev);
      else {
        const a = parseText.slice(ev.valueStart, ev.valueEnd);
        const b = valueText.slice(ev.valueStart, ev.valueEnd);
        value = a === b ? getScalarValue(valueText, ev) : b;
      }
      if (value.length < SHARED_SLICE_LENGTH) {
        const known = shortValues.get(value);
        if (known === undefined) shortValues.set(value, value);
        else value = known;
      }
    }
    cursor = end;
    const node: YScalar = {
      kind: 'scalar', start, end, contentStart, style: ev.style,
      valueStart: isNull ? end : ev.valueStart, valueEnd: isNull ? end : ev.valueEnd, value, isNull,
    };
    if (ev.tagStart >= 0) node.tag = parseText.slice(ev.tagStart, ev.tagEnd);
    return node;
  }

  // Collections are kept as exact copies of the arrays they were pushed into: a pushed array has room
  // for about 16 more (a pod spec's two-entry map carried 150 bytes of it, 15% of the tree).
  function node(): YNode {
    const ev = events[i++]!;
    switch (ev.type) {
      case EVENT_ID.SCALAR:
        return anchored(scalar(ev), ev);
      case EVENT_ID.ALIAS: {
        cursor = ev.anchorEnd;
        const name = parseText.slice(ev.anchorStart, ev.anchorEnd);
        const target = anchors.get(name);
        if (target) target.aliasCount = (target.aliasCount ?? 0) + 1;
        return { kind: 'alias', start: ev.anchorStart - 1, end: ev.anchorEnd, contentStart: ev.anchorStart - 1, name, ...(target ? { target } : {}) };
      }
      case EVENT_ID.SEQUENCE: {
        const flow = ev.style === 2;
        const start = minPos(ev.start, ev.anchorStart, ev.tagStart);
        cursor = ev.start + 1;
        const items: YNode[] = [];
        while (events[i] && events[i]!.type !== EVENT_ID.POP) {
          // an empty item sits just after its own dash, not at the end of the item before it
          if (!flow && items.length > 0) cursor = afterNextDash(parseText, cursor);
          items.push(node());
        }
        i++;
        const last = items[items.length - 1];
        const end = flow ? flowClose(parseText, last ? last.end : ev.start + 1, ']') : last ? last.end : ev.start + 1;
        cursor = end;
        return anchored({ kind: 'seq', flow, start, end, contentStart: ev.start, items: items.slice() }, ev);
      }
      case EVENT_ID.MAPPING: {
        const flow = ev.style === 2;
        const start = minPos(ev.start, ev.anchorStart, ev.tagStart);
        cursor = ev.start + (flow ? 1 : 0);
        const pairs: YPair[] = [];
        while (events[i] && events[i]!.type !== EVENT_ID.POP) {
          const key = node();
          // an empty value sits just after the key's colon
          const colon = parseText.indexOf(':', key.end);
          if (colon >= 0) cursor = colon + 1;
          const value = node();
          if (key.kind === 'scalar' && value.anchor !== undefined) value.heldBy = key.value;
          pairs.push({ start: key.start, end: Math.max(key.end, value.end), key, value });
        }
        i++;
        const last = pairs[pairs.length - 1];
        const end = flow ? flowClose(parseText, last ? last.end : ev.start + 1, '}') : last ? last.end : ev.start;
        cursor = end;
        return anchored({ kind: 'map', flow, start, end, contentStart: ev.start, pairs: pairs.slice() }, ev);
      }
      default:
        throw new Error(`unexpected YAML event ${ev.type}`);
    }
  }

  while (i < events.length) {
    const ev = events[i++]!;
    if (ev.type !== EVENT_ID.DOCUMENT) continue;
    anchors = new Map();
    const root = events[i] && events[i]!.type !== EVENT_ID.POP ? node() : null;
    while (events[i] && events[i]!.type !== EVENT_ID.POP) node();
    i++; // document POP
    roots.push(root);
  }
  return { docs: attachDocumentSpans(parseText, roots) };
}

/**
 * `buildTree`, retried with multi-line flow collections flattened when the
 * text does not parse as it is: kubectl reads `args: [` … `]` at the key's
 * column, js-yaml does not.
 */
export function buildLenientTree(parseText: string, valueText: string = parseText): YTree {
  const tree = buildTree(parseText, valueText);
  if (!tree.error) return tree;
  const retry = buildTree(flattenFlows(parseText), valueText);
  return retry.error ? tree : retry;
}

/**
 * The lenient tree of `holder.text`, built once per holder (a SourceFile) and
 * text, so every reader of a file shares one parse. Pure: the tree depends on
 * the text alone; callers must not change it.
 */
export const yamlTreeOf: (holder: { text: string }) => YTree = cachedByText((text) => buildLenientTree(text));

function attachDocumentSpans(text: string, roots: Array<YNode | null>): YDoc[] {
  const markers = documentMarkerLines(text);
  // segment k covers [bounds[k], bounds[k+1]); segments after the first start with a `---` line
  const bounds = [0, ...markers, text.length];
  const segCount = bounds.length - 1;
  const docs: YDoc[] = [];
  let minSeg = 0;
  for (const root of roots) {
    let seg = minSeg;
    const empty = !root || (root.kind === 'scalar' && root.isNull);
    if (!empty) {
      while (seg + 1 < segCount && bounds[seg + 1]! <= root.start) seg++;
    } else if (seg === 0 && markers[0] !== undefined && text.slice(0, markers[0]).trim() === '') {
      seg = 1;
    }
    seg = Math.min(seg, segCount - 1);
    const start = bounds[seg]!;
    const end = bounds[seg + 1] ?? text.length;
    docs.push({ root, span: { start, end }, markerStart: seg > 0 ? start : null });
    minSeg = seg + 1;
  }
  return docs;
}
