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
//
// The namespace is kustomize's too: a kustomization's `namespace:` replaces
// every object's own, and one building on it replaces that again. This holds
// for the objects of the files a kustomization lists as well as for patches:
// each is marked with where its builds end (KubeObject.kustomizeBuilt), and
// its containers run there. An object built into different namespaces (a base
// that prod and staging overlays build, a shared patch, nested overlays) runs
// in several: its namespace is then unknown, and --namespace (meant for plain
// manifests) must not stand in for it. So is its address when a build renames
// it (namePrefix, nameSuffix): the argv of a Querier is not renamed with it.

import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import type { ArgvCarrier, KustomizePatchOf, SourceFile, WorkloadContext } from '../../model.js';
import type { KubeObject, KustomizePatchEntry } from './types.js';
import type { KustomizeBuilt } from '../../facts.js';
import type { CarrierReadResult } from '../index.js';
import { isKustomizationFile } from '../../sources/detect.js';
import { containerSiteOf, recordContainerSite } from './sites.js';
import { jsonPatchSiteOf, type JsonPatchSite } from './json-patch.js';
import { inlinePatchSiteOf, isInlinePatchObject } from './inline-patch.js';
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
  // Facts of this run only: the same files' objects are read once and shared by every run that reads them.
  for (const { object } of sink.kubeObjects) {
    if (object.patchedBy) delete object.patchedBy;
    if (object.kustomizeBuilt) delete object.kustomizeBuilt;
    if (object.isKustomizePatch) delete object.isKustomizePatch;
  }
  // Most runs hold no kustomization: the graph would index every object for nothing (60,000 in one file of workloads).
  if (!sink.kubeObjects.some(({ object }) => object.kind === 'Kustomization')) return;
  const graph = kustomizeGraph(sink.kubeObjects);
  for (const { file, object } of sink.kubeObjects) if (object.kind !== 'Kustomization' && (graph.patchedBy.has(normalize(file.path)) || isInlinePatchObject(object))) object.isKustomizePatch = true;
  const built = markBuiltObjects(graph);
  const hasInline = graph.kustomizations.some(({ object }) => object.inlinePatchTargets !== undefined);
  if (graph.patchedBy.size === 0 && built.size === 0 && !hasInline) return;
  markPatchedObjects(sink.kubeObjects, graph);
  for (let i = 0; i < sink.carriers.length; i++) {
    const carrier = sink.carriers[i]!;
    const path = normalize(carrier.file.path);
    const uses = inlineUses(carrier, graph) ?? graph.patchedBy.get(path);
    let completed: ArgvCarrier | undefined;
    if (uses) {
      const site = jsonPatchSiteOf(carrier);
      completed = site ? completeJsonPatch(carrier, site, uses, graph) : carrier.context.kind === 'workload' ? completeMergePatch(carrier, carrier.context, uses, graph) : undefined;
    } else if (carrier.context.kind === 'workload') {
      const context = carrier.context;
      const object = built.get(path)?.find((candidate) => candidate.kind === context.workloadKind && candidate.name === context.workloadName);
      if (object?.kustomizeBuilt) completed = placedInBuild(carrier, context, object.kustomizeBuilt);
    }
    if (completed) sink.carriers[i] = completed;
  }
}

/** An inline patch's argv: applied by the kustomization that holds it, through its entry. */
function inlineUses(carrier: ArgvCarrier, graph: KustomizeGraph): PatchUse[] | undefined {
  const site = inlinePatchSiteOf(carrier);
  if (!site) return undefined;
  const kustomization = graph.kustomizations.find(({ file, object }) => file === carrier.file && object.documentSpan.start === site.documentSpan.start);
  return kustomization ? [{ kustomization, entry: site.entry }] : undefined;
}

/** A container of an object a kustomization lists, placed where its builds run it. */
function placedInBuild(carrier: ArgvCarrier, context: WorkloadContext, built: KustomizeBuilt): ArgvCarrier | undefined {
  if (built.namespace === undefined && built.namespaces === undefined) return undefined;
  const { namespace: _own, ...rest } = context;
  const placed: WorkloadContext = built.namespaces ? { ...rest, namespaceUnknown: true, builtWith: built.builds } : { ...rest, namespace: built.namespace!, namespaceFromBuild: true };
  const completed: ArgvCarrier = { ...carrier, context: placed };
  const site = containerSiteOf(carrier);
  if (site) recordContainerSite(completed, site);
  return completed;
}

