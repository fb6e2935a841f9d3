// Entry points: carriers, Kubernetes objects and compose services of a file.

import type { ArgvCarrier, SourceFile } from '../../model.js';
import type { KubeObject, ComposeService, YamlProblem, YamlReadResult } from './types.js';
import type { YNode, YPair, YTree } from '../../text/yaml-tree.js';
import { markTemplated, treeOf } from './parsed.js';
import { asMap, asSeq, get, str } from './ynode.js';
import { readKubeObject } from './kube.js';
import { isComposeRoot, readCompose } from './compose.js';
import { blockItemSpan } from './collection-edit.js';
import { readHelmLines } from './helm.js';
import { isKustomizationRoot, readKustomization } from './kustomization.js';
import { readInlinePatches } from './inline-patch.js';
import { isJsonPatchRoot, readJsonPatchCarriers } from './json-patch.js';
import { append } from '../../lists.js';

function walkTree(file: SourceFile, tree: YTree, withCarriers: boolean): YamlReadResult {
  const carriers: ArgvCarrier[] = [];
  const objects: KubeObject[] = [];
  const composeServices: ComposeService[] = [];
  const problems: YamlProblem[] = [];
  tree.docs.forEach((doc, d) => {
    const root = asMap(doc.root);
    const ops = root ? undefined : asSeq(doc.root);
    if (ops && isJsonPatchRoot(ops)) {
      if (withCarriers) append(carriers, readJsonPatchCarriers(file, ops, d));
      return;
    }
    if (!root) return;
    if (isComposeRoot(root)) {
      const r = readCompose(file, root, problems);
      append(composeServices, r.services);
      if (withCarriers) append(carriers, r.carriers);
      return;
    }
    if (isKustomizationRoot(file, root)) {
      const kustomization = readKustomization(file, root, doc.span);
      const inline = readInlinePatches(file, root, doc.span, readYamlCarriers);
      if (inline.targets.length > 0) kustomization.inlinePatchTargets = inline.targets;
      if (inline.renames) kustomization.buildRenames = true;
      objects.push(kustomization);
      append(objects, inline.objects);
      if (withCarriers) append(carriers, inline.carriers);
      append(problems, inline.problems);
      return;
    }
    const kind = str(get(root, 'kind'));
    const items = asSeq(get(root, 'items'));
    if (kind === 'List' || (kind?.endsWith('List') && items)) {
      items?.items.forEach((item, k) => {
        const m = asMap(item);
        if (!m || str(get(m, 'kind')) === undefined) return;
        const span = items.flow ? { start: item.start, end: item.end } : blockItemSpan(file.text, item);
        const r = readKubeObject(file, m, span, true, d * 100000 + k, problems);
        objects.push(r.object);
        if (withCarriers) append(carriers, r.carriers);
      });
      return;
    }
    if (kind !== undefined && str(get(root, 'apiVersion')) !== undefined) {
      const r = readKubeObject(file, root, doc.span, false, d, problems);
      objects.push(r.object);
      if (withCarriers) append(carriers, r.carriers);
    }
  });
  return { carriers, objects, composeServices, problems };
}

/** Valid YAML (multi-document, `kind: List`, JSON): k8s containers, Prometheus CRs, compose services. */
export function readYamlCarriers(file: SourceFile): YamlReadResult {
  const tree = treeOf(file, false);
  if (tree.error) {
    return {
      carriers: [], objects: [], composeServices: [],
      problems: [{ span: { start: tree.error.pos, end: tree.error.pos }, message: `YAML parse error: ${tree.error.message}` }],
    };
  }
  const duplicate = firstDuplicateKey(tree);
  if (duplicate) {
    // kubectl and docker compose reject the file; which value the tool would edit is a guess, so it edits none.
    return {
      carriers: [], objects: [], composeServices: [],
      problems: [{ span: { start: duplicate.start, end: duplicate.end }, message: `YAML parse error: duplicated mapping key ${JSON.stringify(duplicate.key)}; file left untouched` }],
    };
  }
  return walkTree(file, tree, true);
}

/** The first mapping key that repeats an earlier key of its mapping (iterative: trees can be deep). */
function firstDuplicateKey(tree: YTree): { key: string; start: number; end: number } | undefined {
  const stack: YNode[] = tree.docs.flatMap((doc) => (doc.root ? [doc.root] : []));
  let found: { key: string; start: number; end: number } | undefined;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'seq') append(stack, node.items);
    if (node.kind !== 'map') continue;
    const pairs = node.pairs;
    // Most mappings hold a few keys: comparing with the keys before costs less than a Set per mapping
    // (a Set each was 19 MB of garbage in a file of 7,500 workloads).
    const seen = pairs.length > SMALL_MAPPING ? new Set<string>() : undefined;
    for (let p = 0; p < pairs.length; p++) {
      const pair = pairs[p]!;
      stack.push(pair.value);
      const key = pair.key;
      if (key.kind !== 'scalar' || key.value === '<<') continue;
      const repeats = seen ? seen.has(key.value) : isKeyBefore(pairs, p, key.value);
      if (repeats && (!found || key.start < found.start)) found = { key: key.value, start: key.start, end: key.end };
      seen?.add(key.value);
    }
  }
  return found;
}

/** Up to this many keys, a mapping's keys are compared pairwise. */
const SMALL_MAPPING = 8;

function isKeyBefore(pairs: readonly YPair[], before: number, value: string): boolean {
  for (let p = 0; p < before; p++) {
    const key = pairs[p]!.key;
    if (key.kind === 'scalar' && key.value === value) return true;
  }
  return false;
}

/**
 * Helm chart templates: argv carriers found line by line; Kubernetes objects
 * from a parse with template actions masked (none when that parse fails).
 */
export function readHelmTemplateCarriers(file: SourceFile): YamlReadResult {
  markTemplated(file);
  const problems: YamlProblem[] = [];
  const carriers = readHelmLines(file, problems);
  const tree = treeOf(file, true);
  const rest = tree.error ? { objects: [], composeServices: [] } : walkTree(file, tree, false);
  return { carriers, objects: rest.objects, composeServices: rest.composeServices, problems };
}
