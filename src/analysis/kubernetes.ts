// StoreAPI and Query addresses on Kubernetes come from Services, not from
// pods: a Service whose selector matches the workload's pod labels and that
// exposes the port; per-replica names for a StatefulSet under its headless
// governing Service; Prometheus-Operator's `prometheus-<name>-<i>` pods under
// `prometheus-operated`. Where no Service exposes the port, a headless one is
// proposed. Namespaces come from metadata, a kustomize build, or --namespace,
// never assumed.

import type { Asks, Confidence, Invocation, Provenance, SourceFile, ServiceToAdd } from '../model.js';
import type { KubeObject, KubePort } from '../facts.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { workloadContextOf } from '../model.js';
import { kubeLookupOf, labelsMatch, placedNamespace, type KubeEntry } from './kube-lookup.js';

export { labelsMatch, thanosContainersOf } from './kube-lookup.js';

export interface KubeIndex {
  objects: KubeEntry[];
  /** --namespace, for objects whose metadata has none. */
  defaultNamespace?: string;
  /** `pod`: one name per StatefulSet replica; `srv`: one dnssrv+ record per Service. */
  dnsStyle: 'pod' | 'srv';
}

export type { ServiceToAdd } from '../model.js';

export type KubeInferred =
  | { addresses: string[]; confidence: Confidence; provenance: Provenance[]; reason: string; serviceToAdd?: ServiceToAdd; buildRelative?: { builds: string; otherwise: string } }
  | { missing: string; asks?: Asks };

/**
 * The kustomizations that list an object kustomize builds into several
 * namespaces, as one key: objects with the same key are built together,
 * into one namespace in every build.
 */
export function buildsKey(object: KubeObject): string | undefined {
  const built = object.kustomizeBuilt;
  return built?.namespaces ? built.builds : undefined;
}

function provenanceAt(file: SourceFile, offset: number, note: string): Provenance {
  const { line, column } = lineColumnAt(file, offset);
  return { file: file.path, line, column, note };
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod', 'Job', 'CronJob', 'Prometheus']);

export function workloadOf(invocation: Invocation, index: KubeIndex): { file: SourceFile; object: KubeObject } | undefined {
  const context = workloadContextOf(invocation.carrier.context);
  if (!context || !WORKLOAD_KINDS.has(context.workloadKind)) return undefined;
  return kubeLookupOf(index.objects).inFile(invocation.carrier.file, context.workloadName, context.workloadKind);
}

/** A Service selects pods only through a non-empty selector. */
function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return selector !== undefined && labels !== undefined && Object.keys(selector).length > 0 && labelsMatch(selector, labels);
}

function servicePortFor(service: KubeObject, containerPort: number, portName: string | undefined): KubePort | undefined {
  return service.ports.find((port) => {
    if (port.targetPort !== undefined) return port.targetPort === containerPort || (portName !== undefined && port.targetPort === portName);
    return port.port === containerPort;
  });
}

function namespaceAsk(object: KubeObject): Asks {
  return { flag: '--namespace', about: `the namespace of ${object.kind}/${object.name} (no metadata.namespace)` };
}

/**
 * Why the address of an object kustomize builds is not in the input: a
 * build renames it, so the name the input gives is another in that build.
 */
function unbuiltAddress(object: KubeObject): string | undefined {
  const renamedBy = renamersOf(object);
  return renamedBy && `its name: ${renamedBy}, so ${object.kind}/${object.name} runs under another name, and the tool does not build kustomizations`;
}

/** The kustomizations renaming an object (KustomizeBuilt.renamedBy), as the messages say it; undefined when none does. */
function renamersOf(object: KubeObject): string | undefined {
  const renamedBy = object.kustomizeBuilt?.renamedBy;
  return renamedBy && `${renamedBy.join(', ')} renames what it builds (namePrefix, nameSuffix, or a patch of metadata/name)`;
}

/** What a consumer not built with an object that kustomize builds into several namespaces is told of it. */
function severalNamespaces(object: KubeObject): string {
  const built = object.kustomizeBuilt!;
  return `one namespace for ${object.kind}/${object.name}: the builds of ${built.kustomizations.join(', ')} put it in ${built.namespaces!.join(', ')}, and the tool does not build kustomizations (a Service name with no namespace is each build's own, for a Querier built beside it)`;
}

