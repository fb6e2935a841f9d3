// Gossip meshes: who gossiped with whom. A member joins a mesh through the
// seeds of its --cluster.peers (Prometheus-Operator: spec.thanos.peers) and is
// reached by others at the address it listens or advertises on, or through a
// Service that selects its pods. Two members are in one mesh when one's seed
// names the other, or both name the same seed; transitively. A Querier must
// learn the StoreAPIs of its own mesh and nothing else: a repository holds
// many meshes (namespaces, environments, sites), and mixing them mixes
// tenants' data.
//
// A mesh is open where a seed leads outside the input: a value known only at
// run time, a Service that selects no pod in the input, an address no member
// listens on or advertises. Its Queriers' lists are then what the input shows,
// and the tool says which seed is outside and asks.

import { dirname } from 'node:path';
import type { Asks, Component, Invocation, SourceFile, Span } from '../model.js';
import type { ComposeService, KubeObject } from '../facts.js';
import { wordsOfFlag } from './invocations.js';
import { locationOf } from '../argv/text-lines.js';
import { looksLikeGossipFlag } from '../thanos/vocabulary.js';
import { compareVersions, GOSSIP_REMOVED_IN, parseThanosVersion } from '../thanos/versions.js';
import { isWildcardHost, splitHostPort } from './host-port.js';
import { GOSSIP_DEFAULT_PORT, gossipAddress, serviceKey, type AddressScope, type GossipAddress } from './gossip-address.js';
import { buildsKey, workloadOf, type KubeIndex } from './kubernetes.js';
import { kubeLookupOf, placedNamespace, type KubeEntry } from './kube-lookup.js';
import { selectsWorkloadOf, serviceHostIndex, type ServiceHostIndex } from './seed-services.js';
import { composeServiceNameOf } from '../model.js';
import { append, pushTo } from '../lists.js';

export interface Seed extends GossipAddress {
  file: SourceFile;
  span: Span;
}

export interface GossipMember {
  /** The process as started (for a shell loop: one iteration, with its variable substituted). */
  invocation?: Invocation;
  /** The command line it comes from (the loop's, for iterations). */
  source?: Invocation;
  /** A Prometheus-Operator `Prometheus` whose injected sidecar gossips (spec.thanos.peers). */
  operator?: { file: SourceFile; object: KubeObject };
  component: Component;
  /** Where it is defined, for file:line. */
  file: SourceFile;
  span: Span;
  seeds: Seed[];
  /** Keys of the addresses other members reach it at. */
  addresses: string[];
}

export interface MeshOpening {
  member: GossipMember;
  seed: Seed;
  /** A run-time value, a Service that selects no member, or an address nobody answers to. */
  kind: 'run-time' | 'service' | 'address';
  /** The option that closes it, when one does (`--namespace` for a Service whose namespace is unknown). */
  asks?: Asks;
  /** Why the seed leads outside the input, for the report. */
  reason: string;
}

export interface Mesh {
  /** 1-based, in input order. */
  id: number;
  members: GossipMember[];
  /** The seeds its members joined through, as written (deduplicated). */
  seeds: string[];
  openings: MeshOpening[];
}

export interface MeshModel {
  meshes: Mesh[];
  /** The member(s) a command line starts (several for a shell loop). */
  membersOf(invocation: Invocation): GossipMember[];
  meshOf(member: GossipMember): Mesh;
}

export interface MeshFacts {
  kube: KubeIndex;
  compose: { services: { file: SourceFile; service: ComposeService }[] };
}

/**
 * Whether a command line took part in gossip: it carries a gossip flag and
 * did not switch gossip off. v0.4.x switched it off by default
 * (v0.4.0:cmd/thanos/flags.go `cluster.disable` defaults to true), so there
 * only `--no-cluster.disable` turns it on.
 */
