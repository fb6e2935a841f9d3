// Kubernetes objects and container argv carriers from a parsed YAML tree.

import type { ArgvCarrier, CarrierContext, SourceFile, Span, Word } from '../../model.js';
import type { YMap, YNode, YScalar, YSeq } from '../../text/yaml-tree.js';
import type { KubeObject, KubePort, ThanosSpec, YamlProblem } from './types.js';
import { asMap, asScalar, asSeq, get, getPair, pairIndex, str, stringMap } from './ynode.js';
import { blockItemSpan } from './collection-edit.js';
import { K8S_EXPANSION, isShellScript, wordsFromSeq } from './seq-words.js';
import { argvValue } from './alias.js';
import { partsEditor, seqPart, type ArgvPart } from './argv-parts.js';
import { lineStartOf, nextLineStart } from './text.js';
import { recordContainerSite } from './sites.js';
import { removeDocument, removeMappingEntry, removeSequenceItem } from './remove.js';
import { shellScriptCarriers, type WordSite } from './shell-c.js';
import { append } from '../../lists.js';

const POD_SPEC_PATH: Record<string, string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

function num(n: YNode | undefined): number | undefined {
  const s = str(n);
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined;
}

function portItemSpan(text: string, seq: YSeq, item: YNode): Span {
  return seq.flow ? { start: item.start, end: item.end } : blockItemSpan(text, item);
}

function servicePorts(file: SourceFile, seqNode: YNode | undefined): KubePort[] {
  const text = file.text;
  const seq = asSeq(seqNode);
  if (!seq) return [];
  const out: KubePort[] = [];
  for (const item of seq.items) {
    const m = asMap(item);
    if (!m) continue;
    const portNode = get(m, 'port');
    const target = get(m, 'targetPort');
    const itemSpan = portItemSpan(text, seq, item);
    const p: KubePort = {
      span: portNode ? { start: portNode.start, end: portNode.end } : { start: item.start, end: item.end },
      itemSpan,
      removal: () => removeSequenceItem(file, itemSpan),
    };
    const name = str(get(m, 'name'));
    if (name !== undefined) p.name = name;
    const port = num(portNode);
    if (port !== undefined) p.port = port;
    const t = str(target);
    if (t !== undefined) p.targetPort = /^\d+$/.test(t) ? Number(t) : t;
    const proto = str(get(m, 'protocol'));
    if (proto !== undefined) p.protocol = proto;
    out.push(p);
  }
  return out;
}

function containerPorts(file: SourceFile, seqNode: YNode | undefined, container: string): KubePort[] {
  const text = file.text;
  const seq = asSeq(seqNode);
  if (!seq) return [];
  const out: KubePort[] = [];
  for (const item of seq.items) {
    const m = asMap(item);
    if (!m) continue;
    const cp = get(m, 'containerPort');
    const itemSpan = portItemSpan(text, seq, item);
    const p: KubePort = {
      container,
      span: cp ? { start: cp.start, end: cp.end } : { start: item.start, end: item.end },
      itemSpan,
      removal: () => removeSequenceItem(file, itemSpan),
    };
    const name = str(get(m, 'name'));
    if (name !== undefined) p.name = name;
    const n = num(cp);
    if (n !== undefined) p.containerPort = n;
    const proto = str(get(m, 'protocol'));
    if (proto !== undefined) p.protocol = proto;
    out.push(p);
  }
  return out;
}

function thanosSpec(file: SourceFile, spec: YMap | undefined): ThanosSpec | undefined {
  const text = file.text;
  const pair = getPair(spec, 'thanos');
  if (!pair) return undefined;
  const t: ThanosSpec = { keySpan: { start: pair.key.start, end: pair.key.end }, fields: {}, fieldKeySpans: {} };
  const m = asMap(pair.value);
  for (const p of m?.pairs ?? []) {
    const k = str(p.key);
    if (k === undefined) continue;
    t.fieldKeySpans[k] = { start: p.key.start, end: p.key.end };
    if (p.value.kind === 'scalar' && !p.value.isNull) t.fields[k] = p.value.value;
    if (k === 'peers') {
      if (p.value.kind === 'scalar') t.peers = p.value.value;
      const peersSpan = m!.flow ? { start: p.start, end: p.end } : { start: lineStartOf(text, p.start), end: nextLineStart(text, p.end) };
      t.peersSpan = peersSpan;
      t.peersRemoval = () => removeMappingEntry(file, peersSpan);
    }
  }
  return t;
}

interface ContainerCtx {
  file: SourceFile;
  obj: KubeObject;
  hostGroup: string;
  problems: YamlProblem[];
}