function hasTemplate(value: string | undefined): boolean {
  return value !== undefined && /\{\{|\$\(/.test(value);
}

/**
 * The DNS names by which Query reaches `port` of the workload running
 * `invocation`, or what is missing to know them.
 */
export function inferKubeAddresses(invocation: Invocation, port: number, portRole: 'grpc' | 'http', index: KubeIndex): KubeInferred | null {
  const context = invocation.carrier.context;
  // The pod labels and ports a Service selects are the patched object's; --namespace would not say where the build runs.
  if (context.kind === 'workload' && context.kustomizePatch) {
    return { missing: `the address of the object this patch changes: ${context.workloadKind}/${context.workloadName} here is a kustomize patch (applied by ${context.kustomizePatch.kustomizations.join(', ')}), and the tool does not build kustomizations` };
  }
  const workload = workloadOf(invocation, index);
  if (!workload) return null;
  const { file, object } = workload;
  if (hasTemplate(object.name)) return { missing: `a name: ${object.kind} name ${object.name} is rendered by a template` };
  const unbuilt = unbuiltAddress(object);
  if (unbuilt) return { missing: unbuilt };
  // Built into several namespaces, but always with what the same kustomizations list: a name with no namespace
  // is right for a consumer built with it (consumers.ts checks that), and for no other.
  const builds = buildsKey(object);
  if (builds !== undefined && object.kind === 'Prometheus') return { missing: severalNamespaces(object) };
  const namespace = builds !== undefined ? undefined : placedNamespace(object, index.defaultNamespace);
  if (builds === undefined && namespace === undefined) {
    return { missing: `a namespace: ${object.kind}/${object.name} has no metadata.namespace; pass --namespace`, asks: namespaceAsk(object) };
  }
  if (hasTemplate(namespace)) return { missing: `a namespace: ${namespace} is rendered by a template` };
  const setBy = object.kustomizeBuilt?.namespace !== undefined ? ` (the namespace: of ${object.kustomizeBuilt.kustomizations.join(', ')})` : '';
  const workloadNote = provenanceAt(
    file,
    object.span.start,
    builds !== undefined ? `${object.kind}/${object.name}, built by ${object.kustomizeBuilt!.kustomizations.join(', ')} into the namespace of each build` : `${object.kind}/${object.name} in namespace ${namespace}${setBy}`,
  );
  const relative = builds !== undefined ? { buildRelative: { builds, otherwise: severalNamespaces(object) } } : {};
  /** `name` as the consumer reaches it: in `namespace`, or in its own (the build's) with no namespace. */
  const dnsName = (name: string) => (builds !== undefined ? name : `${name}.${namespace}.svc`);

  if (object.kind === 'Prometheus') return operatorPodAddresses(object, namespace!, port, workloadNote);

  const containerPort = object.ports.find((p) => p.container === invocation.carrier.context.container && p.containerPort === port);
  const portName = containerPort?.name;
  const services = kubeLookupOf(index.objects)
    .selecting('Service', object.podLabels ?? {})
    .filter((entry) => (builds !== undefined ? buildsKey(entry.object) === builds : placedNamespace(entry.object, index.defaultNamespace) === namespace) && selects(entry.object.selector, object.podLabels));
  const exposing = services
    .map((entry) => ({ entry, servicePort: servicePortFor(entry.object, port, portName) }))
    .filter((match): match is { entry: (typeof services)[number]; servicePort: KubePort } => match.servicePort !== undefined);

  const replicas = object.kind === 'StatefulSet' || object.kind === 'Deployment' || object.kind === 'ReplicaSet' ? (object.replicas ?? 1) : undefined;
  for (const { entry, servicePort } of exposing) {
    const service = entry.object;
    // The Service is a kustomize build's too: one that renames it is reached by another name.
    const renamed = renamersOf(service);
    if (renamed) return { missing: `the name of Service ${service.name}: ${renamed}, and the tool does not build kustomizations` };
    const serviceNote = provenanceAt(entry.file, service.span.start, `Service ${service.name} exposes ${servicePort.name ?? servicePort.port}`);
    const isHeadless = service.clusterIP === 'None';
    const fqdn = dnsName(service.name);
    const provenance = [workloadNote, serviceNote];
    if (isHeadless && index.dnsStyle === 'srv' && servicePort.name) {
      return { addresses: [`dnssrv+_${servicePort.name}._tcp.${fqdn}`], confidence: 'certain', provenance, reason: `SRV records of headless Service ${service.name} port ${servicePort.name}: follows scaling with no SD edit (--k8s-dns pod lists each replica)`, ...relative };
    }
    const noSrv = isHeadless && index.dnsStyle === 'srv' ? `; port ${servicePort.port ?? port} has no name, so no SRV record` : '';
    if (isHeadless && object.kind === 'StatefulSet' && object.serviceName === service.name && replicas !== undefined) {
      const addresses = Array.from({ length: replicas }, (_, i) => `${object.name}-${i}.${fqdn}:${port}`);
      return { addresses, confidence: 'certain', provenance, reason: `StatefulSet pods under its headless Service ${service.name}${noSrv}`, ...relative };
    }
    if (isHeadless) {
      return { addresses: [`dns+${fqdn}:${servicePort.port ?? port}`], confidence: 'certain', provenance, reason: `every pod behind headless Service ${service.name}${noSrv}`, ...relative };
    }
    if (replicas === 1 || object.kind === 'Pod') {
      return { addresses: [`${fqdn}:${servicePort.port ?? port}`], confidence: 'certain', provenance, reason: `Service ${service.name} (one replica)`, ...relative };
    }
    // Rule asks any one Querier: a Service balancing over them serves it. Query must reach every StoreAPI, not one per connection.
    if (portRole === 'http') {
      return { addresses: [`${fqdn}:${servicePort.port ?? port}`], confidence: 'certain', provenance, reason: `Service ${service.name} balances over the Queriers; any one answers Rule`, ...relative };
    }
  }

  const name = `${object.name}-${portRole}`;
  const selector = object.podLabels ?? {};
  if (Object.keys(selector).length === 0) {
    return { missing: `a Service: ${object.kind}/${object.name} has no pod labels to select it by` };
  }
  const address = index.dnsStyle === 'srv' ? `dnssrv+_${portRole}._tcp.${dnsName(name)}` : `dns+${dnsName(name)}:${port}`;
  return {
    addresses: [address],
    confidence: 'certain',
    provenance: [workloadNote],
    reason: `headless Service ${name} added by this migration (no Service exposed port ${port} per pod)`,
    ...relative,
    serviceToAdd: {
      file,
      name,
      ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
      selector: withoutGossipLabels(selector),
      port,
      portName: portRole,
      reason: `no Service exposed ${object.kind}/${object.name} port ${port} per pod`,
    },
  };
}

function operatorPodAddresses(object: KubeObject, namespace: string, port: number, note: Provenance): KubeInferred {
  // The operator names pods prometheus-<name>-<i> and governs them by the
  // headless Service prometheus-operated, whose per-pod DNS names exist
  // whatever ports it lists.
  const replicas = object.replicas ?? 1;
  const addresses = Array.from({ length: replicas }, (_, i) => `prometheus-${object.name}-${i}.prometheus-operated.${namespace}.svc:${port}`);
  return {
    addresses,
    confidence: 'certain',
    provenance: [note],
    reason: `Prometheus-Operator pods prometheus-${object.name}-<i> under prometheus-operated (${replicas} replica${replicas === 1 ? '' : 's'})`,
  };
}

/** The sidecar Prometheus-Operator injects for `spec.thanos`: a StoreAPI with no argv in the input. */
export function inferOperatorSidecar(file: SourceFile, object: KubeObject, index: KubeIndex): KubeInferred {
  const unbuilt = unbuiltAddress(object);
  if (unbuilt) return { missing: unbuilt };
  const namespace = placedNamespace(object, index.defaultNamespace);
  if (namespace === undefined) return { missing: `a namespace: Prometheus/${object.name} has no metadata.namespace; pass --namespace`, asks: namespaceAsk(object) };
  const note = provenanceAt(file, object.thanos?.keySpan.start ?? object.span.start, `Prometheus/${object.name} spec.thanos (operator-injected sidecar) in namespace ${namespace}`);
  return operatorPodAddresses(object, namespace, 10901, note);
}

/** `thanos-peer(s)` labels exist only for the gossip Service; a new Service must not depend on them. */
function withoutGossipLabels(labels: Record<string, string>): Record<string, string> {
  const kept = Object.entries(labels).filter(([key]) => !/^thanos-peers?$/.test(key));
  return Object.fromEntries(kept.length > 0 ? kept : Object.entries(labels));
}
