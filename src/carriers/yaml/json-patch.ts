// A JSON 6902 patch file, as kustomize's `patchesJson6902` (or `patches:`
// with a target) applies it: a list of `op` / `path` / `value`. An op that
// sets a container's `args` or `command` holds a whole argv:
//
//   - op: replace
//     path: /spec/template/spec/containers/0/args
//     value: [query, --cluster.peers=thanos-peers.prod.svc:10900]
//
// The file does not say which workload or container that is: the
// kustomization's `target` names the object, and the base's container at that
// index names the container and its image. So each such op is read here as a
// command, and kustomize-patches.ts makes it that container once every file
// is read. An op that adds one flag (`…/args/-`) is not an argv: its gossip
// flag stays a human's, as any string outside an argv.

import type { ArgvCarrier, SourceFile } from '../../model.js';
import type { ContainerRun } from '../../facts.js';
import type { YMap, YSeq } from '../../text/yaml-tree.js';
import { asMap, asSeq, get, str } from './ynode.js';
import { K8S_EXPANSION, wordsFromSeq } from './seq-words.js';
import { partsEditor, seqPart } from './argv-parts.js';
import { lineColumnAt } from '../../argv/text-lines.js';

/** Container argvs in a pod template, a Pod, or a CronJob's job template. */
const CONTAINER_ARGV_PATH = /^\/spec\/(?:template\/spec\/|jobTemplate\/spec\/template\/spec\/)?(containers|initContainers)\/(\d+)\/(args|command)$/;

/** Which container's argv an op sets: its list, its index there, and the field. */
export interface JsonPatchSite {
  list: ContainerRun['list'];
  index: number;
  field: 'args' | 'command';
}

const sites = new WeakMap<ArgvCarrier, JsonPatchSite>();

export function jsonPatchSiteOf(carrier: ArgvCarrier): JsonPatchSite | undefined {
  return sites.get(carrier);
}

/** The same op on another carrier: one read from an inline patch, moved onto its kustomization (inline-patch.ts). */
export function recordJsonPatchSite(carrier: ArgvCarrier, site: JsonPatchSite): void {
  sites.set(carrier, site);
}

/** A document that is a list of operations: every item a mapping with `op` and `path`. */
export function isJsonPatchRoot(seq: YSeq): boolean {
  return seq.items.length > 0 && seq.items.every((item) => {
    const map = asMap(item);
    return map !== undefined && str(get(map, 'op')) !== undefined && str(get(map, 'path')) !== undefined;
  });
}

export function readJsonPatchCarriers(file: SourceFile, seq: YSeq, documentIndex: number): ArgvCarrier[] {
  const carriers: ArgvCarrier[] = [];
  seq.items.forEach((item, opIndex) => {
    const op = item as YMap;
    const kind = str(get(op, 'op'));
    const path = str(get(op, 'path')) ?? '';
    const match = CONTAINER_ARGV_PATH.exec(path);
    const value = asSeq(get(op, 'value'));
    if ((kind !== 'replace' && kind !== 'add') || !match || !value) return;
    const { words, itemIndex } = wordsFromSeq(file, value, K8S_EXPANSION);
    const field = match[3] as JsonPatchSite['field'];
    const carrier: ArgvCarrier = {
      kind: 'yaml-sequence',
      file,
      context: { kind: 'command', label: `JSON patch op at line ${lineColumnAt(file, op.start).line} (${path})`, hostGroup: `json-patch:${file.path}#${documentIndex}:${opIndex}` },
      words,
      // No owner: an op whose value empties stays an op that sets an empty list.
      editor: partsEditor(file, [seqPart(file, value, words, itemIndex, null)]),
      ...(field === 'args' ? { argsOnly: true } : {}),
    };
    sites.set(carrier, { list: match[1] as JsonPatchSite['list'], index: Number(match[2]), field });
    carriers.push(carrier);
  });
  return carriers;
}
