// What each consumer must be told once gossip is gone: a Querier the
// StoreAPIs of its own mesh, a Ruler the Queriers of its own mesh. One entry
// per consumer, each with its mesh, its endpoints (with provenance), what is
// unresolved, where its mesh leads outside the input, and the answers given
// for it (`--store-endpoint [NAME=]HOST:PORT`).

import type { Component, Endpoint, FlagUse, Invocation, UnresolvedEndpoint } from '../model.js';
import { DISCOVERY_FILE_FLAGS } from '../thanos/versions.js';
import type { KubeObject } from '../facts.js';
import { COMPONENTS } from '../thanos/components.js';
import { buildMeshes, gossipIsOn, type GossipMember, type Mesh, type MeshModel, type MeshOpening } from './meshes.js';
import { dedupeEndpoints, inferOperatorServer, serverAddressesOf, loopIterations, type DeploymentFacts, type EndpointSet } from './endpoints.js';
import { assignNames, type Nameable, type ProcessName } from './names.js';
import { buildsKey, workloadOf } from './kubernetes.js';

export type ConsumerRole = 'store' | 'query';

export interface ConsumerEndpoints {
  consumer: Invocation;
  /** What it needs: StoreAPIs (Query) or Query HTTP APIs (Rule). */
  role: ConsumerRole;
  name: ProcessName;
  /** Its gossip mesh; absent when one command line starts members of several meshes. */
  mesh?: Mesh;
  meshes: Mesh[];
  endpoints: Endpoint[];
  unresolved: UnresolvedEndpoint[];
  /** Where its mesh leads outside the input. */
  openings: MeshOpening[];
  /** The discovery flag it already has (an earlier `--keep-gossip` run): nothing to add. */
  wiredBy?: FlagUse;
  /** Endpoints given by the user for it (`--store-endpoint`, targeted or not), or `--mesh-complete` named it. */
  isAnswered: boolean;
}

/** The servers of one mesh for one role, and the lists its consumers are told (see analyzeConsumers). */
interface SharedLists {
  servers: GossipMember[];
  sources: Set<Invocation | undefined>;
  /** The machines (host groups) of the servers whose address depends on the consumer's machine. */
  machines: Set<string>;
  /** By machine, or '' for consumers on none of `machines`. */
  lists: Map<string, { endpoints: Endpoint[]; unresolved: UnresolvedEndpoint[] }>;
}

export interface AnswerUse {
  role: ConsumerRole;
  /** As given: `[NAME=]HOST:PORT`. */
  text: string;
  target?: string;
  address: string;
  /** Names of the consumers it was given to. */
  usedBy: string[];
  /** When the target names no consumer: the names it could have named. */
  known?: string[];
}

export interface ConsumerAnalysis {
  model: MeshModel;
  consumers: ConsumerEndpoints[];
  answers: AnswerUse[];
  /** The report name of every Thanos process and operator sidecar. */
  nameOf(target: Invocation | KubeObject): ProcessName | undefined;
}

export interface AnswerOptions {
  storeEndpoints: string[];
  queryEndpoints: string[];
  /** Consumers whose mesh the user says the input holds whole (`--mesh-complete NAME`). */
  completeMeshes: string[];
}

/** `NAME=HOST:PORT` or `HOST:PORT`: an address never holds `=`. */
export function parseAnswer(text: string): { target?: string; address: string } {
  const equals = text.indexOf('=');
  return equals === -1 ? { address: text } : { target: text.slice(0, equals), address: text.slice(equals + 1) };
}

function needsRole(component: Component | null): ConsumerRole[] {
  if (component === null) return [];
  const roles: ConsumerRole[] = [];
  if (COMPONENTS[component].needsStores) roles.push('store');
  if (COMPONENTS[component].needsQueries) roles.push('query');
  return roles;
}

function serves(member: GossipMember, role: ConsumerRole): boolean {
  return role === 'store' ? COMPONENTS[member.component].servesStoreApi : member.component === 'query';
}

function matchesName(name: ProcessName, text: string): boolean {
  return name.name === text || name.aliases.includes(text);
}

