// Which StoreAPI endpoints each Querier must know, and which Query endpoints
// each Ruler must know, now that gossip no longer tells them. Every endpoint
// says where it came from and how sure we are; what the input does not say
// is returned as unresolved, never guessed (guessing is what sank gossip).

import type { Asks, Confidence, Endpoint, FlagUse, Invocation, Provenance, SourceFile, UnresolvedEndpoint, Word } from '../model.js';
import type { ComposeService, KubeObject } from '../facts.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { earlyFlag } from '../thanos/early-flags.js';
import { resolveShellWord } from './shell-values.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HTTP_PORT } from '../thanos/components.js';
import { isLoopbackHost, isWildcardHost, joinHostPort, splitHostPort } from './host-port.js';
import { inferKubeAddresses, inferOperatorSidecar, type KubeIndex } from './kubernetes.js';
import { composeServiceNameOf } from '../model.js';

const EXPANSION = /\$|\{\{|<%|%[a-zA-Z]/;

export function provenanceOf(word: Word, note: string): Provenance {
  const { line, column } = lineColumnAt(word.file, word.span.start);
  return { file: word.file.path, line, column, note };
}

function lastFlag(invocation: Invocation, name: string): FlagUse | undefined {
  const matches = invocation.flags.filter((flag) => flag.name === name);
  return matches[matches.length - 1];
}

function flagText(flag: FlagUse): string {
  return `--${flag.name}=${flag.value ?? ''}`;
}

function flagWord(flag: FlagUse): Word {
  return flag.valueWord ?? flag.nameWord;
}

interface AddressFlags {
  role: 'store' | 'query';
  advertise: string;
  /** The listen flags, newest name first: before v0.1 (Nov 2017) `--api-address` was the StoreAPI gRPC and the Query HTTP address. */
  bind: string[];
  defaultPort: number;
  /** The default before `--grpc-address`/`--http-address` existed (`3e445c82:cmd/thanos/sidecar.go`, `query.go`). */
  preV01DefaultPort: number;
}

export const STORE_ADDRESS: AddressFlags = { role: 'store', advertise: 'grpc-advertise-address', bind: ['grpc-address', 'api-address'], defaultPort: DEFAULT_GRPC_PORT, preV01DefaultPort: 19090 };
export const QUERY_ADDRESS: AddressFlags = { role: 'query', advertise: 'http-advertise-address', bind: ['http-address', 'api-address'], defaultPort: DEFAULT_HTTP_PORT, preV01DefaultPort: 19099 };

/** Flags only Thanos before v0.1 had: such a command line listens on the old default ports. */

function bindFlag(invocation: Invocation, flags: AddressFlags): FlagUse | undefined {
  for (const name of flags.bind) {
    const flag = lastFlag(invocation, name);
    if (flag) return flag;
  }
  return undefined;
}

function defaultPortOf(invocation: Invocation, flags: AddressFlags): number {
  // A command line with flags of Thanos before v0.1 listens on that era's default ports.
  const isEarly = invocation.component !== null && invocation.flags.some((flag) => earlyFlag(invocation.component!, flag.name)?.defaultPort !== undefined);
  return isEarly ? flags.preV01DefaultPort : flags.defaultPort;
}

export interface InferenceContext {
  /** Whether the invocations that will read the endpoints run on machine `hostGroup` (one shell script = one machine). */
  runsOnMachine(hostGroup: string): boolean;
  kube: KubeIndex;
  compose: ComposeIndex;
}

export interface ComposeIndex {
  services: { file: SourceFile; service: ComposeService }[];
}

/** What the topology knows beyond argv: Kubernetes objects, compose services, user answers. */
export interface DeploymentFacts {
  kube: KubeIndex;
  compose: ComposeIndex;
}

/** The compose service an invocation runs as, if any. */
export function composeServiceOf(invocation: Invocation, index: ComposeIndex): ComposeService | undefined {
  const name = composeServiceNameOf(invocation.carrier.context);
  if (name === undefined) return undefined;
  return index.services.find((entry) => entry.file === invocation.carrier.file && entry.service.name === name)?.service;
}

/** Whether `consumer` can reach `endpoint` by name (compose networks); other endpoints are reachable as given. */
export function canReach(consumer: Invocation, endpoint: Endpoint, index: ComposeIndex): boolean {
  if (!endpoint.composeScope) return true;
  const service = composeServiceOf(consumer, index);
  if (!service || consumer.carrier.file.path !== endpoint.composeScope.file) return false;
  return service.networks.some((network) => endpoint.composeScope!.networks.includes(network));
}

type Inferred = { endpoint: Endpoint } | { unresolved: UnresolvedEndpoint };

function inferAddresses(invocation: Invocation, flags: AddressFlags, context: InferenceContext): Inferred[] {
  if (invocation.carrier.context.kind === 'workload') {
    const bind = bindFlag(invocation, flags);
    const port = Number(splitHostPort(bind?.value ?? '').port || defaultPortOf(invocation, flags));
    if (bind && Number.isNaN(port)) return [unresolved(invocation, flags, `a port: ${flagText(bind)} is only known at run time`)];
    const kube = inferKubeAddresses(invocation, port, flags.role === 'store' ? 'grpc' : 'http', context.kube);
    if (kube) {
      if ('missing' in kube) return [unresolved(invocation, flags, kube.missing, kube.asks)];
      const relative = kube.buildRelative;
      return kube.addresses.map((address) => ({
        endpoint: {
          address,
          role: flags.role,
          confidence: kube.confidence,
          provenance: kube.provenance,
          servedBy: invocation,
          reason: relative ? `${kube.reason}; no namespace: ${relative.builds.split('\n').join(', ')} builds it beside its consumer in each build` : kube.reason,
          ...(kube.serviceToAdd ? { serviceToAdd: kube.serviceToAdd } : {}),
          ...(relative ? { buildRelative: { builds: relative.builds, otherwise: unresolvedEndpoint(invocation, flags, relative.otherwise) } } : {}),
        },
      }));
    }
  }
  const service = composeServiceOf(invocation, context.compose);
  if (service) return [inferComposeAddress(invocation, service, flags)];
  return [inferAddress(invocation, flags, context)];
}

/** In compose, a service's name is its host on the networks it joins (compose's embedded DNS). */
function inferComposeAddress(invocation: Invocation, service: ComposeService, flags: AddressFlags): Inferred {
  const advertise = lastFlag(invocation, flags.advertise);
  const bind = bindFlag(invocation, flags);
  const scope = { file: invocation.carrier.file.path, networks: service.networks };
  if (advertise?.value && !EXPANSION.test(advertise.value) && !isWildcardHost(splitHostPort(advertise.value).host)) {
    const inferred = endpoint(invocation, flags, advertise.value, 'certain', [provenanceOf(flagWord(advertise), flagText(advertise))], 'gossip advertised exactly this address');
    return inferred;
  }
  const port = bind ? splitHostPort(bind.value ?? '').port : String(defaultPortOf(invocation, flags));
  if (EXPANSION.test(port)) return unresolved(invocation, flags, `a port: ${flagText(bind!)} is only known at run time`);
  const provenance = [provenanceOf(invocation.componentWord ?? invocation.lastWord, `compose service ${service.name} on networks ${service.networks.join(', ')}`)];
  if (bind) provenance.push(provenanceOf(flagWord(bind), flagText(bind)));
  const inferred = endpoint(invocation, flags, joinHostPort(service.name, port || String(defaultPortOf(invocation, flags))), 'certain', provenance, `compose service name on networks ${service.networks.join(', ')}`);
  if ('endpoint' in inferred) inferred.endpoint.composeScope = scope;
  return inferred;
}

function inferAddress(invocation: Invocation, flags: AddressFlags, context: InferenceContext): Inferred {
  const provenance: Provenance[] = [];
  const anchor = invocation.componentWord ?? invocation.lastWord;
  const bind = bindFlag(invocation, flags);
  const defaultPort = defaultPortOf(invocation, flags);
  let port = String(defaultPort);
  if (bind) {
    const bound = splitHostPort(bind.value ?? '');
    if (EXPANSION.test(bound.port)) {
      return unresolved(invocation, flags, `a port: ${flagText(bind)} is only known at run time`);
    }
    if (bound.port) port = bound.port;
    provenance.push(provenanceOf(flagWord(bind), flagText(bind)));
  } else {
    provenance.push(provenanceOf(anchor, `${invocation.component} listens on the default --${flags.bind[0]} (port ${defaultPort})`));
  }

  const advertise = lastFlag(invocation, flags.advertise);
  if (advertise?.value) {
    const advertised = splitHostPort(advertise.value);
    if (EXPANSION.test(advertise.value)) {
      return unresolved(invocation, flags, `a host: ${flagText(advertise)} is only known at run time`);
    }
    if (!isWildcardHost(advertised.host)) {
      const address = joinHostPort(advertised.host, advertised.port || port);
      return endpoint(invocation, flags, address, 'certain', [provenanceOf(flagWord(advertise), flagText(advertise))], 'gossip advertised exactly this address');
    }
  }

  const gossipAdvertise = lastFlag(invocation, 'cluster.advertise-address');
  if (gossipAdvertise?.value && !EXPANSION.test(gossipAdvertise.value)) {
    const host = splitHostPort(gossipAdvertise.value).host;
    if (!isWildcardHost(host)) {
      provenance.push(provenanceOf(flagWord(gossipAdvertise), flagText(gossipAdvertise)));
      return endpoint(invocation, flags, joinHostPort(host, port), 'likely', provenance, 'same host as its gossip advertise address');
    }
  }

  const boundHost = bind ? splitHostPort(bind.value ?? '').host : '';
  if (bind && EXPANSION.test(boundHost)) {
    return unresolved(invocation, flags, `a host: ${flagText(bind)} is only known at run time`);
  }
  if (!isWildcardHost(boundHost)) {
    const confidence: Confidence = isLoopbackHost(boundHost) ? 'loopback' : 'certain';
    return endpoint(invocation, flags, joinHostPort(boundHost, port), confidence, provenance, `it listens on ${boundHost} only`);
  }

  const group = invocation.carrier.context.hostGroup;
  const sharesMachine = group !== undefined && !invocation.isContainerized && context.runsOnMachine(group);
  if (sharesMachine) {
    return endpoint(invocation, flags, joinHostPort('127.0.0.1', port), 'loopback', provenance, `every component runs from ${invocation.carrier.file.path} on one machine`);
  }
  const bindText = bind ? flagText(bind) : `the default --${flags.bind[0]}=0.0.0.0:${defaultPort}`;
  return unresolved(invocation, flags, `a reachable host: ${bindText} listens on every interface and gossip guessed the advertised IP at run time`);
}

function endpoint(invocation: Invocation, flags: AddressFlags, address: string, confidence: Confidence, provenance: Provenance[], reason: string): Inferred {
  return { endpoint: { address, role: flags.role, confidence, provenance, servedBy: invocation, reason } };
}

function unresolved(invocation: Invocation, flags: AddressFlags, missing: string, asks?: Asks): Inferred {
  return { unresolved: unresolvedEndpoint(invocation, flags, missing, asks) };
}

function unresolvedEndpoint(invocation: Invocation, flags: AddressFlags, missing: string, asks?: Asks): UnresolvedEndpoint {
  const anchor = invocation.componentWord ?? invocation.lastWord;
  return { role: flags.role, label: invocation.component ?? 'thanos', file: anchor.file, span: anchor.span, missing, ...(asks ? { asks } : {}) };
}

/**
 * Flag values as the script sets them: `--cluster.peers "$SEED"` after
 * `SEED="127.0.0.1:19391"` is that seed. Only literal assignments made earlier
 * in the same script count; a value reached through a `${X:-default}` is the
 * environment's to decide, so it stays a run-time value, as do loop variables
 * (the loop binds them).
 */
function withScriptVariables(invocation: Invocation): Invocation {
  const scope = invocation.carrier.shellVariables;
  if (!scope || scope.count === 0) return invocation;
  const loopVariables = new Set((invocation.carrier.loops ?? []).map((loop) => loop.variable));
  let changed = false;
  const flags = invocation.flags.map((flag) => {
    if (flag.value === null || !flag.value.includes('$')) return flag;
    const resolved = resolveShellWord(flag.value, scope, loopVariables);
    if (resolved.via.length === 0 || resolved.via.some((assignment) => DEFAULTED.test(assignment.value)) || DEFAULTED.test(flag.value)) return flag;
    changed = true;
    return { ...flag, value: resolved.value };
  });
  return changed ? { ...invocation, flags } : invocation;
}

const DEFAULTED = /\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]/;

export interface EndpointSet {
  endpoints: Endpoint[];
  unresolved: UnresolvedEndpoint[];
}

function substitute(value: string, bindings: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    return Object.prototype.hasOwnProperty.call(bindings, name) ? bindings[name]! : whole;
  });
}