/**
 * Marks each object of a file a kustomization lists with where its builds
 * end (KubeObject.kustomizeBuilt); the objects marked, by their file's
 * normalised path.
 */
function markBuiltObjects(graph: KustomizeGraph): Map<string, KubeObject[]> {
  const builds = new Map<KubeObject, { kustomizations: Set<string>; ends: Set<string | undefined>; renamedBy: Set<string> }>();
  const byFile = new Map<string, KubeObject[]>();
  for (const kustomization of graph.kustomizations) {
    const namespaces = graph.namespaces(kustomization);
    const renamers = graph.renamers(kustomization);
    for (const file of graph.listed(kustomization)) {
      for (const { file: source, object } of file) {
        let build = builds.get(object);
        if (!build) {
          build = { kustomizations: new Set(), ends: new Set(), renamedBy: new Set() };
          builds.set(object, build);
          pushTo(byFile, normalize(source.path), object);
        }
        build.kustomizations.add(kustomization.file.path);
        for (const namespace of namespaces) build.ends.add(namespace ?? object.namespace);
        for (const renamer of renamers) build.renamedBy.add(renamer.file.path);
      }
    }
  }
  for (const [object, { kustomizations, ends, renamedBy }] of builds) {
    const [only] = ends;
    object.kustomizeBuilt = {
      kustomizations: [...kustomizations],
      builds: [...kustomizations].sort().join('\n'),
      ...(ends.size > 1 ? { namespaces: [...ends].map((namespace) => namespace ?? NO_NAMESPACE) } : only !== undefined && only !== object.namespace ? { namespace: only } : {}),
      ...(renamedBy.size > 0 ? { renamedBy: [...renamedBy] } : {}),
    };
  }
  return byFile;
}

/** How a build that sets no namespace, of an object that names none, is listed among the others. */
const NO_NAMESPACE = '(none set)';

interface KustomizeGraph {
  kustomizations: readonly Located[];
  /** The kustomizations that apply each patch file (by normalised path), with their entries. */
  patchedBy: Map<string, PatchUse[]>;
  /** The objects of each file a kustomization lists itself (not those of the kustomizations it builds on). */
  listed(kustomization: Located): Located[][];
  /** The kustomizations that rename what it builds (namePrefix, nameSuffix): itself, and those building on it. */
  renamers(kustomization: Located): Set<Located>;
  /** The objects a kustomization builds from: its `resources` and `bases`, followed through theirs. */
  built(kustomization: Located): Located[];
  /**
   * The namespaces its build ends in: its own `namespace:` built alone, and
   * what each kustomization building on it makes of that; undefined in the
   * set where none of a chain sets one (the objects keep their own).
   */
  namespaces(kustomization: Located): Set<string | undefined>;
}

/**
 * Where an entry of `kustomization` points, spelled as the run names its
 * files: a path relative to it (kustomize takes a trailing `/` too), or an
 * absolute one, made relative when the run's paths are.
 */
function entryPath(kustomization: Located, entry: string): string {
  const absolute = isAbsolute(entry);
  const path = absolute ? (isAbsolute(kustomization.file.path) ? normalize(entry) : relative(process.cwd(), entry)) : join(dirname(kustomization.file.path), entry);
  return path.length > 1 ? path.replace(/[\\/]+$/, '') : path;
}

