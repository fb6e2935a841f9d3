// The self-check for rewritten YAML (after prettier's AST comparison): parse
// the file before and after, diff the trees, and accept only differences a
// migration plans. Anything else means an editor went wrong, and the file is
// left untouched.

import { loadAll } from 'js-yaml';
import { isGossipFlagWord } from '../thanos/vocabulary.js';
import { firstAtOrAbove } from '../sorted.js';
import { flattenFlows } from '../text/yaml-lenient.js';
import { EARLY_FLAGS } from '../thanos/early-flags.js';

const DISCOVERY_ARG = /^--(?:store\.sd-files|query\.sd-files|endpoint\.sd-config-file|store|query|endpoint)=/;
const GOSSIP_PORT = 10900;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value as JSON text, kept per object: alignment compares each item with
 * many others, and a file of 1,500 workloads spent 1.9 s of its 5.7 s
 * migrate re-serialising the same documents.
 */
const serialised = new WeakMap<object, string | undefined>();

function canonical(value: Json | undefined): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (!serialised.has(value)) serialised.set(value, JSON.stringify(value));
  return serialised.get(value);
}

function equal(a: Json | undefined, b: Json | undefined): boolean {
  return a === b || canonical(a) === canonical(b);
}

function isGossipPort(value: Json): boolean {
  if (!isObject(value)) return false;
  return value.containerPort === GOSSIP_PORT || value.port === GOSSIP_PORT || value.name === 'cluster' || value.targetPort === 'cluster';
}

function isGossipService(value: Json): boolean {
  if (!isObject(value) || value.kind !== 'Service' || !isObject(value.spec) || !Array.isArray(value.spec.ports)) return false;
  return value.spec.ports.length > 0 && value.spec.ports.every(isGossipPort);
}

/** A NetworkPolicy rule that opened only the gossip port. */
function isGossipOnlyPolicyRule(value: Json): boolean {
  return isObject(value) && Array.isArray(value.ports) && value.ports.length > 0 && value.ports.every(isGossipPort);
}

/**
 * A kustomization's top-level `resources` (file names): an entry leaves it
 * when the migration empties that file. Nothing else has a document-level
 * list of strings under that key (a container's `resources` is a mapping).
 */
function isResourcesList(name: string, path: string[], items: Json[]): boolean {
  return name === 'resources' && path.length === 1 && items.every((item) => typeof item === 'string');
}

function isAddedObject(value: Json): boolean {
  return isObject(value) && (value.kind === 'ConfigMap' || value.kind === 'Service');
}

/** Removed argv items: gossip flags and the values that followed a bare gossip flag. */
function removedArgsAreGossip(before: Json[], removedIndexes: number[]): boolean {
  const removed = new Set(removedIndexes);
  return removedIndexes.every((index) => {
    const item = before[index];
    if (typeof item !== 'string') return false;
    if (isGossipFlagWord(item)) return true;
    const previous = before[index - 1];
    return removed.has(index - 1) && typeof previous === 'string' && isGossipFlagWord(previous) && !previous.includes('=');
  });
}

/**
 * `before`'s flags of Thanos before v0.1 that the rewrite renamed
 * (flag-unsupported's fix: `--api-address=x` became `--grpc-address=x`), as
 * their new names: the rename is planned, and the rest is compared as is.
 */
function withRenamesIn(before: Json[], after: Json[]): Json[] {
  const present = new Set(after.filter((item) => typeof item === 'string'));
  return before.map((item) => {
    if (typeof item !== 'string' || present.has(item)) return item;
    const flag = /^--([\w.-]+)(=.*)?$/.exec(item);
    if (!flag) return item;
    for (const early of EARLY_FLAGS) {
      const renamed = `--${early.renamedTo}${flag[2] ?? ''}`;
      if (early.name === flag[1] && present.has(renamed)) return renamed;
    }
    return item;
  });
}

