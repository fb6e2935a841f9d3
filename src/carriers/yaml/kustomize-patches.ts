// kustomize strategic merge patches. An overlay that gives each environment
// its own gossip seeds patches the base's containers with their args alone:
//
//   overlays/prod/kustomization.yaml   resources: [../../base]
//                                      patches: [{ path: query-patch.yaml }]
//   overlays/prod/query-patch.yaml     Deployment/thanos-query, container
//                                      thanos-query, args only, no image
//
// Read alone, such a container runs nothing the input names. kustomize
// merges containers by name, so it runs the image of the base's container of
// that name; its args replace the base's. This step runs once every file is
// read: it gives each patch container the image of the container it patches
// (when every kustomization applying it agrees on one, and the base sets no
// `command` the args would follow), and marks every container of a patch
// file as such, so discovery is wired into the patch as flags (wiring.ts).
// A JSON 6902 op that sets a container's args (json-patch.ts) becomes the
// container its kustomizations' `target` and the op's index name.

import { dirname, join, normalize } from 'node:path';
import type { ArgvCarrier, KustomizePatchOf, SourceFile, WorkloadContext } from '../../model.js';
import type { ContainerRun, KubeObject, KustomizePatchEntry } from '../../facts.js';
import type { CarrierReadResult } from '../index.js';
import { isKustomizationFile } from '../../sources/detect.js';
import { containerSiteOf, recordContainerSite } from './sites.js';
import { jsonPatchSiteOf, type JsonPatchSite } from './json-patch.js';
import { append, pushTo } from '../../lists.js';

interface Located {
  file: SourceFile;
  object: KubeObject;
}

/** A kustomization that applies a patch file, with the entry that says so. */
interface PatchUse {
  kustomization: Located;
  entry: KustomizePatchEntry;
}

export function completeKustomizePatches(sink: CarrierReadResult): void {
  const patchedBy = new Map<string, PatchUse[]>();
  for (const kustomization of sink.kubeObjects) {
    if (kustomization.object.kind !== 'Kustomization') continue;
    const dir = dirname(kustomization.file.path);
    for (const entry of kustomization.object.patches ?? []) pushTo(patchedBy, join(dir, entry.path), { kustomization, entry });
  }
  if (patchedBy.size === 0) return;
  const built = buildIndex(sink.kubeObjects);
  for (let i = 0; i < sink.carriers.length; i++) {
    const carrier = sink.carriers[i]!;
    const uses = patchedBy.get(normalize(carrier.file.path));
    if (!uses) continue;
    const site = jsonPatchSiteOf(carrier);
    const completed = site ? completeJsonPatch(carrier, site, uses, built) : carrier.context.kind === 'workload' ? completeMergePatch(carrier, carrier.context, uses, built) : undefined;
    if (completed) sink.carriers[i] = completed;
  }
}

type Builds = (kustomization: Located) => Located[];

function patchOf(uses: readonly PatchUse[], imageFrom: string | undefined): KustomizePatchOf {
  return { kustomizations: [...new Set(uses.map((use) => use.kustomization.file.path))], ...(imageFrom !== undefined ? { imageFrom } : {}) };
}

/** A strategic merge patch's container: the image it runs when it names none, and the namespace it is built in. */
function completeMergePatch(carrier: ArgvCarrier, context: WorkloadContext, uses: readonly PatchUse[], built: Builds): ArgvCarrier {
  const inherited = carrier.image === undefined && carrier.argsOnly ? inheritedImage(context, uses, built) : undefined;
  // kustomize gives every object it builds the kustomization's namespace: the patched workload runs there.
  const namespace = context.namespace ?? sharedNamespace(uses);
  const completed: ArgvCarrier = {
    ...carrier,
    context: { ...context, ...(namespace !== undefined ? { namespace } : {}), kustomizePatch: patchOf(uses, inherited?.from) },
    ...(inherited ? { image: inherited.image } : {}),
  };
  const site = containerSiteOf(carrier);
  if (site) recordContainerSite(completed, site);
  return completed;
}

/**
 * A JSON patch op's argv as the container it sets: the object the
 * kustomizations' `target` names, the base's container at the op's index.
 * Undefined (the op stays a command line of its own) when an entry has no
 * target, the base has no such container, or two builds disagree.
 */
