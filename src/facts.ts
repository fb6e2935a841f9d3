// The neutral facts of an input, as the carriers read them and the rules and
// the analysis use them: Kubernetes objects and their ports, compose
// services, Helm values keys and named templates, config-management
// variables, unit slots, jsonnet leftovers, documentation blocks. No file
// format lives here: where a fact can be removed, it carries the removal its
// carrier spelled (`removal()`), so a rule asks for it without knowing YAML.

import type { ArgvCarrier, Edit, SourceFile, Span, Word } from './model.js';

// ---- Kubernetes and compose (read by carriers/yaml)

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
  /** The whole sequence item, dash included. */
  itemSpan: Span;
  /** Edits that remove this port's item (a leftover the migration drops). */
  removal(): Edit[];
}

/** `spec.thanos` of a Prometheus-Operator `Prometheus` resource. */
export interface ThanosSpec {
  /** The `thanos` key. */
  keySpan: Span;
  peers?: string;
  /** The whole `peers:` key and value, as full lines. */
  peersSpan?: Span;
  /** Edits that remove the `peers:` entry, when there is one. */
  peersRemoval?(): Edit[];
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
  /** NetworkPolicy: its ingress and egress rules with their ports. */
  policyRules?: { direction: 'ingress' | 'egress'; itemSpan: Span; ports: KubePort[]; removal(): Edit[] }[];
  /** Edits that remove the whole object: its document, or its item of a `kind: List`. */
  removal(): Edit[];
  /** ServiceMonitor / PodMonitor: the port names it scrapes. */
  scrapePorts?: string[];
  /** Kustomization: its `resources` entries (paths relative to its file) with the edits that drop each. */
  resources?: { path: string; itemSpan: Span; removal(): Edit[] }[];
  /** Kustomization: its `bases` (the older spelling of directory resources), relative to its file. */
  bases?: string[];
  /** Kustomization: its `namespace:`, which kustomize sets on every object it builds. */
  buildNamespace?: string;
  /** Kustomization: it sets `namePrefix` or `nameSuffix`, which kustomize puts on the name of every object it builds. */
  buildRenames?: true;
  /** Kustomization: its patch files (`patchesStrategicMerge`, `patchesJson6902`, `patches[].path`), relative to its file. */
  patches?: KustomizePatchEntry[];
  /** Kustomization: the objects its inline patches (`patches[].patch`) patch, by kind and name. */
  inlinePatchTargets?: { kind: string; name: string }[];
  /**
   * Set when a kustomization applies a patch of this object (kind and name
   * a strategic merge patch names, or a JSON patch's target): the patch
   * files. Removing the object alone would leave those patches matching
   * nothing, which fails the build.
   */
  patchedBy?: string[];
  /** Set on the objects of a file a kustomization lists (`resources`, `bases`): where its builds put it. */
  kustomizeBuilt?: KustomizeBuilt;
  /**
   * Set on the documents of a file a kustomization applies as a patch: each
   * changes an object of the build and is none itself (a Service patch that
   * adds an annotation selects no pod, exposes no port).
   */
  isKustomizePatch?: true;
  /** Workloads: the pod's `dnsPolicy`, when it sets one (a short name resolves in the pod's namespace only under ClusterFirst). */
  dnsPolicy?: string;
  /** Workloads: each container of the pod template in its list's order, its image when it names one, and whether it sets `command`. */
  containerRuns?: ContainerRun[];
  /** Pod volumes backed by a ConfigMap (what an SD file path inside the container reads). */
  configMapVolumes?: { volume: string; configMap: string; items?: { key: string; path: string }[] }[];
  /** Containers' volume mounts. */
  mounts?: { container: string; volume: string; mountPath: string; subPath?: string }[];
  /** ConfigMap `data` entries; `isLiteral`: a `|` block, whose lines map one to one onto the file. */
  data?: ConfigMapEntry[];
}

/**
 * Where kustomize builds an object: the kustomizations listing its file, the
 * namespace every build of it ends in (none: its own), or the namespaces
 * when they differ, and the kustomizations of its builds that rename it.
 * Reports name it by what its file says; its address is the build's.
 */