/**
 * One view of the invocation per iteration of the shell loops it sits in
 * (`for i in 1 2 3` starts three sidecars on ports 1909${i}); loop variables
 * with literal values are the only expansion the tool evaluates.
 */
export function loopIterations(started: Invocation): Invocation[] {
  const invocation = withScriptVariables(started);
  const bindings = bindingsOf(invocation);
  if (bindings.length === 0) return [invocation];
  return bindings.map((b) => ({
    ...invocation,
    flags: invocation.flags.map((flag) => (flag.value === null ? flag : { ...flag, value: substitute(flag.value, b) })),
  }));
}

/** The loop variables' values of each iteration, in loopIterations' order; [] outside a loop that matters. */
export function loopBindings(started: Invocation): Record<string, string>[] {
  return bindingsOf(withScriptVariables(started));
}

function bindingsOf(invocation: Invocation): Record<string, string>[] {
  const loops = (invocation.carrier.loops ?? []).filter((loop) =>
    invocation.flags.some((flag) => new RegExp(`\\$\\{?${loop.variable}\\b`).test(flag.value ?? '')),
  );
  if (loops.length === 0) return [];
  let bindings: Record<string, string>[] = [{}];
  for (const loop of loops) bindings = bindings.flatMap((b) => loop.values.map((value) => ({ ...b, [loop.variable]: value })));
  return bindings;
}