/** The container's argv carrier; for `sh -c "<script>"`, one carrier per command of the script. */
function containerCarriers(ctx: ContainerCtx, c: YMap, init: boolean): ArgvCarrier[] {
  const { file, obj } = ctx;
  const name = str(get(c, 'name')) ?? '';
  const parts: ArgvPart[] = [];
  const words: Word[] = [];
  const sites: WordSite[] = [];
  let hasCommand = false;
  const label = `${obj.kind}/${obj.name} ${init ? 'initContainer' : 'container'} ${name}`;
  for (const key of ['command', 'args']) {
    const k = pairIndex(c, key);
    if (k < 0) continue;
    const argv = argvValue(file, c.pairs[k]!.value, label);
    if ('problems' in argv) {
      append(ctx.problems, argv.problems);
      return [];
    }
    const seq = asSeq(argv.node);
    if (!seq) continue; // a scalar command is not a valid k8s argv
    if (key === 'command') hasCommand = true;
    const sw = wordsFromSeq(file, seq, K8S_EXPANSION);
    parts.push(seqPart(file, seq, sw.words, sw.itemIndex, argv.isOwnValue ? { map: c, pairIndex: k } : null));
    append(words, sw.words);
    append(sites, sw.itemIndex.map((i) => ({ scalar: seq.items[i] as YScalar, inFlow: seq.flow })));
  }
  if (parts.length === 0) return [];
  const context: CarrierContext = {
    kind: 'workload',
    label,
    hostGroup: ctx.hostGroup,
    workloadKind: obj.kind,
    workloadName: obj.name,
    container: name,
    ...(obj.namespace !== undefined ? { namespace: obj.namespace } : {}),
    ...(init ? { isInitContainer: true } : {}),
  };
  const image = str(get(c, 'image'));
  if (isShellScript(words)) {
    return shellScriptCarriers({ file, words, sites, context, ...(image !== undefined ? { image } : {}), problems: ctx.problems });
  }
  const carrier: ArgvCarrier = {
    kind: 'yaml-sequence',
    file,
    context,
    words,
    editor: partsEditor(file, parts),
  };
  if (image !== undefined) carrier.image = image;
  if (!hasCommand) carrier.argsOnly = true;
  return [carrier];
}

