// Plain data produced by the YAML carriers besides the argv carriers.

import type { ArgvCarrier, Span } from '../../model.js';

export interface KubePort {
  name?: string;
  /** Service port. */
  port?: number;
  containerPort?: number;
  targetPort?: string | number;
  protocol?: string;
  /** Container the port belongs to (containerPort entries only). */
  container?: string;
  /** The `port:` / `containerPort:` value (when present; else the item). */
  span: Span;
  /** The whole sequence item, dash included: pass to removeSequenceItem. */
  itemSpan: Span;
}

/** `spec.thanos` of a Prometheus-Operator `Prometheus` resource. */
export interface ThanosSpec {
  /** The `thanos` key. */
  keySpan: Span;
  peers?: string;
  /** The whole `peers:` key and value, as full lines (pass to removeMappingEntry). */
  peersSpan?: Span;
  /** Scalar fields of spec.thanos (peers, image, version, baseImage, …). */
  fields: Record<string, string>;
  /** Key spans of those fields. */
  fieldKeySpans: Record<string, Span>;
}

export interface KubeObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  /** Key spans of metadata.labels entries (pass to removeMappingEntry). */
  labelKeySpans: Record<string, Span>;
  /** Pod template labels (workloads), podMetadata labels (Prometheus). */
  podLabels?: Record<string, string>;
  podLabelKeySpans?: Record<string, Span>;
  /** Service spec.selector, or workload spec.selector.matchLabels. */
  selector?: Record<string, string>;
  selectorKeySpans?: Record<string, Span>;
  serviceName?: string;
  replicas?: number;
  clusterIP?: string;
  /** Service `type`. */
  serviceType?: string;
  /** Service ports and container ports (tagged with `container`). */
  ports: KubePort[];
  /** Names of containers (and init containers) in the pod template. */
  containers: string[];
  /** The whole document, or the list item for `kind: List` members. */
  documentSpan: Span;
  /** True for members of a `kind: List` (documentSpan is then a sequence item). */
  inList: boolean;
  /** Span of the metadata.name value (the document start when absent). */
  span: Span;
  thanos?: ThanosSpec;
  /** NetworkPolicy: its ingress and egress rules (item spans for removeSequenceItem) with their ports. */
  policyRules?: { direction: 'ingress' | 'egress'; itemSpan: Span; ports: KubePort[] }[];
  /** ServiceMonitor / PodMonitor: the port names it scrapes. */
  scrapePorts?: string[];
  /** Kustomization: its `resources` entries (paths relative to its file) with their item spans (pass to removeSequenceItem). */
  resources?: { path: string; itemSpan: Span }[];
  /** Pod volumes backed by a ConfigMap (what an SD file path inside the container reads). */
  configMapVolumes?: { volume: string; configMap: string; items?: { key: string; path: string }[] }[];
  /** Containers' volume mounts. */
  mounts?: { container: string; volume: string; mountPath: string; subPath?: string }[];
  /** ConfigMap `data` entries; `isLiteral`: a `|` block, whose lines map one to one onto the file. */
  data?: ConfigMapEntry[];
}

export interface ConfigMapEntry {
  key: string;
  value: string;
  keySpan: Span;
  /** The value's content (a block's first content character to its end). */
  valueSpan: Span;
  isLiteral: boolean;
}

export interface ComposeService {
  name: string;
  image?: string;
  /** Networks the service joins; `default` when none are listed. */
  networks: string[];
  /** Bind mounts (`./sd.yaml:/etc/thanos/sd.yaml:ro`, or long syntax): host source and container target. */
  binds?: { source: string; target: string }[];
  /** The service key. */
  span: Span;
}

export interface YamlProblem {
  span: Span;
  message: string;
  /** A place the carrier declines to edit (a human's job), not unreadable input. */
  isManual?: boolean;
}

export interface YamlReadResult {
  carriers: ArgvCarrier[];
  objects: KubeObject[];
  composeServices: ComposeService[];
  problems: YamlProblem[];
}
