// Entry points: carriers, Kubernetes objects and compose services of a file.

import type { ArgvCarrier, SourceFile } from '../../model.js';
import type { KubeObject, ComposeService, YamlProblem, YamlReadResult } from './types.js';
import type { YTree } from './tree.js';
import { markTemplated, treeOf } from './parsed.js';
import { asMap, asSeq, get, str } from './ynode.js';
import { readKubeObject } from './kube.js';
import { isComposeRoot, readCompose } from './compose.js';
import { blockItemSpan } from './collection-edit.js';
import { readHelmLines } from './helm.js';

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
      composeServices.push(...r.services);
      if (withCarriers) carriers.push(...r.carriers);
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
        if (withCarriers) carriers.push(...r.carriers);
      });
      return;
    }
    if (kind !== undefined && str(get(root, 'apiVersion')) !== undefined) {
      const r = readKubeObject(file, root, doc.span, false, d, problems);
      objects.push(r.object);
      if (withCarriers) carriers.push(...r.carriers);
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
  return walkTree(file, tree, true);
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
