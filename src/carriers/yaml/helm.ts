// Helm chart templates (`{{ … }}`, not valid YAML): argv carriers found line
// by line, with editors that delete whole lines and collapse emptied
// `{{ if }}…{{ end }}` blocks.

import { load } from 'js-yaml';
import type { ArgvCarrier, SourceFile, Word, WorkloadContext } from '../../model.js';
import type { YamlProblem } from './types.js';
import { templateLines, collapseTemplateBlocks, type TLine } from './template-lines.js';
import { partsEditor, seqPart, type ArgvPart } from './argv-parts.js';
import { buildTree } from '../../text/yaml-tree.js';
import { eolOf, wholeLineSpans } from './text.js';
import { spellArg, styleOfSource } from './quote.js';
import { K8S_EXPANSION, isShellScript, wordsFromSeq } from './seq-words.js';
import { maskTemplates } from './template-lines.js';
import { append } from '../../lists.js';

const ITEM = /^([ \t]*)(-)([ \t]+|$)/;
const KEY = /^([ \t]*)((?:-[ \t]+)?)([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+|$)(.*)$/;

interface Item {
  first: number;
  last: number;
  word: Word;
}

/** Cut a trailing ` # comment` outside quotes and template actions. */
function stripComment(s: string): string {
  let q: string | null = null;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (s.startsWith('{{', i)) { depth++; i++; continue; }
    if (depth > 0) { if (s.startsWith('}}', i)) { depth--; i++; } continue; }
    if (q) { if (c === q) q = null; continue; }
    if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]!))) return s.slice(0, i).trimEnd();
  }
  return s.trimEnd();
}

function itemValue(src: string): string {
  if (!src.includes('{{')) {
    try {
      const v = load(`- ${src}`) as unknown;
      if (Array.isArray(v) && v.length === 1 && v[0] !== null && typeof v[0] !== 'object') return String(v[0]);
    } catch { /* fall through to raw handling */ }
  }
  const q = src[0];
  if (src.length >= 2 && (q === '"' || q === "'") && src.endsWith(q)) return src.slice(1, -1);
  return src;
}

function lineWord(file: SourceFile, l: TLine, from: number): Word | undefined {
  const raw = stripComment(file.text.slice(from, l.end));
  if (raw === '') return undefined;
  const value = itemValue(raw);
  return { file, span: { start: from, end: from + raw.length }, value, hasExpansion: K8S_EXPANSION.test(value) };
}

function isSkippable(l: TLine): boolean {
  return l.blank || l.comment || l.actionOnly;
}

interface KeyBlock {
  keyLine: number;
  key: string;
  items: Item[];
}

/** Block-sequence items under the key on line `k` (key text starts at column `col`). */
function scanItems(file: SourceFile, lines: TLine[], k: number, col: number, problems: YamlProblem[]): Item[] {
  const items: Item[] = [];
  let d: number | undefined;
  const pending: TLine[] = [];
  for (let j = k + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (isSkippable(l)) {
      if (l.actionOnly && !l.controlOnly && /cluster|peers/i.test(l.text)) pending.push(l);
      continue;
    }
    const m = ITEM.exec(l.text);
    if (m && d === undefined && l.indent >= col) d = l.indent;
    if (d === undefined) break;
    if (m && l.indent === d) {
      const w = lineWord(file, l, l.start + m[0].length);
      if (w) items.push({ first: j, last: j, word: w });
      continue;
    }
    if (l.indent > d && items.length > 0) { items[items.length - 1]!.last = j; continue; }
    break;
  }
  for (const item of items) {
    // Broken quoting renders to invalid YAML: say where, instead of reading the item as a literal word.
    const raw = file.text.slice(item.word.span.start, lines[item.last]!.end);
    if (isUnterminatedQuote(raw)) problems.push({ span: item.word.span, message: `unterminated ${raw[0] === '"' ? 'double' : 'single'} quote in this argv item; Helm would render invalid YAML` });
  }
  for (const l of pending) {
    problems.push({ span: { start: l.start + l.indent, end: l.end }, message: `template action may add gossip flags to this argv; check it by hand: ${l.text.trim()}` });
  }
  return items;
}

