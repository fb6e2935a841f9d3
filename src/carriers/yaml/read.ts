// Entry points: carriers, Kubernetes objects and compose services of a file.

import type { ArgvCarrier, SourceFile } from '../../model.js';
import type { KubeObject, ComposeService, YamlProblem, YamlReadResult } from './types.js';
import type { YNode, YTree } from '../../text/yaml-tree.js';
import { markTemplated, treeOf } from './parsed.js';
import { asMap, asSeq, get, str } from './ynode.js';
import { readKubeObject } from './kube.js';
import { isComposeRoot, readCompose } from './compose.js';
import { blockItemSpan } from './collection-edit.js';
import { readHelmLines } from './helm.js';
import { isKustomizationRoot, readKustomization } from './kustomization.js';
import { append } from '../../lists.js';

function walkTree(file: SourceFile, tree: YTree, withCarriers: boolean): YamlReadResult {
  const carriers: ArgvCarrier[] = [];
  const objects: KubeObject[] = [];
  const composeServices: ComposeService[] = [];
  const problems: YamlProblem[] = [];
  tree.docs.forEach((doc, d) => {
    const root = asMap(doc.root);
    if (!root) return;
    if (isComposeRoot(root)) {
      const r = readCompose(file, root, problems);
      append(composeServices, r.services);
      if (withCarriers) append(carriers, r.carriers);
      return;
    }
    if (isKustomizationRoot(file, root)) {
      objects.push(readKustomization(file, root, doc.span));
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
    const seen = new Set<string>();
    for (const pair of node.pairs) {
      stack.push(pair.value);
      if (pair.key.kind !== 'scalar' || pair.key.value === '<<') continue;
      if (seen.has(pair.key.value) && (!found || pair.key.start < found.start)) found = { key: pair.key.value, start: pair.key.start, end: pair.key.end };
      seen.add(pair.key.value);
    }
  }
  return found;
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