export function gossipState(invocation: Invocation): { isOn: boolean; offBecause?: string } {
  const disable = invocation.flags.filter((flag) => flag.name === 'cluster.disable');
  const last = disable[disable.length - 1];
  if (last) return last.form === 'negated' || last.value === 'false' ? { isOn: true } : { isOn: false, offBecause: '--cluster.disable switches gossip off' };
  if (!invocation.flags.some((flag) => looksLikeGossipFlag(flag.name))) return { isOn: false };
  const version = imageVersion(invocation);
  if (version && version.major === 0 && version.minor === 4) {
    return { isOn: false, offBecause: `Thanos v0.4 (image ${invocation.carrier.image}) switches gossip off unless --no-cluster.disable is given` };
  }
  return { isOn: true };
}

export function gossipIsOn(invocation: Invocation): boolean {
  return gossipState(invocation).isOn;
}

function imageVersion(invocation: Invocation) {
  const image = invocation.carrier.image;
  if (image === undefined) return null;
  const tag = /:([^:/@]+)(?:@.*)?$/.exec(image)?.[1];
  const version = tag ? parseThanosVersion(tag) : null;
  return version && compareVersions(version, GOSSIP_REMOVED_IN) < 0 ? version : null;
}

/** Reached at loopback only: no other member can name it. */
function isAddressless(member: GossipMember): boolean {
  return member.addresses.every((key) => key.startsWith('loopback@'));
}

/** How many members with no address an open seed's reason names before it counts the rest. */
const ANONYMOUS_NAMED = 3;

/** Flags whose concrete host names the machine a process runs on. */
const MACHINE_NAMING_FLAGS = ['grpc-advertise-address', 'http-advertise-address', 'grpc-address', 'http-address'];

function lastValue(invocation: Invocation, name: string): string | undefined {
  const flags = invocation.flags.filter((flag) => flag.name === name && flag.value !== null);
  return flags[flags.length - 1]?.value ?? undefined;
}

/** Helm renders every template of a chart in one release: run-time values mean the same there. */
function renderScopeOf(path: string): string {
  const parts = path.split('/');
  const templates = parts.lastIndexOf('templates');
  return templates > 0 ? parts.slice(0, templates).join('/') : dirname(path);
}

/** Objects without metadata.namespace in a Helm template live in the release's namespace. */
function namespaceOf(file: SourceFile, namespace: string | undefined, index: KubeIndex): string | undefined {
  return namespace ?? index.defaultNamespace ?? (file.kind === 'helm' ? '{{.Release.Namespace}}' : undefined);
}

/** Where an object runs, as the members' scopes name it: with what the same kustomizations build, when they build it into several namespaces. */
function objectNamespace(file: SourceFile, object: KubeObject, index: KubeIndex): string | undefined {
  const builds = buildsKey(object);
  if (builds !== undefined) return unplacedScope(builds, file.path);
  return namespaceOf(file, placedNamespace(object, undefined), index);
}

const serviceNamespace = (entry: KubeEntry, index: KubeIndex): string | undefined => objectNamespace(entry.file, entry.object, index);

/** The pseudo-namespace of something in no one namespace: its builds' key, or its folder (a patch shared by overlays). */
function unplacedScope(builds: string | undefined, path: string): string {
  // No `:` or line break in it: it sits in host names (`thanos-peers.<it>.svc:10900`), whose port follows the last `:`.
  return builds !== undefined ? `~build=${builds.replace(/[\n:]/g, '|')}` : `~${dirname(path)}`;
}

function scopeOf(invocation: Invocation, facts: MeshFacts): AddressScope {
  const carrier = invocation.carrier;
  const context = carrier.context;
  const file = carrier.file;
  const isKubernetes = context.kind === 'workload';
  const sharesHost = !invocation.isContainerized || isKubernetes || context.kind === 'compose';
  const machine = sharesHost ? (context.hostGroup ?? `host:${dirname(file.path)}`) : `container:${file.path}#${(invocation.componentWord ?? invocation.lastWord).span.start}`;
  // A container kustomize builds into several namespaces is in none the input names (and --namespace is for plain manifests): its short
  // names reach only what the same kustomizations build (a patch's: its own folder's).
  const namespace = context.kind !== 'workload' ? undefined : context.namespaceUnknown ? unplacedScope(context.builtWith, file.path) : namespaceOf(file, context.namespace, facts.kube);
  const services = context.kind === 'compose' ? composeServicesOf(file, facts) : NO_SERVICES;
  return {
    machine,
    isKubernetes,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(services.size > 0 ? { compose: { file: file.path, services } } : {}),
    renderScope: renderScopeOf(file.path),
    directory: dirname(file.path),
  };
}