/**
 * Where one server is reached, as seen by a consumer on `consumerHostGroup`
 * (loopback only reaches its own machine), and whether the answer asked
 * which machine that is: only a server on every interface, with nothing
 * advertised, does, and whether it asks depends on the server alone.
 */
function inferServerAddresses(server: Invocation, role: 'store' | 'query', consumerHostGroup: string | undefined, facts: DeploymentFacts): { set: EndpointSet; asksMachine: boolean } {
  const set: EndpointSet = { endpoints: [], unresolved: [] };
  let asksMachine = false;
  const runsOnMachine = (hostGroup: string) => {
    asksMachine = true;
    return hostGroup === consumerHostGroup;
  };
  for (const inferred of inferAddresses(server, role === 'store' ? STORE_ADDRESS : QUERY_ADDRESS, { runsOnMachine, kube: facts.kube, compose: facts.compose })) {
    // A process only likely Thanos (an unknown program word, a prototype binary) is never a certain endpoint.
    if ('endpoint' in inferred) set.endpoints.push(server.identified === 'likely' && inferred.endpoint.confidence === 'certain' ? { ...inferred.endpoint, confidence: 'likely', reason: `${inferred.endpoint.reason} (likely Thanos: ${server.identifiedBy})` } : inferred.endpoint);
    else set.unresolved.push(inferred.unresolved);
  }
  return { set, asksMachine };
}