/** A scalar that opens a quote and never closes it (template actions and escapes skipped). */
function isUnterminatedQuote(raw: string): boolean {
  const q = raw[0];
  if (q !== '"' && q !== "'") return false;
  for (let i = 1; i < raw.length; i++) {
    if (raw.startsWith('{{', i)) {
      const close = raw.indexOf('}}', i + 2);
      if (close < 0) return false;
      i = close + 1;
      continue;
    }
    if (q === '"' && raw[i] === '\\') { i++; continue; }
    if (raw[i] === q) {
      if (q === "'" && raw[i + 1] === "'") { i++; continue; }
      return false;
    }
  }
  return true;
}

function helmBlockPart(file: SourceFile, lines: TLine[], kb: KeyBlock): ArgvPart {
  const text = file.text;
  const eol = eolOf(text);
  return {
    words: kb.items.map((i) => i.word),
    removeSpans(remove) {
      const ranges: Array<[number, number]> = [];
      const all = kb.items.every((_, k) => remove.has(k));
      if (all) ranges.push([lines[kb.keyLine]!.start, lines[kb.keyLine]!.start]);
      kb.items.forEach((it, k) => {
        if (remove.has(k)) ranges.push([lines[it.first]!.start, lines[it.last]!.start]);
      });
      return collapseTemplateBlocks(file, wholeLineSpans(text, ranges)).map((span) => ({ span, text: '' }));
    },
    insertAfter(index, args) {
      const it = kb.items[index]!;
      const l = lines[it.first]!;
      const prefix = text.slice(l.start, it.word.span.start);
      const style = styleOfSource(text.slice(it.word.span.start, it.word.span.end));
      const body = args.map((a) => prefix + spellArg(a, style, false));
      const last = lines[it.last]!;
      if (last.next > last.end) return [{ span: { start: last.next, end: last.next }, text: body.map((b) => b + eol).join('') }];
      return [{ span: { start: last.end, end: last.end }, text: body.map((b) => eol + b).join('') }];
    },
  };
}

/** A one-line flow sequence (`command: ["a", "{{ .x }}"]`), parsed with its actions masked. */
function helmFlowPart(file: SourceFile, lines: TLine[], keyLine: number, bracket: number): ArgvPart | undefined {
  const text = file.text;
  const l = lines[keyLine]!;
  const pad = ' '.repeat(bracket);
  const orig = text.slice(bracket, l.end);
  const tree = buildTree(pad + maskTemplates(orig), pad + orig);
  const root = tree.docs[0]?.root;
  if (!root || root.kind !== 'seq' || !root.flow) return undefined;
  const sw = wordsFromSeq(file, root, K8S_EXPANSION);
  const inner = seqPart(file, root, sw.words, sw.itemIndex, null);
  return {
    words: sw.words,
    removeSpans(remove) {
      if (sw.words.every((_, k) => remove.has(k))) {
        return collapseTemplateBlocks(file, wholeLineSpans(text, [[l.start, l.start]])).map((span) => ({ span, text: '' }));
      }
      return inner.removeSpans(remove);
    },
    insertAfter: (i, args) => inner.insertAfter(i, args),
  };
}