/** A compose `command:` string: the words after are the words before minus gossip, plus discovery. */
function commandStringChangeIsPlanned(before: string, after: string): boolean {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).map((word) => word.replace(/^["']|["']$/g, ''));
  const afterWords = words(after);
  const old = withRenamesIn(words(before), afterWords) as string[];
  const kept = old.filter((word, i) => !isGossipFlagWord(word) && !(i > 0 && isGossipFlagWord(old[i - 1]!) && !old[i - 1]!.includes('=')));
  const keptWords = new Set(kept);
  const present = new Set(afterWords);
  return afterWords.every((word) => keptWords.has(word) || DISCOVERY_ARG.test(word)) && kept.every((word) => present.has(word));
}

function identity(value: Json): string | null {
  if (!isObject(value)) return null;
  const metadata = isObject(value.metadata) ? value.metadata : undefined;
  if (typeof value.kind === 'string' && metadata && typeof metadata.name === 'string') return `${value.kind}/${metadata.name}`;
  if (typeof value.name === 'string') return `name:${value.name}`;
  return null;
}

/**
 * Pairs of indexes, in order: first by identity (kind/name, `name:`) or
 * equality; then leftover anonymous objects and lists by position, so an
 * edited item is compared field by field rather than seen as removed and
 * added.
 */
function align(before: Json[], after: Json[]): { pairs: [number, number][]; removed: number[]; added: number[] } {
  const pairs: [number, number][] = [];
  const used = new Set<number>();
  const matched = new Set<number>();
  // Each item of `before` takes the first item at or after the cursor with its identity or equal to it. Every
  // index taken is below the cursor, so that is the first index at or after it in the item's list, found by
  // binary search: a scan of `after` per removed item made a file of removed seed Services quadratic.
  const byIdentity = indexesBy(after, identity);
  const byValue = indexesBy(after, (item) => canonical(item) ?? null);
  let cursor = 0;
  for (let i = 0; i < before.length; i++) {
    const key = identity(before[i]!);
    const value = canonical(before[i]);
    const j = Math.min(key === null ? Infinity : firstFrom(byIdentity.get(key), cursor), value === undefined ? Infinity : firstFrom(byValue.get(value), cursor));
    if (j === Infinity) continue;
    pairs.push([i, j]);
    used.add(j);
    matched.add(i);
    cursor = j + 1;
  }
  // A list pairs the same way: a document that is one (a JSON patch's operations) is compared item by item.
  const isCollection = (value: Json | undefined) => isObject(value) || Array.isArray(value);
  const leftBefore = before.map((_, i) => i).filter((i) => !matched.has(i) && identity(before[i]!) === null && isCollection(before[i]));
  const leftAfter = after.map((_, j) => j).filter((j) => !used.has(j) && identity(after[j]!) === null && isCollection(after[j]));
  if (leftBefore.length === leftAfter.length) {
    leftBefore.forEach((i, k) => {
      pairs.push([i, leftAfter[k]!]);
      matched.add(i);
      used.add(leftAfter[k]!);
    });
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    pairs,
    removed: before.map((_, i) => i).filter((i) => !matched.has(i)),
    added: after.map((_, j) => j).filter((j) => !used.has(j)),
  };
}

/** The indexes of `items` by a key of each (null: none), ascending. */
function indexesBy(items: Json[], keyOf: (item: Json) => string | null): Map<string, number[]> {
  const indexes = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (key === null) return;
    const list = indexes.get(key);
    if (list) list.push(index);
    else indexes.set(key, [index]);
  });
  return indexes;
}

/** The first of the ascending `indexes` at or after `from`; Infinity when none. */
function firstFrom(indexes: number[] | undefined, from: number): number {
  if (!indexes) return Infinity;
  const at = firstAtOrAbove(indexes, from);
  return at < indexes.length ? indexes[at]! : Infinity;
}