/** An open mesh's list is what the input shows, never certain. */
function capped(endpoint: Endpoint, openings: readonly MeshOpening[]): Endpoint {
  if (openings.length === 0 || endpoint.confidence !== 'certain') return endpoint;
  return { ...endpoint, confidence: 'likely', reason: `${endpoint.reason}; its gossip mesh reaches outside the input` };
}

export function analyzeConsumers(invocations: Invocation[], facts: DeploymentFacts, options: AnswerOptions): ConsumerAnalysis {
  const model = buildMeshes(invocations, facts, loopIterations);
  const operators = facts.kube.objects.filter((entry) => entry.object.kind === 'Prometheus' && entry.object.thanos);
  const targets: (Nameable & { key: Invocation | KubeObject })[] = [
    ...invocations.filter((invocation) => invocation.component !== null).map((invocation) => ({ invocation, key: invocation as Invocation | KubeObject })),
    ...operators.map(({ file, object }) => ({
      operator: { file, name: object.name, ...(object.namespace !== undefined ? { namespace: object.namespace } : {}) },
      key: object as Invocation | KubeObject,
    })),
  ];
  const names = assignNames(targets);
  const nameByKey = new Map(targets.map((target) => [target.key, names.get(target)!]));
  const nameOf = (target: Invocation | KubeObject) => nameByKey.get(target);
  const serverName = (member: GossipMember) => nameOf(member.source ?? member.operator!.object)?.name ?? member.component;

  const serverAddresses = serverAddressesOf(facts);
  /**
   * The kustomizations building a consumer into several namespaces (buildsKey), when its
   * pod resolves a short name in its own namespace (dnsPolicy ClusterFirst, the default).
   */
  const buildsOfConsumer = (consumer: Invocation): string | undefined => {
    const object = workloadOf(consumer, facts.kube)?.object;
    if (!object || (object.dnsPolicy !== undefined && object.dnsPolicy !== 'ClusterFirst' && object.dnsPolicy !== 'ClusterFirstWithHostNet')) return undefined;
    return buildsKey(object);
  };
  /** What a consumer of `role` in `mesh` is told, from every server of it but `self`, as seen from `hostGroup` and built by `builds` (buildsOfConsumer). */
  const listOf = (mesh: Mesh | undefined, role: ConsumerRole, servers: readonly GossipMember[], self: Invocation, hostGroup: string | undefined, builds: string | undefined) => {
    const set: EndpointSet = { endpoints: [], unresolved: [] };
    for (const server of servers) {
      if (server.source === self) continue;
      const inferred = server.invocation ? serverAddresses.seenFrom(server.invocation, role, hostGroup) : inferOperatorServer(server.operator!.file, server.operator!.object, facts);
      const unresolvedOf = inferred.unresolved.slice();
      for (const endpoint of inferred.endpoints) {
        // A name with no namespace is the consumer's own namespace's: right only when every build puts the server beside it.
        if (endpoint.buildRelative && endpoint.buildRelative.builds !== builds) unresolvedOf.push(endpoint.buildRelative.otherwise);
        else set.endpoints.push(endpoint);
      }
      for (const unresolved of unresolvedOf) {
        set.unresolved.push({ ...unresolved, label: server.invocation ? `thanos ${server.component} ${serverName(server)}` : unresolved.label });
      }
    }
    const openings = mesh?.openings ?? [];
    return { endpoints: dedupeEndpoints(set.endpoints.map((endpoint) => capped(endpoint, openings))), unresolved: dedupeUnresolved(set.unresolved) };
  };
  // The consumers of one mesh and role are told the same list, but where a server's address depends
  // on the consumer's machine (loopback from its own): one list per such machine, one for the rest.
  // Each consumer walking every server was n²: a mesh of 2,000 hosts, each a sidecar and a Querier.
  const sharedLists = new Map<Mesh, Map<ConsumerRole, SharedLists>>();
  const sharedOf = (mesh: Mesh, role: ConsumerRole): SharedLists => {
    let byRole = sharedLists.get(mesh);
    if (!byRole) sharedLists.set(mesh, (byRole = new Map()));
    let shared = byRole.get(role);
    if (!shared) {
      const servers = mesh.members.filter((member) => serves(member, role));
      const machines = new Set<string>();
      for (const server of servers) {
        const hostGroup = server.invocation?.carrier.context.hostGroup;
        if (hostGroup !== undefined && serverAddresses.dependsOnMachine(server.invocation!, role)) machines.add(hostGroup);
      }
      byRole.set(role, (shared = { servers, sources: new Set(servers.map((server) => server.source)), machines, lists: new Map() }));
    }
    return shared;
  };
  const consumers: ConsumerEndpoints[] = [];
  for (const invocation of invocations) {
    if (!gossipIsOn(invocation)) continue;
    for (const role of needsRole(invocation.component)) {
      const members = model.membersOf(invocation);
      const meshes = [...new Set(members.map((member) => model.meshOf(member)))];
      const mesh = meshes.length === 1 ? meshes[0] : undefined;
      const hostGroup = invocation.carrier.context.hostGroup;
      const builds = buildsOfConsumer(invocation);
      let lists: { endpoints: Endpoint[]; unresolved: UnresolvedEndpoint[] };
      if (!mesh) lists = listOf(mesh, role, [], invocation, hostGroup, builds);
      else {
        const shared = sharedOf(mesh, role);
        // A consumer that is one of the servers is left out of its own list: never shared.
        if (shared.sources.has(invocation)) lists = listOf(mesh, role, shared.servers, invocation, hostGroup, builds);
        else {
          const key = `${hostGroup !== undefined && shared.machines.has(hostGroup) ? `machine:${hostGroup}` : ''}\0${builds ?? ''}`;
          let kept = shared.lists.get(key);
          if (!kept) shared.lists.set(key, (kept = listOf(mesh, role, shared.servers, invocation, hostGroup, builds)));
          lists = kept;
        }
      }
      const wiredBy = invocation.flags.find((flag) => DISCOVERY_FILE_FLAGS[role].includes(flag.name));
      consumers.push({
        ...(wiredBy ? { wiredBy } : {}),
        consumer: invocation,
        role,
        name: nameOf(invocation)!,
        ...(mesh ? { mesh } : {}),
        meshes,
        endpoints: lists.endpoints,
        unresolved: lists.unresolved,
        openings: mesh?.openings ?? [],
        isAnswered: options.completeMeshes.some((text) => matchesName(nameOf(invocation)!, text)),
      });
    }
  }
  const answers = applyAnswers(consumers, options);
  return { model, consumers, answers, nameOf };
}