function operatorScope(file: SourceFile, object: KubeObject, index: KubeIndex): AddressScope {
  const namespace = objectNamespace(file, object, index);
  return {
    machine: `pod:${file.path}#prometheus/${object.name}`,
    isKubernetes: true,
    ...(namespace !== undefined ? { namespace } : {}),
    renderScope: renderScopeOf(file.path),
    directory: dirname(file.path),
  };
}

function withPort(address: string, port: string): string {
  return splitHostPort(address).port === '' ? `${address}:${port}` : address;
}

/** Services in the workload's namespace that select its pods, and the keys they reach `port` at. */
function serviceAddresses(file: SourceFile, workload: KubeObject, port: string, portName: string | undefined, scope: AddressScope, index: KubeIndex): string[] {
  const keys: string[] = [];
  for (const entry of kubeLookupOf(index.objects).selecting('Service', workload.podLabels ?? {})) {
    const service = entry.object;
    if (Object.keys(service.selector!).length === 0) continue;
    if (serviceNamespace(entry, index) !== scope.namespace) continue;
    const namespace = scope.namespace;
    if (service.clusterIP === 'None') {
      // A headless Service's name resolves to the pods themselves: any port they listen on.
      keys.push(serviceKey(service.name, namespace, port, scope));
      if (workload.kind === 'StatefulSet' && workload.serviceName === service.name) {
        for (let i = 0; i < (workload.replicas ?? 1); i++) keys.push(serviceKey(`${workload.name}-${i}.${service.name}`, namespace, port, scope));
      }
      continue;
    }
    for (const servicePort of service.ports) {
      const target = servicePort.targetPort ?? servicePort.port;
      if (servicePort.port !== undefined && (String(target) === port || (portName !== undefined && target === portName))) {
        keys.push(serviceKey(service.name, namespace, String(servicePort.port), scope));
      }
    }
  }
  void file;
  return keys;
}

function invocationMember(invocation: Invocation, source: Invocation, facts: MeshFacts): GossipMember {
  const scope = scopeOf(invocation, facts);
  const listen = lastValue(invocation, 'cluster.address') ?? `0.0.0.0:${GOSSIP_DEFAULT_PORT}`;
  const port = splitHostPort(listen).port || GOSSIP_DEFAULT_PORT;
  const addresses = [gossipAddress(listen, scope).key];
  const advertise = lastValue(invocation, 'cluster.advertise-address');
  if (advertise !== undefined && advertise !== '') addresses.push(gossipAddress(withPort(advertise, port), scope).key);
  // Listening on every interface, it is reached at any name of its machine: a host its other
  // addresses give (`--grpc-advertise-address metrics-01.example.net:10901`) names that machine.
  if (isWildcardHost(splitHostPort(listen).host)) {
    for (const flag of MACHINE_NAMING_FLAGS) {
      const host = splitHostPort(lastValue(invocation, flag) ?? '').host;
      if (host !== '' && !isWildcardHost(host)) addresses.push(gossipAddress(`${host.includes(':') ? `[${host}]` : host}:${port}`, scope).key);
    }
  }
  const context = invocation.carrier.context;
  if (context.kind === 'compose') addresses.push(gossipAddress(`${context.service}:${port}`, scope).key);
  const workload = workloadOf(invocation, facts.kube);
  if (workload) {
    const portName = workload.object.ports.find((p) => p.container === context.container && String(p.containerPort) === port)?.name;
    append(addresses, serviceAddresses(workload.file, workload.object, port, portName, scope, facts.kube));
  }
  const seeds = invocation.flags
    .filter((flag) => flag.name === 'cluster.peers' && flag.value !== null && flag.value !== '')
    .map((flag) => {
      const words = wordsOfFlag(flag);
      const word = words[words.length - 1]!;
      return { ...gossipAddress(flag.value!, scope), file: word.file, span: word.span };
    });
  const anchor = invocation.componentWord ?? invocation.lastWord;
  return { invocation, source, component: invocation.component!, file: anchor.file, span: anchor.span, seeds, addresses: [...new Set(addresses)] };
}

