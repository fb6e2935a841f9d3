// Structural insertions into Kubernetes YAML: mount a ConfigMap into a
// container carrier's pod, append a document (or `kind: List` item).
//
// Every insertion is spelled in the file's own style (sequence indentation,
// mapping step, line ending, final newline or not) and placed where it cannot
// share an insertion point with the edits other helpers make on the same
// file: the end of a container argv (where the carrier's insertAfter goes)
// and the end of the file or `kind: List` (where appendDocument goes).
// Insertions at one point would otherwise depend on the applier's order for
// ties; removals (whole lines before or after the point) compose fine.

import { load } from 'js-yaml';
import type { ArgvCarrier, Edit, SourceFile, Span } from '../../model.js';
import { documentMarkerLines, type YMap, type YNode, type YPair, type YSeq, type YTree } from '../../text/yaml-tree.js';
import { treeOf, isTemplated } from './parsed.js';
import { asMap, asSeq, get, getPair, str } from './ynode.js';
import { containerSiteOf, type ContainerSite } from './sites.js';
import { blockItemDash } from './collection-edit.js';
import {
  eolOf, indentAt, lineContentEnd, lineStartOf, nextLineStart, onlyBlankBefore, onlyCommentAfter,
} from './text.js';
import { formatScalar } from './quote.js';
import { append } from '../../lists.js';

export interface ConfigMapMount {
  volumeName: string;
  configMapName: string;
  mountPath: string;
}

export interface Piece {
  span: Span;
  text: string;
  /** Order among zero-width pieces at one point: lower first. */
  rank: number;
}

export interface SeqStyle {
  /** Dash column minus the parent key's column (0 or 2, usually). */
  off: number;
  /** Whitespace after the dash. */
  gap: string;
}

const ARGV_KEYS = new Set(['command', 'args', 'entrypoint']);

const column = (text: string, pos: number): number => pos - lineStartOf(text, pos);
const pad = (n: number): string => ' '.repeat(Math.max(0, n));

