// kustomize's kustomization.yaml: the files it builds from (`resources`),
// so a migration that empties one of them can take it off the list (kustomize
// accepts an empty file, but a user who then deletes it breaks the build);
// the directories it builds on (`bases`) and the strategic merge patches it
// applies, so a patch's container is known for the one it patches
// (kustomize-patches.ts).

import type { SourceFile, Span } from '../../model.js';
import { isKustomizationFile } from '../../sources/detect.js';
import type { KubeObject, KustomizePatchEntry } from './types.js';
import type { YMap, YNode } from '../../text/yaml-tree.js';
import { blockItemSpan } from './collection-edit.js';
import { asMap, asSeq, get, str } from './ynode.js';
import { removeDocument, removeSequenceItem } from './remove.js';

/** A kustomization, or a Component (`kind: Component`, which an including kustomization builds as part of itself). */
export function isKustomizationRoot(file: SourceFile, root: YMap): boolean {
  const kind = str(get(root, 'kind'));
  return kind === 'Kustomization' || (isKustomizationFile(file.path) && (kind === undefined || kind === 'Component'));
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
  // kustomize takes `namespace: ""` for none.
  const namespace = str(get(root, 'namespace')) || undefined;
  // `components` are built into this kustomization as its own directories are.
  const bases = ['bases', 'components'].flatMap((key) => (asSeq(get(root, key))?.items ?? []).flatMap((item) => str(item) ?? []));
  // An inline patch that renames sets this too (inline-patch.ts).
  const renames = Boolean(str(get(root, 'namePrefix')) || str(get(root, 'nameSuffix')));
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
    ...(bases.length > 0 ? { bases } : {}),
    ...(namespace !== undefined ? { buildNamespace: namespace } : {}),
    ...(renames ? { buildRenames: true } : {}),
    patches: patchEntries(root),
    removal: () => removeDocument(file, documentSpan),
  };
}

/**
 * `patchesStrategicMerge: [file]`, `patchesJson6902: [{ target, path }]` and
 * `patches: [{ path, target }]`, which holds either kind (an inline `patch:`
 * holds no file of the input). What a file holds says which kind it is.
 */
function patchEntries(root: YMap): KustomizePatchEntry[] {
  const entries: KustomizePatchEntry[] = [];
  for (const item of asSeq(get(root, 'patchesStrategicMerge'))?.items ?? []) {
    const path = str(item);
    if (path !== undefined && !path.includes('\n')) entries.push({ path });
  }
  for (const item of [...(asSeq(get(root, 'patchesJson6902'))?.items ?? []), ...(asSeq(get(root, 'patches'))?.items ?? [])]) {
    const path = str(get(item, 'path'));
    if (path === undefined) continue;
    entries.push({ path, ...patchTarget(item) });
  }
  return entries;
}

/** A patch entry's `target`, as a KustomizePatchEntry holds it. */
export function patchTarget(item: YNode): Pick<KustomizePatchEntry, 'target'> {
  const target = asMap(get(item, 'target'));
  if (!target) return {};
  const kind = str(get(target, 'kind'));
  const name = str(get(target, 'name'));
  const selects = get(target, 'labelSelector') !== undefined || get(target, 'annotationSelector') !== undefined;
  return { target: { ...(kind !== undefined ? { kind } : {}), ...(name !== undefined ? { name } : {}), ...(selects ? { selects } : {}) } };
}