function operatorMember(file: SourceFile, object: KubeObject, index: KubeIndex): GossipMember {
  const scope = operatorScope(file, object, index);
  const port = GOSSIP_DEFAULT_PORT;
  // The operator names its pods prometheus-<name>-<i> under the headless Service prometheus-operated.
  const addresses = Array.from({ length: object.replicas ?? 1 }, (_, i) => serviceKey(`prometheus-${object.name}-${i}.prometheus-operated`, scope.namespace, port, scope));
  append(addresses, serviceAddresses(file, { ...object, podLabels: object.podLabels ?? {} }, port, 'cluster', scope, index));
  const thanos = object.thanos!;
  const seeds = [{ ...gossipAddress(thanos.peers!, scope), file, span: thanos.peersSpan ?? thanos.keySpan }];
  return { operator: { file, object }, component: 'sidecar', file, span: thanos.keySpan, seeds, addresses: [...new Set(addresses)] };
}

/** What the open seeds of one run are looked up in, built on the first open seed. */
interface OpeningFacts {
  services: ServiceHostIndex;
  selectsPodsThatDoNotGossip(service: KubeEntry): boolean;
}

function openingFactsOf(facts: MeshFacts, notMembers: readonly Invocation[]): OpeningFacts {
  const workloads = notMembers.map((invocation) => workloadOf(invocation, facts.kube)).filter((workload) => workload !== undefined);
  return {
    services: serviceHostIndex(facts.kube.objects, (entry, scope) => serviceKey(entry.object.name, serviceNamespace(entry, facts.kube), '0', scope).replace(/:0$/, '')),
    selectsPodsThatDoNotGossip: selectsWorkloadOf(workloads, kubeLookupOf(facts.kube.objects)),
  };
}

/** Why a seed that reaches no member leads outside the input. */
function opening(seed: Seed, member: GossipMember, facts: MeshFacts, lookups: () => OpeningFacts): MeshOpening {
  if (seed.isRunTime) return { member, seed, kind: 'run-time', reason: 'its value is only known at run time' };
  if (seed.serviceHost !== undefined) {
    const scope = member.invocation ? scopeOf(member.invocation, facts) : operatorScope(member.file, member.operator!.object, facts.kube);
    const service = lookups().services.first(seed.serviceHost, scope);
    if (service) {
      const selector = Object.entries(service.object.selector ?? {}).map(([key, value]) => `${key}=${value}`).join(',');
      const reason = lookups().selectsPodsThatDoNotGossip(service) ? `Service ${service.object.name} selects only pods that do not gossip` : `Service ${service.object.name} selects no pod in the input (selector ${selector || 'none'})`;
      return { member, seed, kind: 'service', reason };
    }
  }
  // `thanos-peers.default.svc` and a Service thanos-peers with no metadata.namespace: the same object only if it runs there.
  const [name, namespace] = (seed.serviceHost ?? '').split('.');
  // A short seed of a member kustomize builds into several namespaces, and a Service of that name built by other kustomizations:
  // some build runs the member without it.
  const builtWith = member.invocation?.carrier.context.kind === 'workload' ? member.invocation.carrier.context.builtWith : undefined;
  if (name && builtWith !== undefined && namespace?.startsWith('~build=')) {
    const elsewhere = kubeLookupOf(facts.kube.objects).named('Service', name).find((entry) => buildsKey(entry.object) !== undefined && buildsKey(entry.object) !== builtWith);
    if (elsewhere) {
      const by = (key: string) => key.split('\n').join(', ');
      return { member, seed, kind: 'service', reason: `Service ${name} (${elsewhere.file.path}) is built by ${by(buildsKey(elsewhere.object)!)}, and this member by ${by(builtWith)}: some build runs it without that Service, and the tool does not build kustomizations` };
    }
  }
  if (name && namespace && !namespace.startsWith('~')) {
    const unplaced = kubeLookupOf(facts.kube.objects).named('Service', name).find((entry) => serviceNamespace(entry, facts.kube) === undefined);
    const context = member.invocation?.carrier.context;
    if (unplaced && context?.kind === 'workload' && context.kustomizePatch) {
      // --namespace would place the base everywhere; the overlay's own namespace: is what places it.
      return { member, seed, kind: 'service', reason: `Service ${name} in the input has no metadata.namespace; a kustomization may build it into ${namespace}, but the tool does not build kustomizations` };
    }
    if (unplaced) {
      return {
        member,
        seed,
        kind: 'service',
        reason: `Service ${name} in the input has no metadata.namespace, so it is not known to be in ${namespace}; pass --namespace ${namespace} if that is where these objects run`,
        asks: { flag: '--namespace', about: `the namespace of Service ${name} (${unplaced.file.path}), which the seed ${seed.text} places in ${namespace}` },
      };
    }
  }
  return { member, seed, kind: 'address', reason: `no file in the input describes ${seed.text}: no member listens on or advertises it` };
}