function completeJsonPatch(carrier: ArgvCarrier, site: JsonPatchSite, uses: readonly PatchUse[], built: Builds): ArgvCarrier | undefined {
  let found: { kind: string; name: string; run: ContainerRun; from: string } | undefined;
  for (const { kustomization, entry } of uses) {
    const kind = entry.target?.kind;
    const name = entry.target?.name;
    if (kind === undefined || name === undefined) return undefined;
    let matched = false;
    for (const { file, object } of built(kustomization)) {
      if (object.kind !== kind || object.name !== name) continue;
      const run = object.containerRuns?.find((candidate) => candidate.list === site.list && candidate.index === site.index);
      if (!run) continue;
      if (found && (found.kind !== kind || found.name !== name || found.run.container !== run.container || found.run.image !== run.image || found.run.hasCommand !== run.hasCommand)) return undefined;
      found ??= { kind, name, run, from: `${file.path} ${kind}/${name} container ${run.container}` };
      matched = true;
    }
    if (!matched) return undefined;
  }
  if (!found) return undefined;
  const { kind, name, run } = found;
  // Args after the base's own command are not the image's entrypoint's: what runs them is not known.
  if (site.field === 'args' && run.hasCommand) return undefined;
  const namespace = sharedNamespace(uses);
  const context: WorkloadContext = {
    kind: 'workload',
    label: `${kind}/${name} ${run.list === 'initContainers' ? 'initContainer' : 'container'} ${run.container} (${carrier.context.label})`,
    ...(carrier.context.hostGroup !== undefined ? { hostGroup: carrier.context.hostGroup } : {}),
    workloadKind: kind,
    workloadName: name,
    container: run.container,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(run.list === 'initContainers' ? { isInitContainer: true } : {}),
    kustomizePatch: patchOf(uses, run.image !== undefined ? found.from : undefined),
  };
  return { ...carrier, context, ...(run.image !== undefined ? { image: run.image } : {}) };
}

/** The objects a kustomization builds from: the files and directories of its `resources` and `bases`, followed through theirs. */
function buildIndex(objects: readonly Located[]): (kustomization: Located) => Located[] {
  const inFile = new Map<string, Located[]>();
  const kustomizationIn = new Map<string, Located>();
  for (const located of objects) {
    const path = normalize(located.file.path);
    if (located.object.kind !== 'Kustomization') pushTo(inFile, path, located);
    // Only kustomize's own file names are what a directory entry builds.
    else if (isKustomizationFile(path)) kustomizationIn.set(dirname(path), located);
  }
  const memo = new Map<Located, Located[]>();
  const buildOf = (kustomization: Located, visiting: Set<Located>): Located[] => {
    const known = memo.get(kustomization);
    if (known) return known;
    // A cycle builds nothing more (kustomize refuses it).
    if (visiting.has(kustomization)) return [];
    visiting.add(kustomization);
    const dir = dirname(kustomization.file.path);
    const out: Located[] = [];
    const entries = [...(kustomization.object.resources ?? []).map((resource) => resource.path), ...(kustomization.object.bases ?? [])];
    for (const entry of entries) {
      const path = join(dir, entry);
      const file = inFile.get(path);
      if (file) append(out, file);
      const nested = kustomizationIn.get(path);
      if (nested) append(out, buildOf(nested, visiting));
    }
    visiting.delete(kustomization);
    memo.set(kustomization, out);
    return out;
  };
  return (kustomization) => buildOf(kustomization, new Set());
}

/**
 * The image of the container a patch container patches, in every build that
 * applies the patch; undefined when a build has none or two builds disagree
 * (the patch is then read as it stands).
 */
function inheritedImage(context: WorkloadContext, uses: readonly PatchUse[], built: Builds): { image: string; from: string } | undefined {
  let found: { image: string; from: string } | undefined;
  for (const { kustomization, entry } of uses) {
    const kind = entry.target?.kind ?? context.workloadKind;
    const name = entry.target?.name ?? context.workloadName;
    const matches = built(kustomization).flatMap(({ file, object }) => {
      if (object.kind !== kind || object.name !== name) return [];
      const list = context.isInitContainer ? 'initContainers' : 'containers';
      const run = object.containerRuns?.find((candidate) => candidate.list === list && candidate.container === context.container);
      // Args after a base's own command are not the image's entrypoint's.
      return run?.image !== undefined && !run.hasCommand ? [{ image: run.image, from: `${file.path} ${kind}/${name} container ${context.container}` }] : [];
    });
    if (matches.length === 0) return undefined;
    for (const match of matches) {
      if (found && found.image !== match.image) return undefined;
      found ??= match;
    }
  }
  return found;
}

/** The `namespace:` every kustomization applying a patch sets, when they all set the same one. */
function sharedNamespace(uses: readonly PatchUse[]): string | undefined {
  const namespaces = new Set(uses.map((use) => use.kustomization.object.buildNamespace));
  const [only] = namespaces;
  return namespaces.size === 1 ? only : undefined;
}