function dedupeUnresolved(list: UnresolvedEndpoint[]): UnresolvedEndpoint[] {
  const seen = new Set<string>();
  return list.filter((entry) => {
    const key = `${entry.file.path}\0${entry.span.start}\0${entry.missing}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether the input leaves this consumer's list incomplete: an untargeted answer goes to such consumers. */
export function isIncomplete(entry: ConsumerEndpoints): boolean {
  return entry.openings.length > 0 || entry.unresolved.length > 0 || entry.endpoints.length === 0;
}

function applyAnswers(consumers: ConsumerEndpoints[], options: AnswerOptions): AnswerUse[] {
  const uses: AnswerUse[] = [];
  for (const [role, list] of [['store', options.storeEndpoints], ['query', options.queryEndpoints]] as const) {
    const ofRole = consumers.filter((entry) => entry.role === role);
    for (const text of list) {
      const { target, address } = parseAnswer(text);
      const takers = target !== undefined ? ofRole.filter((entry) => matchesName(entry.name, target)) : ofRole.filter(isIncomplete);
      const use: AnswerUse = { role, text, address, usedBy: takers.map((entry) => entry.name.name), ...(target !== undefined ? { target } : {}) };
      if (target !== undefined && takers.length === 0) use.known = ofRole.map((entry) => entry.name.name);
      uses.push(use);
      for (const entry of takers) {
        entry.isAnswered = true;
        entry.endpoints = dedupeEndpoints([
          ...entry.endpoints,
          {
            address,
            role,
            confidence: 'user',
            provenance: [{ file: '<command line>', line: 0, column: 0, note: `--${role}-endpoint ${text}` }],
            reason: 'given on the command line',
          },
        ]);
      }
    }
  }
  return uses;
}

