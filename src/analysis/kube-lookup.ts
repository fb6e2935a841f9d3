// Lookups over one run's Kubernetes objects, built once per run. Each
// workload asks which Services select its pods and which object its
// container belongs to; a scan of every object per ask made one file of
// 30,000 workloads quadratic (minutes where a second will do).

import type { Invocation, SourceFile } from '../model.js';
import type { KubeObject } from '../facts.js';
import { workloadContextOf } from '../model.js';
import { pushTo } from '../lists.js';

export interface KubeEntry {
  file: SourceFile;
  object: KubeObject;
}

export interface KubeLookup {
  /**
   * Objects of `kind` whose selector's pairs are all among `labels`, in
   * input order. An empty selector matches any labels (callers decide what
   * that means); an object without a selector is never returned.
   */
  selecting(kind: string, labels: Readonly<Record<string, string>>): KubeEntry[];
  /** The first object of `file` named `name` (of `kind`, when given), in input order. */
  inFile(file: SourceFile, name: string, kind?: string): KubeEntry | undefined;
  /** Objects of `kind` named `name`, in input order. */
  named(kind: string, name: string): readonly KubeEntry[];
}

const NONE: readonly KubeEntry[] = [];
const lookups = new WeakMap<readonly KubeEntry[], KubeLookup>();

/** The lookup over `objects`, built on first use; `objects` is a run's list, complete once read. */
export function kubeLookupOf(objects: readonly KubeEntry[]): KubeLookup {
  const known = lookups.get(objects);
  if (known) return known;
  const lookup = buildLookup(objects);
  lookups.set(objects, lookup);
  return lookup;
}

/** Parts joined with NUL (a template string: `join` of a rest array was garbage per ask). */
const key = (a: string, b?: string, c?: string): string => (b === undefined ? a : c === undefined ? `${a}\0${b}` : `${a}\0${b}\0${c}`);

function buildLookup(objects: readonly KubeEntry[]): KubeLookup {
  // A selector is filed under its first pair: labels holding it are the
  // only ones it can match, so an ask looks in one bucket per label.
  const bySelectorPair = new Map<string, number[]>();
  // Most asks are for a kind no object of the run has (PodMonitor, ServiceMonitor): those need no buckets.
  const kindsSelecting = new Set<string>();
  const byName = new Map<string, KubeEntry[]>();
  const byFileName = new Map<SourceFile, Map<string, KubeEntry[]>>();
  objects.forEach((entry, ordinal) => {
    const { kind, name, selector } = entry.object;
    let names = byFileName.get(entry.file);
    if (!names) byFileName.set(entry.file, (names = new Map()));
    pushTo(names, name, entry);
    // A patch is found in its own file (the container it patches), never as an object of the build.
    if (entry.object.isKustomizePatch) return;
    if (selector) {
      kindsSelecting.add(kind);
      const first = Object.entries(selector)[0];
      pushTo(bySelectorPair, first ? key(kind, first[0], first[1]) : key(kind), ordinal);
    }
    pushTo(byName, key(kind, name), entry);
  });
  return {
    selecting(kind, labels) {
      if (!kindsSelecting.has(kind)) return [];
      // The empty selectors' bucket and one per label, each in input order: merged and sorted only when several hold objects.
      const buckets = [bySelectorPair.get(key(kind))];
      for (const label of Object.keys(labels)) buckets.push(bySelectorPair.get(key(kind, label, labels[label]!)));
      const ordinals: number[] = [];
      let filled = 0;
      for (const bucket of buckets) {
        if (!bucket) continue;
        filled++;
        for (const ordinal of bucket) ordinals.push(ordinal);
      }
      if (filled > 1) sortNumbers(ordinals);
      const found: KubeEntry[] = [];
      for (const ordinal of ordinals) {
        const entry = objects[ordinal]!;
        if (labelsMatch(entry.object.selector!, labels)) found.push(entry);
      }
      return found;
    },
    inFile(file, name, kind) {
      const entries = byFileName.get(file)?.get(name) ?? NONE;
      return kind === undefined ? entries[0] : entries.find((entry) => entry.object.kind === kind);
    },
    named(kind, name) {
      return byName.get(key(kind, name)) ?? NONE;
    },
  };
}

/**
 * Ascending, in place. A workload's labels fill a bucket or two of a few
 * Services each: Array#sort copied them into work arrays on every ask
 * (11 MB of garbage for 7,500 workloads), insertion needs none.
 */
function sortNumbers(numbers: number[]): void {
  if (numbers.length > 32) {
    numbers.sort((a, b) => a - b);
    return;
  }
  for (let i = 1; i < numbers.length; i++) {
    const value = numbers[i]!;
    let at = i - 1;
    for (; at >= 0 && numbers[at]! > value; at--) numbers[at + 1] = numbers[at]!;
    numbers[at + 1] = value;
  }
}

/** Every `key: value` of `selector` is among `labels` (an empty selector matches; callers decide what that means). */
export function labelsMatch(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const label of Object.keys(selector)) if (labels[label] !== selector[label]) return false;
  return true;
}

const containersByInvocations = new WeakMap<readonly Invocation[], Map<SourceFile, Map<string, string[]>>>();

/** The containers of a workload that run Thanos, in invocation order (an index per invocation list, built once). */
export function thanosContainersOf(invocations: readonly Invocation[], file: SourceFile, object: KubeObject): string[] {
  let byFile = containersByInvocations.get(invocations);
  if (!byFile) {
    byFile = new Map();
    for (const invocation of invocations) {
      const context = workloadContextOf(invocation.carrier.context);
      if (!context) continue;
      let byObject = byFile.get(invocation.carrier.file);
      if (!byObject) byFile.set(invocation.carrier.file, (byObject = new Map()));
      pushTo(byObject, key(context.workloadKind, context.workloadName), context.container);
    }
    containersByInvocations.set(invocations, byFile);
  }
  return byFile.get(file)?.get(key(object.kind, object.name)) ?? [];
}

/**
 * The namespace `object` runs in: the one every kustomize build of it ends in
 * (KubeObject.kustomizeBuilt), else its metadata's, else `fallback`
 * (--namespace); undefined when its builds end in several, or nothing says.
 */
export function placedNamespace(object: KubeObject, fallback: string | undefined): string | undefined {
  const built = object.kustomizeBuilt;
  if (built?.namespaces) return undefined;
  return built?.namespace ?? object.namespace ?? fallback;
}