export function buildMeshes(invocations: Invocation[], facts: MeshFacts, iterations: (invocation: Invocation) => Invocation[]): MeshModel {
  const members: GossipMember[] = [];
  const bySource = new Map<Invocation, GossipMember[]>();
  const notMembers: Invocation[] = [];
  for (const invocation of invocations) {
    if (invocation.component === null || !gossipIsOn(invocation)) {
      notMembers.push(invocation);
      continue;
    }
    const started = iterations(invocation).map((view) => invocationMember(view, invocation, facts));
    bySource.set(invocation, started);
    append(members, started);
  }
  for (const { file, object } of facts.kube.objects) {
    if (object.kind === 'Prometheus' && object.thanos?.peers) members.push(operatorMember(file, object, facts.kube));
  }

  const byAddress = new Map<string, GossipMember[]>();
  for (const member of members) for (const key of member.addresses) pushTo(byAddress, key, member);

  const parent = members.map((_, i) => i);
  // Iterative with path compression: a chain of 30,000 members would overflow a recursive one.
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    for (let at = i; parent[at] !== root; ) [at, parent[at]] = [parent[at]!, root];
    return root;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const index = new Map(members.map((member, i) => [member, i]));
  const bySeed = new Map<string, number>();
  const openingsOf = new Map<number, MeshOpening[]>();
  let openingFacts: OpeningFacts | undefined;
  const lookups = () => (openingFacts ??= openingFactsOf(facts, notMembers));
  // A member that is no compose service reaches everyone at its seed (canGossip), so once one such
  // member has joined them all, the next with that seed joins that member: one Service seeding a
  // mesh of 3,158 members was 10 million canGossip calls.
  const joinedEveryoneAt = new Map<string, number>();
  members.forEach((member, i) => {
    for (const seed of member.seeds) {
      const first = bySeed.get(seed.key);
      if (first === undefined) bySeed.set(seed.key, i);
      else union(first, i);
      const atSeed = byAddress.get(seed.key) ?? [];
      if (composeServiceOf(member, facts) === undefined) {
        const joined = joinedEveryoneAt.get(seed.key);
        if (joined !== undefined) union(i, joined);
        else if (atSeed.length > 0) {
          for (const other of atSeed) union(i, index.get(other)!);
          joinedEveryoneAt.set(seed.key, i);
        }
        if (atSeed.length === 0) pushTo(openingsOf, i, opening(seed, member, facts, lookups));
        continue;
      }
      const reached = atSeed.filter((other) => canGossip(member, other, facts));
      for (const other of reached) union(i, index.get(other)!);
      if (reached.length === 0) pushTo(openingsOf, i, opening(seed, member, facts, lookups));
    }
  });

  // A seed nobody answers to may be a member whose own address the input never gives.
  const addressless = new Map<number, number[]>();
  members.forEach((member, j) => {
    if (isAddressless(member)) pushTo(addressless, find(j), j);
  });
  // Named up to a few: every open member of a mesh of 2,000 scripts on loopback named the 1,999
  // others, a 407 MB report.
  const named = (j: number) => `thanos ${members[j]!.component} at ${locationOf(members[j]!.file, members[j]!.span.start)}`;
  for (const [i, openings] of openingsOf) {
    const candidates = addressless.get(find(i)) ?? [];
    const others = candidates.length - (isAddressless(members[i]!) ? 1 : 0);
    if (others === 0) continue;
    const shown = candidates.slice(0, ANONYMOUS_NAMED + 1).filter((j) => j !== i).slice(0, ANONYMOUS_NAMED).map(named);
    const names = others > shown.length ? `${shown.join(', ')} or one of ${others - shown.length} more such members` : shown.join(', ');
    for (const opening of openings) {
      if (opening.kind !== 'address') continue;
      opening.reason += `; it may be ${names}, whose address the input does not give`;
    }
  }

  const meshByRoot = new Map<number, Mesh>();
  const meshOfMember = new Map<GossipMember, Mesh>();
  const seedsSeen = new Map<Mesh, Set<string>>();
  members.forEach((member, i) => {
    const root = find(i);
    let mesh = meshByRoot.get(root);
    if (!mesh) {
      mesh = { id: meshByRoot.size + 1, members: [], seeds: [], openings: [] };
      meshByRoot.set(root, mesh);
    }
    mesh.members.push(member);
    const seen = seedsSeen.get(mesh) ?? seedsSeen.set(mesh, new Set(mesh.seeds)).get(mesh)!;
    for (const seed of member.seeds) {
      if (seen.has(seed.text)) continue;
      seen.add(seed.text);
      mesh.seeds.push(seed.text);
    }
    append(mesh.openings, (openingsOf.get(i) ?? []));
    meshOfMember.set(member, mesh);
  });
  return {
    meshes: [...meshByRoot.values()],
    membersOf: (invocation) => bySource.get(invocation) ?? [],
    meshOf: (member) => meshOfMember.get(member)!,
  };
}