function docField(lines: TLine[], from: number, to: number, re: RegExp): string | undefined {
  for (let j = from; j < to; j++) {
    const m = re.exec(lines[j]!.text);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

function unquote(s: string): string {
  return itemValue(stripComment(s));
}

export function readHelmLines(file: SourceFile, problems: YamlProblem[]): ArgvCarrier[] {
  const lines = templateLines(file.text);
  // group args/command keys by their container item line
  const groups = new Map<number, { container: number | null; parts: ArgvPart[]; words: Word[]; hasCommand: boolean; col: number }>();
  for (const l of lines) {
    if (l.actionOnly) continue;
    const m = KEY.exec(l.text);
    if (!m || (m[3] !== 'args' && m[3] !== 'command')) continue;
    const col = m[1]!.length + m[2]!.length;
    const value = stripComment(m[4]!);
    let part: ArgvPart | undefined;
    if (value === '') {
      const items = scanItems(file, lines, l.index, col, problems);
      if (items.length === 0) continue;
      part = helmBlockPart(file, lines, { keyLine: l.index, key: m[3], items });
    } else if (value.startsWith('[')) {
      part = helmFlowPart(file, lines, l.index, l.start + l.text.indexOf('[', col));
    }
    if (!part) continue;
    // the container item: this line if it starts with `- `, else the item line above at a smaller indent
    let container: number | null = m[2] ? l.index : null;
    if (container === null) {
      for (let j = l.index - 1; j >= 0; j--) {
        const u = lines[j]!;
        if (isSkippable(u) || u.indent >= col) continue;
        const im = ITEM.exec(u.text);
        if (im && im[1]!.length + 1 + im[3]!.length === col) container = j;
        break;
      }
    }
    const key = container ?? -1 - l.index;
    const g = groups.get(key) ?? { container, parts: [], words: [], hasCommand: false, col };
    if (m[3] === 'command') { g.parts.unshift(part); g.words = [...part.words, ...g.words]; g.hasCommand = true; }
    else { g.parts.push(part); append(g.words, part.words); }
    groups.set(key, g);
  }

  const carriers: ArgvCarrier[] = [];
  const markers = lines.filter((l) => /^---(\s|$)/.test(l.text)).map((l) => l.index);
  for (const g of groups.values()) {
    if (isShellScript(g.words)) continue;
    const at = g.container ?? 0;
    const docStart = markers.filter((k) => k <= at).pop() ?? 0;
    const docEnd = markers.find((k) => k > at) ?? lines.length;
    const kind = docField(lines, docStart, docEnd, /^kind:\s*(.*)$/) ?? '';
    const metaLine = lines.slice(docStart, docEnd).find((l) => /^metadata:\s*$/.test(l.text));
    let name = '';
    let namespace: string | undefined;
    if (metaLine) {
      let end = metaLine.index + 1;
      while (end < docEnd && (isSkippable(lines[end]!) || lines[end]!.indent > 0)) end++;
      name = unquote(docField(lines, metaLine.index + 1, end, /^[ \t]+name:\s*(.*)$/) ?? '');
      const ns = docField(lines, metaLine.index + 1, end, /^[ \t]+namespace:\s*(.*)$/);
      if (ns !== undefined) namespace = unquote(ns);
    }
    let cname = '';
    let image: string | undefined;
    let init = false;
    if (g.container !== null) {
      const c = lines[g.container]!;
      let end = g.container + 1;
      while (end < lines.length && (isSkippable(lines[end]!) || lines[end]!.indent > c.indent)) end++;
      const field = (f: string): string | undefined => {
        for (let j = g.container!; j < end; j++) {
          const km = KEY.exec(lines[j]!.text);
          if (km && km[3] === f && km[1]!.length + km[2]!.length === g.col) return km[4]!;
        }
        return undefined;
      };
      cname = unquote(field('name') ?? '');
      const img = field('image');
      if (img !== undefined) image = unquote(img);
      for (let j = g.container - 1; j >= 0; j--) {
        const u = lines[j]!;
        if (isSkippable(u) || u.indent > c.indent || (u.indent === c.indent && ITEM.test(u.text))) continue;
        init = /^\s*initContainers:/.test(u.text);
        break;
      }
    }
    const ctx: WorkloadContext = {
      kind: 'workload',
      label: g.container !== null
        ? `${kind}/${name} ${init ? 'initContainer' : 'container'} ${cname}`
        : `${kind}/${name} line ${lines.filter((l) => l.start <= (g.words[0]?.span.start ?? 0)).length}`,
      workloadKind: kind,
      workloadName: name,
      container: cname,
      hostGroup: `pod:${file.path}#${docStart}:${kind}/${name}`,
    };
    if (namespace !== undefined) ctx.namespace = namespace;
    if (init) ctx.isInitContainer = true;
    const carrier: ArgvCarrier = { kind: 'yaml-sequence', file, context: ctx, words: g.words, editor: partsEditor(file, g.parts) };
    if (image !== undefined) carrier.image = image;
    if (!g.hasCommand) carrier.argsOnly = true;
    carriers.push(carrier);
  }
  carriers.sort((a, b) => (a.words[0]?.span.start ?? 0) - (b.words[0]?.span.start ?? 0));
  return carriers;
}
