// Bind-mount a host file into a docker-compose service: a short-syntax
// `volumes:` item, spelled in the file's style, placed where it cannot share
// an insertion point with the edits the service's own carrier makes.

import type { ArgvCarrier, Edit } from '../../model.js';
import type { YNode } from '../../text/yaml-tree.js';
import { treeOf, isTemplated } from './parsed.js';
import { asMap, asSeq, get, getPair, str } from './ynode.js';
import { composeSiteOf } from './sites.js';
import { addSeqItem, argvEnds, looksJson, mergePieces, seqStyle, type AddCtx, type ItemSpec } from './insert.js';
import { eolOf } from './text.js';
import { formatScalar, styleOfSource, type QuoteStyle } from './quote.js';

const MODE = /^(?:ro|rw|z|Z|cached|delegated|consistent|nocopy|r?shared|r?slave|r?private)(?:,(?:ro|rw|z|Z|cached|delegated|consistent|nocopy|r?shared|r?slave|r?private))*$/;

/** `a:b:c` split on colons outside `${…}`. */
function colonParts(v: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '$' && v[i + 1] === '{') { depth++; cur += '${'; i++; continue; }
    if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Container path of a short-syntax volume (`src:dst[:mode]`, or `dst` alone). */
export function shortVolumeTarget(v: string): string {
  const parts = colonParts(v);
  if (parts.length >= 3 && MODE.test(parts[parts.length - 1]!)) parts.pop();
  return parts[parts.length - 1]!;
}

const normPath = (p: string): string => p.replace(/^\.\/+/, '').replace(/(.)\/+$/, '$1');

/**
 * Offsets where an insertion would tie with, or fall inside, the edits this
 * carrier's editor makes: the points its insertAfter uses (after any word) and
 * the inside of what its removeWords cuts (all words, each word, each tail).
 */
function editorForbidden(carrier: ArgvCarrier): Set<number> {
  const out = new Set<number>();
  const { words, editor } = carrier;
  const note = (edits: Edit[]): void => {
    for (const e of edits) {
      if (e.file !== carrier.file) continue;
      if (e.span.start === e.span.end) out.add(e.span.start);
      for (let p = e.span.start + 1; p < e.span.end; p++) out.add(p);
    }
  };
  const tryNote = (f: () => Edit[]): void => {
    try {
      note(f());
    } catch {
      // a word the editor does not own: nothing to avoid
    }
  };
  for (const w of words) tryNote(() => editor.insertAfter(w, [{ raw: '--x' }]));
  if (words.length > 0) {
    tryNote(() => editor.removeWords(words));
    words.forEach((w, k) => {
      tryNote(() => editor.removeWords([w]));
      if (k > 0) tryNote(() => editor.removeWords(words.slice(k)));
    });
  }
  return out;
}

/**
 * Edits that bind-mount host file `hostPath` read-only at `containerPath` into
 * the compose service of `carrier` (a carrier from readYamlCarriers for a
 * compose service): `- <hostPath>:<containerPath>:ro` added to the service's
 * `volumes:` (block or flow, in the existing items' quoting), or a new
 * `volumes:` key after the service's last key (else after the nearest earlier
 * key, else before the first, wherever the carrier's own edits neither insert
 * nor cut). [] when an entry already
 * targets `containerPath` (short syntax, or long syntax with that source);
 * { problem } for other carriers, or a long-syntax entry mounting something
 * else there.
 */
export function mountComposeFile(carrier: ArgvCarrier, hostPath: string, containerPath: string): Edit[] | { problem: string } {
  const where = carrier.context.label;
  const site = composeSiteOf(carrier);
  const file = carrier.file;
  const text = file.text;
  const what = `${hostPath} at ${containerPath}`;
  if (!site) return { problem: `${where}: not a docker-compose service this tool can edit; mount ${what} by hand` };
  if (site.text !== text) return { problem: `${where}: ${file.path} changed since it was read` };
  if (isTemplated(file)) return { problem: `${where}: ${file.path} is a template; mount ${what} by hand` };
  const tree = treeOf(file, false);
  if (tree.error) return { problem: `${where}: cannot parse ${file.path}` };
  const svc = site.service;

  const want = normPath(containerPath);
  const volPair = getPair(svc, 'volumes');
  const items: YNode[] = asSeq(volPair?.value)?.items ?? [];
  let quote: QuoteStyle | undefined;
  for (const it of items) {
    if (it.kind === 'scalar' && !it.isNull) {
      quote ??= styleOfSource(text.slice(it.contentStart, it.end));
      if (normPath(shortVolumeTarget(it.value)) === want) return [];
      continue;
    }
    const m = asMap(it);
    const target = str(get(m, 'target'));
    if (target === undefined || normPath(target) !== want) continue;
    const source = str(get(m, 'source'));
    const type = str(get(m, 'type'));
    if (source !== undefined && normPath(source) === normPath(hostPath) && (type === undefined || type === 'bind')) return [];
    return { problem: `${where}: ${containerPath} already has ${type ?? 'a'} volume ${source ?? '(anonymous)'} mounted; mount ${hostPath} there by hand` };
  }

  const json = looksJson(text);
  const entry = `${hostPath}:${containerPath}:ro`;
  const spell = (flow: boolean): string => (json ? JSON.stringify(entry) : formatScalar(entry, quote ?? 'plain', flow));
  const item: ItemSpec = {
    block: (dash, gap) => [`${' '.repeat(dash)}-${gap}${spell(false)}`],
    flow: () => spell(true),
  };
  const ctx: AddCtx = {
    text, eol: eolOf(text), tree, json,
    forbidden: new Set([...argvEnds(text, tree), ...editorForbidden(carrier)]),
  };
  const after = svc.pairs.map((_, k) => k).reverse();
  const style = seqStyle(text, tree, [svc]);
  const r = addSeqItem(ctx, svc, 'volumes', item, style, 0, after, true, where);
  if (typeof r === 'string') return { problem: r };
  return mergePieces(file, r);
}
