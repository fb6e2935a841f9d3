// kustomize's kustomization.yaml: the files it builds from (`resources`),
// so a migration that empties one of them can take it off the list. kustomize
// accepts an empty file, but a user who then deletes it breaks the build.

import type { SourceFile, Span } from '../../model.js';
import { isKustomizationFile } from '../../sources/detect.js';
import type { KubeObject } from './types.js';
import type { YMap } from '../../text/yaml-tree.js';
import { blockItemSpan } from './collection-edit.js';
import { asSeq, get, str } from './ynode.js';
import { removeDocument, removeSequenceItem } from './remove.js';

export function isKustomizationRoot(file: SourceFile, root: YMap): boolean {
  const kind = str(get(root, 'kind'));
  return kind === 'Kustomization' || (kind === undefined && isKustomizationFile(file.path));
}

/** A Kustomization as a KubeObject: its `resources` entries with their sequence item spans. */
export function readKustomization(file: SourceFile, root: YMap, documentSpan: Span): KubeObject {
  const resources = asSeq(get(root, 'resources'));
  const entries = (resources?.items ?? []).flatMap((item) => {
    const path = str(item);
    if (path === undefined) return [];
    const itemSpan = resources!.flow ? { start: item.start, end: item.end } : blockItemSpan(file.text, item);
    return [{ path, itemSpan, removal: () => removeSequenceItem(file, itemSpan) }];
  });
  return {
    kind: 'Kustomization',
    apiVersion: str(get(root, 'apiVersion')) ?? '',
    name: '',
    labels: {},
    labelKeySpans: {},
    ports: [],
    containers: [],
    documentSpan,
    inList: false,
    span: { start: documentSpan.start, end: documentSpan.start },
    resources: entries,
    removal: () => removeDocument(file, documentSpan),
  };
}