/** Where servers are reached from a consumer: inferServerAddresses, remembered for the run. */
export interface ServerAddresses {
  /** Where `server` is reached from a consumer on `consumerHostGroup`. The sets are shared: callers copy what they change (dedupeEndpoints does). */
  seenFrom(server: Invocation, role: 'store' | 'query', consumerHostGroup: string | undefined): EndpointSet;
  /** Whether seenFrom depends on the consumer's machine at all (it is the same from every machine otherwise). */
  dependsOnMachine(server: Invocation, role: 'store' | 'query'): boolean;
}

/**
 * Every Querier of a mesh asks for the same servers (316 Queriers of one
 * 3,158-member mesh asked for 2,800 servers each). Of the consumer the
 * inference reads only whether the two share a machine (sharesMachine), so
 * that is the key with the server and role.
 */
export function serverAddressesOf(facts: DeploymentFacts): ServerAddresses {
  const known = new Map<Invocation, Map<string, EndpointSet>>();
  const machineBound = new Map<Invocation, Map<string, boolean>>();
  const seenFrom = (server: Invocation, role: 'store' | 'query', consumerHostGroup: string | undefined): EndpointSet => {
    const key = `${role}\0${consumerHostGroup === server.carrier.context.hostGroup}`;
    let byKey = known.get(server);
    if (!byKey) known.set(server, (byKey = new Map()));
    let set = byKey.get(key);
    if (!set) {
      const inferred = inferServerAddresses(server, role, consumerHostGroup, facts);
      byKey.set(key, (set = inferred.set));
      let byRole = machineBound.get(server);
      if (!byRole) machineBound.set(server, (byRole = new Map()));
      byRole.set(role, inferred.asksMachine);
    }
    return set;
  };
  return {
    seenFrom,
    dependsOnMachine(server, role) {
      if (machineBound.get(server)?.get(role) === undefined) seenFrom(server, role, undefined);
      return machineBound.get(server)!.get(role)!;
    },
  };
}

