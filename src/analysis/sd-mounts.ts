// The SD file a containerized Query or Rule reads, found through what
// mounts it: in Kubernetes a volumeMount of a ConfigMap volume (the key, or
// the `items` path, or a subPath), in docker-compose a bind mount of a host
// file. This is what `migrate` writes (a `<workload>-store-sd` ConfigMap
// mounted at /etc/thanos/sd, a compose bind mount), so `check` can validate
// it like a standalone SD file.

import { dirname, join, posix } from 'node:path';
import type { Invocation, SourceFile, WorkloadContext } from '../model.js';
import type { ComposeService, ConfigMapEntry, KubeObject } from '../facts.js';
import { kubeLookupOf, placedNamespace } from './kube-lookup.js';

export type MountedSdLookup =
  | {
      status: 'found';
      /** What Thanos reads. */
      text: string;
      /** Where problems are shown: the manifest holding the ConfigMap, or the host file. */
      file: SourceFile;
      /** How the file was found, for messages: `ConfigMap thanos-query-store-sd key thanos-store-sd.yaml`. */
      note: string;
      /** Offset in `file` of a 1-based line and column of `text`. */
      offsetOf(line: number, column: number): number;
    }
  | { status: 'missing'; file: SourceFile; note: string }
  | { status: 'unknown' };

export interface MountFacts {
  kubeObjects: { file: SourceFile; object: KubeObject }[];
  composeServices: { file: SourceFile; service: ComposeService }[];
}

const UNKNOWN: MountedSdLookup = { status: 'unknown' };

export function locateMountedSdFile(invocation: Invocation, value: string, facts: MountFacts, read: (path: string) => string | null): MountedSdLookup {
  const context = invocation.carrier.context;
  if (!value.startsWith('/') || /[$`{}*?[]|<%/.test(value)) return UNKNOWN;
  if (context.kind === 'workload') return throughConfigMap(invocation, context, value, facts);
  if (context.kind === 'compose') return throughBindMount(invocation, context.service, value, facts, read);
  return UNKNOWN;
}

function throughConfigMap(invocation: Invocation, context: WorkloadContext, value: string, facts: MountFacts): MountedSdLookup {
  const { file } = invocation.carrier;
  const kube = kubeLookupOf(facts.kubeObjects);
  const workload = kube.inFile(file, context.workloadName, context.workloadKind)?.object;
  if (!workload) return UNKNOWN;
  const mount = (workload.mounts ?? [])
    .filter((candidate) => candidate.container === context.container && (value === candidate.mountPath || value.startsWith(`${candidate.mountPath.replace(/\/$/, '')}/`)))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  const volume = mount && (workload.configMapVolumes ?? []).find((candidate) => candidate.volume === mount.volume);
  if (!mount || !volume) return UNKNOWN;
  // Both where their builds put them: a kustomization's namespace: places a ConfigMap with its workload.
  const namespace = placedNamespace(workload, undefined);
  const configMap = kube.named('ConfigMap', volume.configMap).find((entry) => placedNamespace(entry.object, undefined) === namespace);
  // A ConfigMap made elsewhere (a generator, another repository) is not ours to judge.
  if (!configMap) return UNKNOWN;
  const projected = mount.subPath ?? posix.relative(mount.mountPath, value);
  const key = volume.items ? volume.items.find((item) => item.path === projected)?.key : projected;
  const where = `ConfigMap ${volume.configMap}`;
  const entry = key === undefined || (mount.subPath === undefined && value === mount.mountPath) ? undefined : configMap.object.data?.find((candidate) => candidate.key === key);
  if (!entry) return { status: 'missing', file: configMap.file, note: `${where} has no key for ${value} (mounted at ${mount.mountPath})` };
  if (/\{\{|<%|\{%/.test(entry.value)) return UNKNOWN;
  return { status: 'found', text: entry.value, file: configMap.file, note: `${where} key ${entry.key}, mounted at ${mount.mountPath}`, offsetOf: offsetsOf(configMap.file, entry) };
}

/** A `|` block maps line for line onto the file (each line indented like its first); anything else points at the value. */
function offsetsOf(file: SourceFile, entry: ConfigMapEntry): (line: number, column: number) => number {
  if (!entry.isLiteral) return () => entry.valueSpan.start;
  const firstLine = file.text.lastIndexOf('\n', entry.valueSpan.start - 1) + 1;
  const indent = entry.valueSpan.start - firstLine;
  return (line, column) => {
    let offset = firstLine;
    for (let i = 1; i < line; i++) {
      const next = file.text.indexOf('\n', offset);
      if (next === -1 || next >= entry.valueSpan.end) break;
      offset = next + 1;
    }
    return Math.min(offset + indent + column - 1, entry.valueSpan.end);
  };
}

function throughBindMount(invocation: Invocation, serviceName: string, value: string, facts: MountFacts, read: (path: string) => string | null): MountedSdLookup {
  const { file } = invocation.carrier;
  const service = facts.composeServices.find((entry) => entry.file === file && entry.service.name === serviceName)?.service;
  const bind = (service?.binds ?? [])
    .filter((candidate) => value === candidate.target || value.startsWith(`${candidate.target.replace(/\/$/, '')}/`))
    .sort((a, b) => b.target.length - a.target.length)[0];
  if (!bind || bind.source.startsWith('~')) return UNKNOWN;
  const host = join(dirname(file.path), bind.source, posix.relative(bind.target, value));
  const text = read(host);
  const hostFile: SourceFile = { path: host, text: text ?? '', kind: 'unknown' };
  const note = `bind-mounted from ${bind.source} at ${bind.target}`;
  if (text === null) return { status: 'missing', file: hostFile, note };
  const lines = text.split('\n');
  return { status: 'found', text, file: hostFile, note, offsetOf: (line, column) => lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1 };
}