/** A KubeObject (and its container carriers) from one document root or List item. */
export function readKubeObject(
  file: SourceFile, root: YMap, documentSpan: Span, inList: boolean, seq: number, problems: YamlProblem[] = [],
): { object: KubeObject; carriers: ArgvCarrier[] } {
  const text = file.text;
  const kind = str(get(root, 'kind')) ?? '';
  const meta = asMap(get(root, 'metadata'));
  const nameNode = asScalar(get(meta, 'name'));
  const labels = stringMap(get(meta, 'labels'));
  const obj: KubeObject = {
    kind,
    apiVersion: str(get(root, 'apiVersion')) ?? '',
    name: nameNode?.value ?? '',
    labels: labels?.values ?? {},
    labelKeySpans: labels?.keySpans ?? {},
    ports: [],
    containers: [],
    documentSpan,
    inList,
    span: nameNode ? { start: nameNode.start, end: nameNode.end } : { start: documentSpan.start, end: documentSpan.start },
    removal: () => (inList ? removeSequenceItem(file, documentSpan) : removeDocument(file, documentSpan)),
  };
  const ns = str(get(meta, 'namespace'));
  if (ns !== undefined) obj.namespace = ns;
  const spec = asMap(get(root, 'spec'));
  const carriers: ArgvCarrier[] = [];

  let podSpec: YMap | undefined;
  let podLabels: ReturnType<typeof stringMap>;
  const path = POD_SPEC_PATH[kind];
  if (path) {
    podSpec = asMap(get(root, ...path));
    podLabels = kind === 'Pod' ? labels : stringMap(get(root, ...path.slice(0, -1), 'metadata', 'labels'));
    const sel = stringMap(get(spec, 'selector', 'matchLabels'));
    if (sel) { obj.selector = sel.values; obj.selectorKeySpans = sel.keySpans; }
  } else if (kind === 'Prometheus') {
    podSpec = spec;
    podLabels = stringMap(get(spec, 'podMetadata', 'labels'));
    const t = thanosSpec(file, spec);
    if (t) obj.thanos = t;
  } else if (kind === 'NetworkPolicy') {
    // Each ingress/egress rule with its ports, so a gossip port can be narrowed away.
    obj.policyRules = [];
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = asSeq(get(spec, direction));
      for (const rule of rules?.items ?? []) {
        const ports = servicePorts(file, get(asMap(rule), 'ports'));
        const itemSpan = portItemSpan(text, rules!, rule);
        obj.policyRules.push({ direction, itemSpan, ports, removal: () => removeSequenceItem(file, itemSpan) });
      }
    }
  } else if (kind === 'ServiceMonitor' || kind === 'PodMonitor') {
    // Monitors select Services (or pods) by labels and scrape named ports.
    const sel = stringMap(get(spec, 'selector', 'matchLabels'));
    if (sel) { obj.selector = sel.values; obj.selectorKeySpans = sel.keySpans; }
    const endpoints = asSeq(get(spec, kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints'));
    obj.scrapePorts = (endpoints?.items ?? []).flatMap((item) => {
      const port = str(get(asMap(item), 'port'));
      return port === undefined ? [] : [port];
    });
  } else if (kind === 'ConfigMap') {
    obj.data = (asMap(get(root, 'data'))?.pairs ?? []).flatMap((pair) => {
      const key = str(pair.key);
      const value = pair.value.kind === 'scalar' ? pair.value : undefined;
      if (key === undefined || !value) return [];
      return [{ key, value: value.value, keySpan: { start: pair.key.start, end: pair.key.end }, valueSpan: { start: value.valueStart, end: value.valueEnd }, isLiteral: value.style === 4 }];
    });
  } else if (kind === 'Service') {
    const sel = stringMap(get(spec, 'selector'));
    if (sel) { obj.selector = sel.values; obj.selectorKeySpans = sel.keySpans; }
    const cip = str(get(spec, 'clusterIP'));
    if (cip !== undefined) obj.clusterIP = cip;
    const type = str(get(spec, 'type'));
    if (type !== undefined) obj.serviceType = type;
    append(obj.ports, servicePorts(file, get(spec, 'ports')));
  }
  if (podLabels) { obj.podLabels = podLabels.values; obj.podLabelKeySpans = podLabels.keySpans; }
  const serviceName = str(get(spec, 'serviceName'));
  if (serviceName !== undefined && kind === 'StatefulSet') obj.serviceName = serviceName;
  const replicas = num(get(spec, 'replicas'));
  if (replicas !== undefined) obj.replicas = replicas;

  if (podSpec) {
    const dnsPolicy = str(get(podSpec, 'dnsPolicy'));
    if (dnsPolicy !== undefined) obj.dnsPolicy = dnsPolicy;
    obj.configMapVolumes = (asSeq(get(podSpec, 'volumes'))?.items ?? []).flatMap((item) => {
      const volume = str(get(item, 'name'));
      const configMap = str(get(item, 'configMap', 'name'));
      if (volume === undefined || configMap === undefined) return [];
      const items = (asSeq(get(item, 'configMap', 'items'))?.items ?? []).flatMap((entry) => {
        const key = str(get(entry, 'key'));
        const path = str(get(entry, 'path'));
        return key !== undefined && path !== undefined ? [{ key, path }] : [];
      });
      return [{ volume, configMap, ...(items.length > 0 ? { items } : {}) }];
    });
    const mounts: NonNullable<KubeObject['mounts']> = (obj.mounts = []);
    const ctx: ContainerCtx = { file, obj, hostGroup: `pod:${file.path}#${seq}:${kind}/${obj.name}`, problems };
    for (const key of ['initContainers', 'containers'] as const) {
      (asSeq(get(podSpec, key))?.items ?? []).forEach((item, index) => {
        const c = asMap(item);
        if (!c) return;
        const cname = str(get(c, 'name')) ?? '';
        obj.containers.push(cname);
        const image = str(get(c, 'image'));
        (obj.containerRuns ??= []).push({ list: key, index, container: cname, ...(image !== undefined ? { image } : {}), hasCommand: pairIndex(c, 'command') >= 0 });
        append(obj.ports, containerPorts(file, get(c, 'ports'), cname));
        for (const mount of asSeq(get(c, 'volumeMounts'))?.items ?? []) {
          const volume = str(get(mount, 'name'));
          const mountPath = str(get(mount, 'mountPath'));
          const subPath = str(get(mount, 'subPath'));
          if (volume !== undefined && mountPath !== undefined) mounts.push({ container: cname, volume, mountPath, ...(subPath !== undefined ? { subPath } : {}) });
        }
        for (const carrier of containerCarriers(ctx, c, key === 'initContainers')) {
          carriers.push(carrier);
          recordContainerSite(carrier, {
            text, obj, root, podPath: path ?? ['spec'], podSpec, container: c, init: key === 'initContainers',
          });
        }
      });
    }
  }
  return { object: obj, carriers };
}