/** The StoreAPI of the sidecar Prometheus-Operator injects for `spec.thanos` (it has no argv in the input). */
export function inferOperatorServer(file: SourceFile, object: KubeObject, facts: DeploymentFacts): EndpointSet {
  const inferred = inferOperatorSidecar(file, object, facts.kube);
  if ('missing' in inferred) {
    const label = `Prometheus/${object.name} (operator sidecar)`;
    return { endpoints: [], unresolved: [{ role: 'store', label, file, span: object.thanos?.keySpan ?? object.span, missing: inferred.missing, ...(inferred.asks ? { asks: inferred.asks } : {}) }] };
  }
  return { endpoints: inferred.addresses.map((address) => ({ address, role: 'store' as const, confidence: inferred.confidence, provenance: inferred.provenance, reason: inferred.reason })), unresolved: [] };
}

/** One entry per address, provenance merged, sorted: SD files are diffed by people. */
export function dedupeEndpoints(endpoints: Endpoint[]): Endpoint[] {
  const byAddress = new Map<string, Endpoint>();
  // The places already in each address's provenance, as keys: 1,000 servers on 127.0.0.1:10901
  // gave one address 1,000 sources, and a scan of them per source was cubic over a mesh's Queriers.
  const placesOf = new Map<string, Set<string>>();
  const place = (p: Provenance) => `${p.file}\0${p.line}\0${p.column}`;
  for (const endpoint of endpoints) {
    const seen = byAddress.get(endpoint.address);
    if (seen) {
      const places = placesOf.get(endpoint.address)!;
      for (const source of endpoint.provenance) {
        const at = place(source);
        if (places.has(at)) continue;
        places.add(at);
        seen.provenance.push(source);
      }
    } else {
      byAddress.set(endpoint.address, { ...endpoint, provenance: [...endpoint.provenance] });
      placesOf.set(endpoint.address, new Set(endpoint.provenance.map(place)));
    }
  }
  return [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}