export interface KustomizeBuilt {
  kustomizations: string[];
  /** The kustomizations, sorted, as one key: objects with the same key are built together, into one namespace in every build. */
  builds: string;
  namespace?: string;
  namespaces?: string[];
  renamedBy?: string[];
}

/**
 * A patch file a kustomization applies, and the object it patches when the
 * entry says (`target:`); otherwise each patch names its own target by kind
 * and name, as a strategic merge patch does.
 */
export interface KustomizePatchEntry {
  path: string;
  /** `selects`: the target also picks by label or annotation selector, so which objects it patches is not a kind and a name. */
  target?: { kind?: string; name?: string; selects?: boolean };
}

export interface ContainerRun {
  list: 'containers' | 'initContainers';
  /** Its position in that list (what a JSON patch path names). */
  index: number;
  container: string;
  image?: string;
  hasCommand: boolean;
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

// ---- Helm values (carriers/helm)

export interface ValuesKey {
  file: SourceFile;
  /** Dotted path, e.g. `query.cluster.port`. */
  path: string;
  value: string;
  /** The key through the end of its line. */
  span: Span;
}

// ---- Helm named templates (carriers/helm)

export interface TemplateDefine {
  file: SourceFile;
  name: string;
  /** Each line of the body with its span (content only). */
  lines: { text: string; span: Span }[];
}

// ---- Ansible, Puppet and Terraform variables

/**
 * Where a script expands one name, in order: `spans`, shared by every
 * assignment of that name (a copy of the later uses per assignment was n²
 * in a script that reassigns one name in each of its n functions); an
 * assignment's own uses are those from `from` on.
 */
export interface ScriptUses {
  spans: readonly Span[];
  from: number;
}

export interface ConfigVariable {
  file: SourceFile;
  name: string;
  value: string;
  span: Span;
  /** Where a script expands it (`$PEERS`, `${PEERS}`) after assigning it; absent for configuration files. */
  uses?: ScriptUses;
  /** Edits removing a script's assignment (its whole line when it stands alone), for a variable nothing needs any more. */
  removal?: () => Edit[];
}

// ---- systemd units (carriers/systemd)

export interface UnitSlot {
  unit: SourceFile;
  /** The ExecStart carrier the slot is a word of. */
  carrier: ArgvCarrier;
  reference: Word;
  name: string;
  /** EnvironmentFile= paths that are not in the input, or not for certain (one of them may define it). */
  missingFiles: string[];
  /** Of those, the ones several files in the input could be, none nearer the unit than the others. */
  ambiguousFiles: { path: string; candidates: string[] }[];
  /** A commented-out definition in one of the unit's env files. */
  commentedOut?: { file: SourceFile; span: Span };
}

// ---- jsonnet (carriers/jsonnet)

export interface JsonnetPort {
  span: Span;
  name?: string;
  port?: number;
  /** A Service port (`servicePort.newNamed`, `{port: …}`) or a container port (`containerPort.newNamed`, `{containerPort: …}`). */
  owner: 'service' | 'container';
}

export interface JsonnetService {
  span: Span;
  name?: string;
  selector: Record<string, string>;
  /** From `…metadata.withLabels({…})` in the same expression. */
  labels: Record<string, string>;
  ports: JsonnetPort[];
}

export interface JsonnetMonitor {
  span: Span;
  kind: 'ServiceMonitor' | 'PodMonitor';
  name?: string;
  selector: Record<string, string>;
  /** Port names it scrapes. */
  ports: string[];
}

export interface JsonnetLeftovers {
  file: SourceFile;
  /** Gossip ports (10900, or named `cluster`), the seed Services' ones included. */
  ports: JsonnetPort[];
  services: JsonnetService[];
  monitors: JsonnetMonitor[];
  /** Keys of `thanos-peer(s)` labels, prefixed ones too (`mychart-thanos-peer`). */
  peerLabels: Span[];
}

// ---- documentation (carriers/embedded)

/** Text that documents rather than configures: prose, pasted `--help` output, a flag table, pasted command output. */
export interface DocumentationBlock {
  span: Span;
  kind: 'prose' | 'help output' | 'flag table' | 'command output';
}

/** A unit and the EnvironmentFile it reads, found in the input, with how the path was matched. */
export interface EnvFileLink {
  unit: SourceFile;
  envFile: SourceFile;
  reason: string;
}