function kustomizeGraph(objects: readonly Located[]): KustomizeGraph {
  const inFile = new Map<string, Located[]>();
  const kustomizationIn = new Map<string, Located>();
  const kustomizations: Located[] = [];
  for (const located of objects) {
    const path = normalize(located.file.path);
    if (located.object.kind !== 'Kustomization') {
      pushTo(inFile, path, located);
      continue;
    }
    kustomizations.push(located);
    // Only kustomize's own file names are what a directory entry builds.
    if (isKustomizationFile(path)) kustomizationIn.set(dirname(path), located);
  }
  const patchedBy = patchUsesOf(kustomizations);
  const sources = new Map<Located, { files: Located[][]; nested: Located[] }>();
  const includers = new Map<Located, Located[]>();
  for (const kustomization of kustomizations) {
    const found = { files: [] as Located[][], nested: [] as Located[] };
    for (const entry of [...(kustomization.object.resources ?? []).map((resource) => resource.path), ...(kustomization.object.bases ?? [])]) {
      const path = entryPath(kustomization, entry);
      const file = inFile.get(path);
      if (file) found.files.push(file);
      const nested = kustomizationIn.get(path);
      if (nested && nested !== kustomization) {
        found.nested.push(nested);
        pushTo(includers, nested, kustomization);
      }
    }
    sources.set(kustomization, found);
  }
  const builtMemo = new Map<Located, Located[]>();
  const builtOf = (kustomization: Located, visiting: Set<Located>): Located[] => {
    const known = builtMemo.get(kustomization);
    if (known) return known;
    // A cycle builds nothing more (kustomize refuses it).
    if (visiting.has(kustomization)) return [];
    visiting.add(kustomization);
    const out: Located[] = [];
    const found = sources.get(kustomization);
    for (const file of found?.files ?? []) append(out, file);
    for (const nested of found?.nested ?? []) append(out, builtOf(nested, visiting));
    visiting.delete(kustomization);
    builtMemo.set(kustomization, out);
    return out;
  };
  /**
   * What a kustomization's builds make of something, followed outward: its
   * `own` values, and each value of every kustomization building on it as it
   * is `within` this one. Memoised; a cycle builds nothing more.
   */
  const outward = <T>(own: (kustomization: Located) => T[], within: (outer: T, kustomization: Located) => T) => {
    const memo = new Map<Located, Set<T>>();
    const of = (kustomization: Located, visiting: Set<Located>): Set<T> => {
      const known = memo.get(kustomization);
      if (known) return known;
      const out = new Set<T>(own(kustomization));
      if (visiting.has(kustomization)) return out;
      visiting.add(kustomization);
      for (const includer of includers.get(kustomization) ?? []) for (const outer of of(includer, visiting)) out.add(within(outer, kustomization));
      visiting.delete(kustomization);
      memo.set(kustomization, out);
      return out;
    };
    return (kustomization: Located) => of(kustomization, new Set());
  };
  return {
    kustomizations,
    patchedBy,
    listed: (kustomization) => sources.get(kustomization)?.files ?? [],
    built: (kustomization) => builtOf(kustomization, new Set()),
    // An outer namespace: replaces an inner one; where none of the chain sets one, the inner's stands.
    namespaces: outward<string | undefined>((k) => [k.object.buildNamespace], (outer, k) => outer ?? k.object.buildNamespace),
    renamers: outward<Located>((k) => (k.object.buildRenames ? [k] : []), (outer) => outer),
  };
}

function patchOf(uses: readonly PatchUse[], imageFrom: string | undefined): KustomizePatchOf {
  return {
    kustomizations: [...new Set(uses.map((use) => use.kustomization.file.path))],
    ...(imageFrom !== undefined ? { imageFrom } : {}),
  };
}

/**
 * The namespace a patched object runs in: the one every build applying the
 * patch ends in; the object's own when none sets one; unknown when they
 * differ.
 */
function buildNamespace(own: string | undefined, uses: readonly PatchUse[], graph: KustomizeGraph): { namespace?: string; unknown: boolean } {
  const ends = new Set<string | undefined>();
  for (const use of uses) for (const namespace of graph.namespaces(use.kustomization)) ends.add(namespace ?? own);
  if (ends.size !== 1) return { unknown: true };
  const [only] = ends;
  return only !== undefined ? { namespace: only, unknown: false } : { unknown: false };
}

/** The kind and name every use's `target` names, when they all name the same one by kind and name. */
function targetOfEveryUse(uses: readonly PatchUse[]): { kind: string; name: string } | undefined {
  let found: { kind: string; name: string } | undefined;
  for (const { entry } of uses) {
    const kind = entry.target?.kind;
    const name = entry.target?.name;
    if (kind === undefined || name === undefined || selectsMany(entry)) return undefined;
    if (found && (found.kind !== kind || found.name !== name)) return undefined;
    found ??= { kind, name };
  }
  return found;
}