/** docker-compose resolves a service name only for services sharing one of its networks. */
function canGossip(from: GossipMember, to: GossipMember, facts: MeshFacts): boolean {
  const a = composeServiceOf(from, facts);
  const b = composeServiceOf(to, facts);
  if (!a || !b || a.file !== b.file) return true;
  return a.service.networks.some((network) => b.service.networks.includes(network));
}

type ComposeEntry = MeshFacts['compose']['services'][number];
/** The compose services of one file: the first of each name, in input order. */
type ComposeFileServices = ReadonlyMap<string, ComposeEntry>;
const composeIndexes = new WeakMap<readonly ComposeEntry[], Map<SourceFile, Map<string, ComposeEntry>>>();
const NO_SERVICES: ComposeFileServices = new Map();

/** The compose services of `file` (an index per run: a scan per member was n² in one big compose file). */
function composeServicesOf(file: SourceFile, facts: MeshFacts): ComposeFileServices {
  let byFile = composeIndexes.get(facts.compose.services);
  if (!byFile) {
    byFile = new Map();
    for (const entry of facts.compose.services) {
      let services = byFile.get(entry.file);
      if (!services) byFile.set(entry.file, (services = new Map()));
      if (!services.has(entry.service.name)) services.set(entry.service.name, entry);
    }
    composeIndexes.set(facts.compose.services, byFile);
  }
  return byFile.get(file) ?? NO_SERVICES;
}

function composeServiceOf(member: GossipMember, facts: MeshFacts) {
  const name = member.invocation ? composeServiceNameOf(member.invocation.carrier.context) : undefined;
  if (name === undefined) return undefined;
  return composeServicesOf(member.invocation!.carrier.file, facts).get(name);
}