function diffValue(before: Json | undefined, after: Json | undefined, path: string[], problems: string[]): void {
  if (equal(before, after)) return;
  const key = path[path.length - 1] ?? '';
  if (Array.isArray(before) && Array.isArray(after)) {
    // A list of strings may be an argv under another key: a YAML anchor (`x-args: &args [...]`) that `args: *args` uses.
    const isArgv = key === 'args' || key === 'command' || key === 'entrypoint' || before.every((item) => typeof item === 'string');
    const was = isArgv ? withRenamesIn(before, after) : before;
    // `sh -c "<script>"`: the script string itself is rewritten in place. Equal lengths can also be one
    // gossip flag out and one discovery flag in, so a failed in-place reading falls through to alignment.
    if (isArgv && was.length === after.length && was.every((item, index) => equal(item, after[index]) || (typeof item === 'string' && typeof after[index] === 'string' && commandStringChangeIsPlanned(item, after[index] as string)))) return;
    const { pairs, removed, added } = align(was, after);
    if (removed.length > 0) {
      const ok =
        (isArgv && removedArgsAreGossip(was, removed)) ||
        (key === 'ports' && removed.every((i) => isGossipPort(was[i]!))) ||
        ((key === 'ingress' || key === 'egress') && removed.every((i) => isGossipOnlyPolicyRule(was[i]!))) ||
        ((key === '' || key === 'items') && removed.every((i) => isGossipService(was[i]!))) ||
        isResourcesList(key, path.slice(0, -1), removed.map((i) => was[i]!));
      if (!ok) problems.push(`${path.join('.') || '(documents)'}: unplanned removal`);
    }
    for (const j of added) {
      const item = after[j]!;
      const ok =
        (isArgv && typeof item === 'string' && DISCOVERY_ARG.test(item)) ||
        ((key === 'volumes' || key === 'volumeMounts') && isObject(item) && /-sd$/.test(String(item.name))) ||
        (key === 'volumes' && typeof item === 'string' && /^\.\/[\w.-]+\.(?:ya?ml|json):[^:]+:ro$/.test(item)) ||
        ((key === '' || key === 'items') && isAddedObject(item));
      if (!ok) problems.push(`${path.join('.') || '(documents)'}[${j}]: unplanned addition`);
    }
    for (const [i, j] of pairs) diffValue(was[i], after[j], [...path, String(i)], problems);
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const name of Object.keys(before)) {
      if (name in after) diffValue(before[name], after[name], [...path, name], problems);
      else if (!isPlannedKeyRemoval(name, before[name]!, path, after)) problems.push(`${[...path, name].join('.')}: unplanned removal`);
    }
    for (const name of Object.keys(after)) {
      if (name in before) continue;
      if ((name === 'volumes' || name === 'volumeMounts') && Array.isArray(after[name])) {
        diffValue([], after[name], [...path, name], problems);
        continue;
      }
      problems.push(`${[...path, name].join('.')}: unplanned addition`);
    }
    return;
  }
  if (typeof before === 'string' && typeof after === 'string' && (key === 'command' || key === 'entrypoint') && commandStringChangeIsPlanned(before, after)) return;
  // A kustomization's inline patch is YAML in a string (yaml/inline-patch.ts edits it as such): compared as YAML.
  if (typeof before === 'string' && typeof after === 'string' && key === 'patch') {
    const was = lenientDocumentsOrNull(before);
    const is = lenientDocumentsOrNull(after);
    if (was && is) {
      diffValue(was, is, [...path, '(documents)'], problems);
      return;
    }
  }
  // `volumes: []` rewritten with items, `thanos: {peers: x}` emptied to `{}`: handled above; anything else is not ours.
  if (Array.isArray(after) && (before === null || before === undefined) && (key === 'volumes' || key === 'volumeMounts')) {
    diffValue([], after, path, problems);
    return;
  }
  problems.push(`${path.join('.')}: unplanned change`);
}

/** The documents of `text` as the YAML carriers read it (yaml-lenient.ts); throws the plain read's error when it parses neither way. */
function lenientDocuments(text: string): Json[] {
  let plain: unknown;
  try {
    return loadAll(text, { json: true }) as Json[];
  } catch (error) {
    // Flattened only when needed: a copy and a scan of every rewritten file cost migrate 11 MB on 10,000 files.
    plain = error;
  }
  try {
    return loadAll(flattenFlows(text), { json: true }) as Json[];
  } catch {
    throw plain;
  }
}

function lenientDocumentsOrNull(text: string): Json[] | null {
  try {
    return lenientDocuments(text);
  } catch {
    return null;
  }
}

function isPlannedKeyRemoval(name: string, value: Json, path: string[], _after: Json): boolean {
  if (name === 'peers' && path[path.length - 1] === 'thanos') return true;
  // An argv emptied of gossip loses its key.
  if ((name === 'args' || name === 'command') && Array.isArray(value)) return removedArgsAreGossip(value, value.map((_, i) => i));
  if (name === 'ports' && Array.isArray(value)) return value.every(isGossipPort);
  if ((name === 'ingress' || name === 'egress') && Array.isArray(value)) return value.every(isGossipOnlyPolicyRule);
  if (Array.isArray(value) && isResourcesList(name, path, value)) return true;
  return false;
}

/** Differences between the two parses that no planned change explains (empty when all is well). */
export function unplannedYamlChanges(before: string, after: string): string[] | null {
  // Read as the carriers read it: a flow collection whose closing bracket
  // sits at its key's column (kubectl takes it, js-yaml does not) is read
  // flattened, before and after. Skipping such a file let an edit that
  // folded two args into one through unchecked.
  const old = lenientDocumentsOrNull(before);
  // The original does not parse on its own (templates, odd files): nothing to compare.
  if (!old) return null;
  let updated: Json[];
  try {
    updated = lenientDocuments(after);
  } catch (error) {
    return [`rewritten file no longer parses: ${(error as Error).message.split('\n')[0]}`];
  }
  const problems: string[] = [];
  diffValue(old.filter((doc) => doc !== null), updated.filter((doc) => doc !== null), [], problems);
  return problems;
}