/** A target kustomize picks by selector or by a name pattern: which objects it patches is not a kind and a name. */
function selectsMany(entry: KustomizePatchEntry): boolean {
  return entry.target?.selects === true || /[*+?()[\]{}|^$\\]/.test(entry.target?.name ?? '');
}

/** A strategic merge patch's container: the image it runs when it names none, and the namespace it is built in. */
function completeMergePatch(carrier: ArgvCarrier, context: WorkloadContext, uses: readonly PatchUse[], graph: KustomizeGraph): ArgvCarrier {
  const inherited = carrier.image === undefined && carrier.argsOnly ? inheritedImage(context, uses, graph) : undefined;
  const placed = buildNamespace(context.namespace, uses, graph);
  const { namespace: _own, ...rest } = context;
  const target = targetOfEveryUse(uses);
  // kustomize patches what `target` names, whatever the patch's own metadata says: that is the object this container is.
  const patched = target && (target.kind !== context.workloadKind || target.name !== context.workloadName)
    ? { workloadKind: target.kind, workloadName: target.name, label: context.label.replace(`${context.workloadKind}/${context.workloadName} `, `${target.kind}/${target.name} `) }
    : {};
  const completed: ArgvCarrier = {
    ...carrier,
    context: { ...rest, ...patched, ...(placed.namespace !== undefined ? { namespace: placed.namespace } : {}), ...(placed.unknown ? { namespaceUnknown: true } : {}), kustomizePatch: patchOf(uses, inherited?.from) },
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
 * target or picks by selector, the base has no such container, or two
 * builds disagree.
 */
function completeJsonPatch(carrier: ArgvCarrier, site: JsonPatchSite, uses: readonly PatchUse[], graph: KustomizeGraph): ArgvCarrier | undefined {
  const found = agreedByEveryBuild(
    uses,
    graph,
    ({ entry }) => {
      const kind = entry.target?.kind;
      const name = entry.target?.name;
      if (kind === undefined || name === undefined || selectsMany(entry)) return undefined;
      return ({ file, object }) => {
        if (object.kind !== kind || object.name !== name) return undefined;
        const run = object.containerRuns?.find((candidate) => candidate.list === site.list && candidate.index === site.index);
        return run && { kind, name, run, from: `${file.path} ${kind}/${name} container ${run.container}`, namespace: object.namespace };
      };
    },
    (a, b) => a.kind === b.kind && a.name === b.name && a.run.container === b.run.container && a.run.image === b.run.image && a.run.hasCommand === b.run.hasCommand && a.namespace === b.namespace,
  );
  if (!found) return undefined;
  const { kind, name, run } = found;
  // Args after the base's own command are not the image's entrypoint's: what runs them is not known.
  if (site.field === 'args' && run.hasCommand) return undefined;
  const placed = buildNamespace(found.namespace, uses, graph);
  const context: WorkloadContext = {
    kind: 'workload',
    label: `${kind}/${name} ${run.list === 'initContainers' ? 'initContainer' : 'container'} ${run.container} (${carrier.context.label})`,
    ...(carrier.context.hostGroup !== undefined ? { hostGroup: carrier.context.hostGroup } : {}),
    workloadKind: kind,
    workloadName: name,
    container: run.container,
    ...(placed.namespace !== undefined ? { namespace: placed.namespace } : {}),
    ...(run.list === 'initContainers' ? { isInitContainer: true } : {}),
    ...(placed.unknown ? { namespaceUnknown: true } : {}),
    kustomizePatch: patchOf(uses, run.image !== undefined ? found.from : undefined),
  };
  return { ...carrier, context, ...(run.image !== undefined ? { image: run.image } : {}) };
}

/**
 * The image of the container a patch container patches, in every build that
 * applies the patch; undefined when a build has none, two builds disagree,
 * or a target picks by selector (the patch is then read as it stands).
 */
function inheritedImage(context: WorkloadContext, uses: readonly PatchUse[], graph: KustomizeGraph): { image: string; from: string } | undefined {
  const list = context.isInitContainer ? 'initContainers' : 'containers';
  return agreedByEveryBuild(
    uses,
    graph,
    ({ entry }) => {
      if (selectsMany(entry)) return undefined;
      const kind = entry.target?.kind ?? context.workloadKind;
      const name = entry.target?.name ?? context.workloadName;
      return ({ file, object }) => {
        if (object.kind !== kind || object.name !== name) return undefined;
        // An initContainer patches an initContainer of that name, a container a container.
        const run = object.containerRuns?.find((candidate) => candidate.list === list && candidate.container === context.container);
        // Args after a base's own command are not the image's entrypoint's.
        return run?.image !== undefined && !run.hasCommand ? { image: run.image, from: `${file.path} ${kind}/${name} container ${context.container}` } : undefined;
      };
    },
    (a, b) => a.image === b.image,
  );
}

/**
 * What every kustomization applying a patch finds among the objects it
 * builds, when they all find something and all agree (`same`); the first
 * found. `matcherFor` gives, per use, what an object of its build yields
 * (undefined: nothing), or undefined when the use cannot be followed (a
 * target by selector): then nothing is agreed.
 */
function agreedByEveryBuild<T>(uses: readonly PatchUse[], graph: KustomizeGraph, matcherFor: (use: PatchUse) => ((built: Located) => T | undefined) | undefined, same: (a: T, b: T) => boolean): T | undefined {
  let found: T | undefined;
  for (const use of uses) {
    const match = matcherFor(use);
    if (!match) return undefined;
    let matched = false;
    for (const built of graph.built(use.kustomization)) {
      const value = match(built);
      if (value === undefined) continue;
      if (found !== undefined && !same(found, value)) return undefined;
      found ??= value;
      matched = true;
    }
    if (!matched) return undefined;
  }
  return found;
}

/**
 * Marks each object a patch applies to (KubeObject.patchedBy): the kind
 * and name of each document of a strategic merge patch, or a JSON patch
 * entry's target, among what the applying kustomization builds.
 */
function markPatchedObjects(objects: readonly Located[], graph: KustomizeGraph): void {
  for (const kustomization of graph.kustomizations) {
    const targets = kustomization.object.inlinePatchTargets ?? [];
    const by = `${kustomization.file.path} (an inline patch)`;
    for (const { object } of targets.length > 0 ? graph.built(kustomization) : []) {
      if (!targets.some((target) => target.kind === object.kind && target.name === object.name)) continue;
      object.patchedBy ??= [];
      if (!object.patchedBy.includes(by)) object.patchedBy.push(by);
    }
  }
  const documentsIn = new Map<string, KubeObject[]>();
  for (const { file, object } of objects) if (object.kind !== 'Kustomization') pushTo(documentsIn, normalize(file.path), object);
  for (const [path, uses] of graph.patchedBy) {
    for (const { kustomization, entry } of uses) {
      const targets = entry.target?.kind !== undefined && entry.target.name !== undefined ? [{ kind: entry.target.kind, name: entry.target.name }] : (documentsIn.get(path) ?? []);
      for (const target of targets) {
        for (const { object } of graph.built(kustomization)) {
          if (object.kind !== target.kind || object.name !== target.name) continue;
          object.patchedBy ??= [];
          if (!object.patchedBy.includes(path)) object.patchedBy.push(path);
        }
      }
    }
  }
}

/**
 * The patch files the kustomizations among `objects` apply, as paths: the
 * loader reads them whatever they hold, since a patch of a Service (an
 * annotation) names no Thanos label, and removing the Service it patches
 * would fail the build.
 */
export function kustomizePatchFiles(objects: readonly Located[]): string[] {
  return [...patchUsesOf(objects).keys()];
}

/** The kustomizations among `objects` that apply each patch file (by normalised path), with their entries. */
function patchUsesOf(objects: readonly Located[]): Map<string, PatchUse[]> {
  const uses = new Map<string, PatchUse[]>();
  for (const kustomization of objects) {
    if (kustomization.object.kind !== 'Kustomization') continue;
    for (const entry of kustomization.object.patches ?? []) pushTo(uses, entryPath(kustomization, entry.path), { kustomization, entry });
  }
  return uses;
}