export function looksJson(text: string): boolean {
  return /^\ufeff?\s*[{[]/.test(text);
}

function walk(n: YNode | null, visit: (n: YNode) => void): void {
  if (!n) return;
  visit(n);
  if (n.kind === 'seq') n.items.forEach((c) => walk(c, visit));
  else if (n.kind === 'map') n.pairs.forEach((p) => walk(p.value, visit));
}

function isListRoot(root: YMap | undefined): YPair | undefined {
  if (!root) return undefined;
  const kind = str(get(root, 'kind'));
  const items = getPair(root, 'items');
  if (!items || kind === undefined) return undefined;
  return kind === 'List' || kind.endsWith('List') ? items : undefined;
}

/** Where a block sequence's next item goes: after its last item's line. */
function afterLastItem(text: string, seq: YSeq): number {
  return nextLineStart(text, seq.items[seq.items.length - 1]!.end);
}

/**
 * Points other edits of this file insert at: the end of each block argv
 * sequence (the carrier's insertAfter on its last word) and the end of each
 * `kind: List` items block (appendDocument).
 */
export function argvEnds(text: string, tree: YTree): ReadonlySet<number> {
  const known = argvEndsByTree.get(tree);
  if (known && known.text === text) return known.points;
  const out = new Set<number>();
  for (const d of tree.docs) {
    walk(d.root, (n) => {
      if (n.kind !== 'map') return;
      for (const p of n.pairs) {
        const seq = asSeq(p.value);
        if (seq && !seq.flow && seq.items.length > 0 && p.key.kind === 'scalar' && ARGV_KEYS.has(p.key.value)) {
          out.add(afterLastItem(text, seq));
        }
      }
    });
  }
  argvEndsByTree.set(tree, { text, points: out });
  return out;
}

// Every mount and appended document in a file asks for the same points: a
// file of thousands of workloads would otherwise walk its tree once per ask.
const argvEndsByTree = new WeakMap<YTree, { text: string; points: ReadonlySet<number> }>();
const takenByTree = new WeakMap<YTree, { text: string; points: ReadonlySet<number> }>();

/** The points a ConfigMap mount must not insert at (see argvEnds, listEnds, lastDocumentCut), once per tree. */
function pointsTakenForMounts(text: string, tree: YTree): ReadonlySet<number> {
  const known = takenByTree.get(tree);
  if (known && known.text === text) return known.points;
  const points = new Set([...argvEnds(text, tree), ...listEnds(text, tree), ...lastDocumentCut(text, tree), text.length]);
  takenByTree.set(tree, { text, points });
  return points;
}

function listEnds(text: string, tree: YTree): Set<number> {
  const out = new Set<number>();
  for (const d of tree.docs) {
    const seq = asSeq(isListRoot(asMap(d.root))?.value);
    if (seq && !seq.flow && seq.items.length > 0) out.add(afterLastItem(text, seq));
  }
  return out;
}

/**
 * Line starts strictly inside the span removeDocument would cut for the last
 * document (its marker line, the blank lines before it, and the line break
 * before those when the file has no final newline): the peers Service is
 * often the last document, and an insertion there would overlap its removal.
 */
function lastDocumentCut(text: string, tree: YTree): number[] {
  const last = tree.docs[tree.docs.length - 1];
  if (!last || last.markerStart === null || tree.docs.length < 2) return [];
  let s = last.markerStart;
  for (;;) {
    const prev = lineStartOf(text, s - 1);
    if (s === 0 || prev >= s || !/^[ \t\r]*\n$/.test(text.slice(prev, s))) break;
    s = prev;
  }
  const out: number[] = [];
  const inclusive = !text.endsWith('\n');
  for (let p = s; p <= last.markerStart; p = nextLineStart(text, p)) {
    if (p > s || inclusive) out.push(p);
    if (p >= text.length) break;
  }
  return out;
}

/** Style of a non-empty block sequence held by `pair` (dash alone at line start). */
function seqStyleOf(text: string, pair: YPair | undefined): SeqStyle | undefined {
  const seq = asSeq(pair?.value);
  if (!pair || !seq || seq.flow || seq.items.length === 0) return undefined;
  const dash = blockItemDash(text, seq.items[0]!);
  if (text[dash] !== '-' || !onlyBlankBefore(text, dash)) return undefined;
  const gap = /^[ \t]*/.exec(text.slice(dash + 1))![0];
  return { off: column(text, dash) - column(text, pair.key.start), gap: gap.includes('\t') || gap === '' ? ' ' : gap };
}

/** The first block sequence style found in `maps` (in order), then anywhere in the file. */
export function seqStyle(text: string, tree: YTree, maps: Array<YMap | undefined>): SeqStyle {
  for (const m of maps) {
    for (const p of m?.pairs ?? []) {
      const s = seqStyleOf(text, p);
      if (s) return s;
    }
  }
  let found: SeqStyle | undefined;
  for (const d of tree.docs) {
    walk(d.root, (n) => {
      if (found || n.kind !== 'map' || n.flow) return;
      for (const p of n.pairs) {
        found ??= seqStyleOf(text, p);
      }
    });
  }
  return found ?? { off: 0, gap: ' ' };
}

/** Text inserted at `pos` (a line start, or the end of a file without final newline). */
function linesAt(text: string, pos: number, lines: string[], eol: string): string {
  if (pos === text.length && text.length > 0 && !text.endsWith('\n')) return lines.map((l) => eol + l).join('');
  return lines.map((l) => l + eol).join('');
}

/** Offset of the comma following a flow element on the same line, or -1. */
function commaOnLine(text: string, pos: number): number {
  const m = /^[ \t]*,/.exec(text.slice(pos, lineContentEnd(text, pos)));
  return m ? pos + m[0].length - 1 : -1;
}

/** Pieces adding `added` after the last element of a non-empty flow collection, in its layout. */
function flowAppend(text: string, els: Span[], added: string, eol: string, rank: number): Piece[] {
  const last = els[els.length - 1]!;
  const comma = commaOnLine(text, last.end);
  const after = comma >= 0 ? comma + 1 : last.end;
  const owned = onlyBlankBefore(text, last.start) && onlyCommentAfter(text, after);
  if (!owned) return [{ span: { start: last.end, end: last.end }, text: ', ' + added, rank }];
  const indent = indentAt(text, lineStartOf(text, last.start));
  const at = nextLineStart(text, after);
  if (comma >= 0) return [{ span: { start: at, end: at }, text: indent + added + ',' + eol, rank }];
  return [
    { span: { start: last.end, end: last.end }, text: ',', rank },
    { span: { start: at, end: at }, text: indent + added + eol, rank },
  ];
}

function firstFree(cands: number[], forbidden: ReadonlySet<number>): number | undefined {
  return cands.find((c) => !forbidden.has(c));
}

export interface ItemSpec {
  /** Block lines of the item, dash at column `dashCol`. */
  block(dashCol: number, gap: string): string[];
  /** Flow spelling of the item. */
  flow(json: boolean): string;
}

export interface AddCtx {
  text: string;
  eol: string;
  tree: YTree;
  forbidden: ReadonlySet<number>;
  json: boolean;
}

/**
 * Pieces adding an item to the sequence under `key` of `map`: append to a
 * block or flow sequence, rewrite an empty `[]` / empty value as a block, or
 * create the key (after one of `keyAfter`'s pairs, the first safe one; or
 * before the first key when `beforeFirst`).
 */
export function addSeqItem(
  ctx: AddCtx, map: YMap, key: string, item: ItemSpec, newStyle: SeqStyle, rank: number,
  keyAfter: number[], beforeFirst: boolean, where: string,
): Piece[] | string {
  const { text, eol } = ctx;
  const pair = getPair(map, key);
  const q = (s: string): string => (ctx.json ? JSON.stringify(s) : formatScalar(s, 'plain', true));
  if (!pair) {
    if (map.pairs.length === 0) return `${where}: empty mapping`;
    if (map.flow) {
      return flowAppend(text, map.pairs, `${q(key)}: [${item.flow(ctx.json)}]`, eol, rank);
    }
    const keyCol = column(text, map.pairs[0]!.key.start);
    const cands = keyAfter.map((k) => nextLineStart(text, map.pairs[k]!.end));
    const first = map.pairs[0]!.key;
    if (beforeFirst && onlyBlankBefore(text, first.start)) cands.push(lineStartOf(text, first.start));
    const pos = firstFree(cands, ctx.forbidden);
    if (pos === undefined) return `${where}: no place for a new \`${key}:\` that does not collide with argv edits`;
    const lines = [pad(keyCol) + key + ':', ...item.block(keyCol + newStyle.off, newStyle.gap)];
    return [{ span: { start: pos, end: pos }, text: linesAt(text, pos, lines, eol), rank }];
  }
  const v = pair.value;
  const keyCol = column(text, pair.key.start);
  const colon = text.indexOf(':', pair.key.end);
  if (v.kind === 'scalar' && v.isNull) {
    if (map.flow) return `${where}: \`${key}\` has no value in a flow mapping`;
    const at = lineContentEnd(text, colon);
    return [{ span: { start: at, end: at }, text: item.block(keyCol + newStyle.off, newStyle.gap).map((l) => eol + l).join(''), rank }];
  }
  const seq = asSeq(v);
  if (!seq) return `${where}: \`${key}\` is not a sequence`;
  if (seq.flow && seq.items.length === 0) {
    if (map.flow) {
      const at = seq.contentStart + 1;
      return [{ span: { start: at, end: at }, text: item.flow(ctx.json), rank }];
    }
    const lce = lineContentEnd(text, seq.end);
    const lines = item.block(keyCol + newStyle.off, newStyle.gap);
    return [{ span: { start: colon + 1, end: lce }, text: text.slice(seq.end, lce) + lines.map((l) => eol + l).join(''), rank }];
  }
  if (seq.flow) return flowAppend(text, seq.items, item.flow(ctx.json), eol, rank);
  const dashes = seq.items.map((it) => blockItemDash(text, it));
  if (dashes.some((d) => text[d] !== '-' || !onlyBlankBefore(text, d))) return `${where}: \`${key}\` items are not laid out one per line`;
  const lastDash = dashes[dashes.length - 1]!;
  const gapRaw = /^[ \t]*/.exec(text.slice(lastDash + 1))![0];
  const gap = gapRaw === '' || gapRaw.includes('\t') ? ' ' : gapRaw;
  const cands = [afterLastItem(text, seq), ...[...dashes].reverse().map((d) => lineStartOf(text, d))];
  const pos = firstFree(cands, ctx.forbidden);
  if (pos === undefined) return `${where}: no place in \`${key}\` that does not collide with argv edits`;
  return [{ span: { start: pos, end: pos }, text: linesAt(text, pos, item.block(column(text, lastDash), gap), eol), rank }];
}

/** Zero-width pieces at one point become one edit, in rank order. */
export function mergePieces(file: SourceFile, pieces: Piece[]): Edit[] {
  const out: Edit[] = [];
  const points = new Map<number, Piece[]>();
  for (const p of pieces) {
    if (p.span.start !== p.span.end) out.push({ file, span: p.span, text: p.text });
    else points.set(p.span.start, [...(points.get(p.span.start) ?? []), p]);
  }
  for (const [at, ps] of points) {
    const text = ps.sort((a, b) => a.rank - b.rank).map((p) => p.text).join('');
    // two "eol + lines" pieces at the end of a file just concatenate; mixed forms cannot meet here
    out.push({ file, span: { start: at, end: at }, text });
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** Mapping indentation step of the pod spec (its keys' column minus its parent key's column). */
function mappingStep(text: string, site: ContainerSite): number {
  const path = site.podPath;
  const owner = path.length > 1 ? asMap(get(site.root, ...path.slice(0, -1))) : site.root;
  const pair = getPair(owner, path[path.length - 1]!);
  const first = site.podSpec.pairs[0];
  if (!pair || !first) return 2;
  const step = column(text, first.key.start) - column(text, pair.key.start);
  return step > 0 ? step : 2;
}

/**
 * Edits that mount ConfigMap `configMapName` at `mountPath` in the container
 * of `carrier` (a Kubernetes workload or Prometheus resource container): a
 * `volumes:` item in the pod spec and a read-only `volumeMounts:` item in the
 * container, created or appended in the file's style. Returns [] when both
 * exist already; { problem } for other carriers or unexpected structure.
 */
export function mountConfigMap(carrier: ArgvCarrier, mount: ConfigMapMount): Edit[] | { problem: string } {
  const where = carrier.context.label;
  const site = containerSiteOf(carrier);
  const file = carrier.file;
  const text = file.text;
  if (!site) {
    return { problem: `${where}: not a Kubernetes container spec this tool can edit; mount ConfigMap ${mount.configMapName} at ${mount.mountPath} by hand` };
  }
  if (site.text !== text) return { problem: `${where}: ${file.path} changed since it was read` };
  if (isTemplated(file)) return { problem: `${where}: ${file.path} is a template; mount ConfigMap ${mount.configMapName} by hand` };
  const tree = treeOf(file, false);
  if (tree.error) return { problem: `${where}: cannot parse ${file.path}` };
  const { podSpec, container } = site;

  // what is there already
  let needVolume = true;
  const volPair = getPair(podSpec, 'volumes');
  for (const it of asSeq(volPair?.value)?.items ?? []) {
    const m = asMap(it);
    if (str(get(m, 'name')) !== mount.volumeName) continue;
    const cm = str(get(m, 'configMap', 'name'));
    if (cm !== mount.configMapName) {
      return { problem: `${where}: volume ${mount.volumeName} exists and is not ConfigMap ${mount.configMapName}` };
    }
    needVolume = false;
  }
  let needMount = true;
  const vmPair = getPair(container, 'volumeMounts');
  for (const it of asSeq(vmPair?.value)?.items ?? []) {
    const m = asMap(it);
    const name = str(get(m, 'name'));
    const path = str(get(m, 'mountPath'));
    if (name === mount.volumeName) {
      if (path !== mount.mountPath) {
        return { problem: `${where}: volume ${mount.volumeName} is already mounted at ${path ?? '?'}, not ${mount.mountPath}` };
      }
      needMount = false;
    } else if (path === mount.mountPath) {
      return { problem: `${where}: ${mount.mountPath} already has volume ${name ?? '?'} mounted` };
    }
  }
  if (!needVolume && !needMount) return [];

  const json = looksJson(text);
  const ctx: AddCtx = {
    text, eol: eolOf(text), tree, json,
    forbidden: pointsTakenForMounts(text, tree),
  };
  const step = mappingStep(text, site);
  const plain = (s: string): string => formatScalar(s, 'plain', false);
  const fq = (s: string): string => (json ? JSON.stringify(s) : formatScalar(s, 'plain', true));
  const fk = (s: string): string => (json ? JSON.stringify(s) : s);
  const containersPair = getPair(podSpec, 'containers');
  const containersStyle = seqStyleOf(text, containersPair) ?? seqStyleOf(text, getPair(podSpec, 'initContainers'));
  const pieces: Piece[] = [];

  if (needMount) {
    const item: ItemSpec = {
      block: (dash, gap) => {
        const inner = pad(dash + 1 + gap.length);
        return [`${pad(dash)}-${gap}name: ${plain(mount.volumeName)}`, `${inner}mountPath: ${plain(mount.mountPath)}`, `${inner}readOnly: true`];
      },
      flow: () => `{${fk('name')}: ${fq(mount.volumeName)}, ${fk('mountPath')}: ${fq(mount.mountPath)}, ${fk('readOnly')}: true}`,
    };
    const style = seqStyle(text, tree, [container]);
    const after = container.pairs.map((_, k) => k).reverse();
    const r = addSeqItem(ctx, container, 'volumeMounts', item, style, 0, after, false, where);
    if (typeof r === 'string') return { problem: r };
    append(pieces, r);
  }
  if (needVolume) {
    const item: ItemSpec = {
      block: (dash, gap) => {
        const inner = pad(dash + 1 + gap.length);
        return [`${pad(dash)}-${gap}name: ${plain(mount.volumeName)}`, `${inner}configMap:`, `${inner}${pad(step)}name: ${plain(mount.configMapName)}`];
      },
      flow: () => `{${fk('name')}: ${fq(mount.volumeName)}, ${fk('configMap')}: {${fk('name')}: ${fq(mount.configMapName)}}}`,
    };
    const style = containersStyle ?? seqStyle(text, tree, [podSpec]);
    const ci = containersPair ? podSpec.pairs.indexOf(containersPair) : -1;
    const rest = podSpec.pairs.map((_, k) => k).reverse().filter((k) => k !== ci);
    const after = ci >= 0 ? [ci, ...rest] : rest;
    const r = addSeqItem(ctx, podSpec, 'volumes', item, style, 1, after, true, where);
    if (typeof r === 'string') return { problem: r };
    append(pieces, r);
  }
  return mergePieces(file, pieces);
}

/**
 * `documentText` (LF or CRLF; several documents may be separated by `---`
 * lines) as documents, each a list of lines without line breaks.
 */
function documentsOf(documentText: string): string[][] {
  const body = documentText.replace(/\r\n/g, '\n').replace(/^\ufeff/, '');
  return body
    .split(/^---[ \t]*(?:\n|$)/m)
    .map((d) => d.replace(/^\n+/, '').replace(/\n+$/, ''))
    .filter((d) => d.trim() !== '')
    .map((d) => d.split('\n'));
}

/**
 * Edits appending YAML document text (without `---`; several documents may be
 * given separated by `---` lines) to the end of `file` as new documents
 * (`---` separator, the file's line ending, no final newline kept as such);
 * when the file is a `kind: List`, as new items under `items:` instead,
 * re-indented. Where the end of the file (or of the List) is also the end of
 * a container argv, the documents go first in the file (or first in the
 * List) instead, so the two insertions never share a point. One call gives
 * one edit: append everything a file needs in one call.
 */
export function appendDocument(file: SourceFile, documentText: string): Edit[] {
  const text = file.text;
  const eol = eolOf(text);
  const docs = documentsOf(documentText);
  if (docs.length === 0) return [];
  const edit = (at: number, t: string, end = at): Edit[] => [{ file, span: { start: at, end }, text: t }];
  const tree = treeOf(file);
  const forbidden: ReadonlySet<number> = tree.error ? new Set<number>() : argvEnds(text, tree);
  const bom = text.startsWith('\ufeff') ? 1 : 0;

  const body = docs.map((d) => d.join(eol)).join(`${eol}---${eol}`);
  if (text.slice(bom).trim() === '') return edit(text.length, body + eol);

  const lastDoc = [...tree.docs].reverse().find((d) => d.root && !(d.root.kind === 'scalar' && d.root.isNull));
  const itemsPair = isListRoot(asMap(lastDoc?.root));
  if (itemsPair && (itemsPair.value.kind === 'seq' || (itemsPair.value.kind === 'scalar' && itemsPair.value.isNull))) {
    const root = asMap(lastDoc!.root)!;
    const style = seqStyle(text, tree, [root]);
    const keyCol = column(text, itemsPair.key.start);
    const block = (dash: number, gap: string): string[] => {
      const inner = pad(dash + 1 + gap.length);
      return docs.flatMap((lines) => lines.map((l, k) => (k === 0 ? pad(dash) + '-' + gap + l : l === '' ? '' : inner + l)));
    };
    const seq = asSeq(itemsPair.value);
    const colon = text.indexOf(':', itemsPair.key.end);
    if (!seq) {
      const at = lineContentEnd(text, colon);
      return edit(at, block(keyCol + style.off, style.gap).map((l) => eol + l).join(''));
    }
    if (seq.flow) {
      const json = docs.map((lines) => JSON.stringify(load(lines.join('\n')))).join(', ');
      if (seq.items.length > 0) {
        return flowAppend(text, seq.items, json, eol, 0).map((p) => ({ file, span: p.span, text: p.text }));
      }
      if (root.flow) return edit(seq.contentStart + 1, json);
      const lce = lineContentEnd(text, seq.end);
      return edit(colon + 1, text.slice(seq.end, lce) + block(keyCol + style.off, style.gap).map((l) => eol + l).join(''), lce);
    }
    const dashes = seq.items.map((it) => blockItemDash(text, it));
    const lastDash = dashes[dashes.length - 1]!;
    const gapRaw = /^[ \t]*/.exec(text.slice(lastDash + 1))![0];
    const gap = gapRaw === '' || gapRaw.includes('\t') ? ' ' : gapRaw;
    const item = block(column(text, lastDash), gap);
    const end = afterLastItem(text, seq);
    if (!forbidden.has(end)) return edit(end, linesAt(text, end, item, eol));
    const first = lineStartOf(text, dashes[0]!);
    return edit(first, linesAt(text, first, block(column(text, dashes[0]!), gap), eol));
  }

  if (!forbidden.has(text.length)) {
    const finalNl = text.endsWith('\n');
    const trailingMarker = /(^|\n)---[ \t]*$/.test(text.replace(/\s+$/, ''));
    if (trailingMarker) return edit(text.length, finalNl ? body + eol : eol + body);
    return edit(text.length, finalNl ? `---${eol}${body}${eol}` : `${eol}---${eol}${body}`);
  }
  // The file ends with a container argv: put the document before the last one, so it
  // stays clear of both that argv and a first document the migration may remove.
  const markers = documentMarkerLines(text);
  const lastMarker = markers[markers.length - 1];
  if (lastMarker !== undefined && lastMarker > bom && !forbidden.has(lastMarker)) {
    return edit(lastMarker, `---${eol}${body}${eol}`);
  }
  if (markers[0] !== undefined && text.slice(bom, markers[0]).trim() === '') {
    return edit(Math.max(markers[0], bom), `---${eol}${body}${eol}`);
  }
  return edit(bom, `${body}${eol}---${eol}`);
}

/**
 * For a Kubernetes container carrier: the workload kind/name/namespace, its
 * pod labels and the container's named ports (name -> containerPort).
 */
export function containerFacts(carrier: ArgvCarrier): {
  kind: string; name: string; namespace?: string; podLabels: Record<string, string>; ports: Record<string, number>;
} | null {
  const site = containerSiteOf(carrier);
  if (!site) return null;
  const { obj } = site;
  const cname = str(get(site.container, 'name')) ?? '';
  const ports: Record<string, number> = {};
  for (const p of obj.ports) {
    if (p.container === cname && p.name !== undefined && p.containerPort !== undefined) ports[p.name] = p.containerPort;
  }
  return {
    kind: obj.kind,
    name: obj.name,
    ...(obj.namespace !== undefined ? { namespace: obj.namespace } : {}),
    podLabels: { ...(obj.podLabels ?? {}) },
    ports,
  };
}
