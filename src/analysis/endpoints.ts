// Which StoreAPI endpoints each Querier must know, and which Query endpoints
// each Ruler must know, now that gossip no longer tells them. Every endpoint
// says where it came from and how sure we are; what the input does not say
// is returned as unresolved, never guessed (guessing is what sank gossip).

import type { Asks, Component, Confidence, Endpoint, FlagUse, Invocation, Provenance, SourceFile, UnresolvedEndpoint, Word } from '../model.js';
import type { ComposeService } from '../carriers/yaml/index.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { COMPONENTS, DEFAULT_GRPC_PORT, DEFAULT_HTTP_PORT } from '../thanos/components.js';
import { inferKubeAddresses, inferOperatorSidecar, type KubeIndex } from './kubernetes.js';

export interface HostPort {
  host: string;
  port: string;
}

/** `host:port`, `[v6]:port`, `:port` or `host`. */
export function splitHostPort(address: string): HostPort {
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(address);
  if (v6) return { host: v6[1] ?? '', port: v6[2] ?? '' };
  const colon = address.lastIndexOf(':');
  if (colon === -1) return { host: address, port: '' };
  return { host: address.slice(0, colon), port: address.slice(colon + 1) };
}

export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const EXPANSION = /\$|\{\{|<%|%[a-zA-Z]/;

export function isWildcardHost(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::' || host === '*';
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || /^127\./.test(host) || host === '::1';
}

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
  bind: string;
  defaultPort: number;
}

const STORE_ADDRESS: AddressFlags = { role: 'store', advertise: 'grpc-advertise-address', bind: 'grpc-address', defaultPort: DEFAULT_GRPC_PORT };
const QUERY_ADDRESS: AddressFlags = { role: 'query', advertise: 'http-advertise-address', bind: 'http-address', defaultPort: DEFAULT_HTTP_PORT };

export interface InferenceContext {
  /** Host groups (one shell script = one machine) of the invocations that will read the endpoints. */
  consumerHostGroups: (string | undefined)[];
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
  const name = invocation.carrier.context.service;
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
  if (invocation.carrier.context.workloadKind) {
    const bind = lastFlag(invocation, flags.bind);
    const port = Number(splitHostPort(bind?.value ?? '').port || flags.defaultPort);
    if (bind && Number.isNaN(port)) return [unresolved(invocation, flags, `a port: ${flagText(bind)} is only known at run time`)];
    const kube = inferKubeAddresses(invocation, port, flags.role === 'store' ? 'grpc' : 'http', context.kube);
    if (kube) {
      if ('missing' in kube) return [unresolved(invocation, flags, kube.missing, kube.asks)];
      return kube.addresses.map((address) => ({
        endpoint: {
          address,
          role: flags.role,
          confidence: kube.confidence,
          provenance: kube.provenance,
          servedBy: invocation,
          reason: kube.reason,
          ...(kube.serviceToAdd ? { serviceToAdd: kube.serviceToAdd } : {}),
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
  const bind = lastFlag(invocation, flags.bind);
  const scope = { file: invocation.carrier.file.path, networks: service.networks };
  if (advertise?.value && !EXPANSION.test(advertise.value) && !isWildcardHost(splitHostPort(advertise.value).host)) {
    const inferred = endpoint(invocation, flags, advertise.value, 'certain', [provenanceOf(flagWord(advertise), flagText(advertise))], 'gossip advertised exactly this address');
    return inferred;
  }
  const port = bind ? splitHostPort(bind.value ?? '').port : String(flags.defaultPort);
  if (EXPANSION.test(port)) return unresolved(invocation, flags, `a port: ${flagText(bind!)} is only known at run time`);
  const provenance = [provenanceOf(invocation.componentWord ?? invocation.lastWord, `compose service ${service.name} on networks ${service.networks.join(', ')}`)];
  if (bind) provenance.push(provenanceOf(flagWord(bind), flagText(bind)));
  const inferred = endpoint(invocation, flags, joinHostPort(service.name, port || String(flags.defaultPort)), 'certain', provenance, `compose service name on networks ${service.networks.join(', ')}`);
  if ('endpoint' in inferred) inferred.endpoint.composeScope = scope;
  return inferred;
}

function inferAddress(invocation: Invocation, flags: AddressFlags, context: InferenceContext): Inferred {
  const provenance: Provenance[] = [];
  const anchor = invocation.componentWord ?? invocation.lastWord;
  const bind = lastFlag(invocation, flags.bind);
  let port = String(flags.defaultPort);
  if (bind) {
    const bound = splitHostPort(bind.value ?? '');
    if (EXPANSION.test(bound.port)) {
      return unresolved(invocation, flags, `a port: ${flagText(bind)} is only known at run time`);
    }
    if (bound.port) port = bound.port;
    provenance.push(provenanceOf(flagWord(bind), flagText(bind)));
  } else {
    provenance.push(provenanceOf(anchor, `${invocation.component} listens on the default --${flags.bind} (port ${flags.defaultPort})`));
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
  const sharesMachine =
    group !== undefined && !invocation.isContainerized && context.consumerHostGroups.length > 0 && context.consumerHostGroups.every((g) => g === group);
  if (sharesMachine) {
    return endpoint(invocation, flags, joinHostPort('127.0.0.1', port), 'loopback', provenance, `every component runs from ${invocation.carrier.file.path} on one machine`);
  }
  const bindText = bind ? flagText(bind) : `the default --${flags.bind}=0.0.0.0:${flags.defaultPort}`;
  return unresolved(invocation, flags, `a reachable host: ${bindText} listens on every interface and gossip guessed the advertised IP at run time`);
}

function endpoint(invocation: Invocation, flags: AddressFlags, address: string, confidence: Confidence, provenance: Provenance[], reason: string): Inferred {
  return { endpoint: { address, role: flags.role, confidence, provenance, servedBy: invocation, reason } };
}

function unresolved(invocation: Invocation, flags: AddressFlags, missing: string, asks?: Asks): Inferred {
  const anchor = invocation.componentWord ?? invocation.lastWord;
  return { unresolved: { role: flags.role, label: invocation.component ?? 'thanos', file: anchor.file, span: anchor.span, missing, ...(asks ? { asks } : {}) } };
}

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
export function loopIterations(invocation: Invocation): Invocation[] {
  const loops = (invocation.carrier.loops ?? []).filter((loop) =>
    invocation.flags.some((flag) => new RegExp(`\\$\\{?${loop.variable}\\b`).test(flag.value ?? '')),
  );
  let bindings: Record<string, string>[] = [{}];
  for (const loop of loops) bindings = bindings.flatMap((b) => loop.values.map((value) => ({ ...b, [loop.variable]: value })));
  if (loops.length === 0) return [invocation];
  return bindings.map((b) => ({
    ...invocation,
    flags: invocation.flags.map((flag) => (flag.value === null ? flag : { ...flag, value: substitute(flag.value, b) })),
  }));
}

function collect(servers: Invocation[], flags: AddressFlags, context: InferenceContext, supplied: string[]): EndpointSet {
  const endpoints: Endpoint[] = [];
  const unresolvedList: UnresolvedEndpoint[] = [];
  for (const server of servers.flatMap(loopIterations)) {
    for (const inferred of inferAddresses(server, flags, context)) {
      if ('endpoint' in inferred) endpoints.push(server.identified === 'likely' && inferred.endpoint.confidence === 'certain' ? { ...inferred.endpoint, confidence: 'likely', reason: `${inferred.endpoint.reason} (likely Thanos: ${server.identifiedBy})` } : inferred.endpoint);
      else unresolvedList.push(inferred.unresolved);
    }
  }
  for (const address of supplied) {
    endpoints.push({
      address,
      role: flags.role,
      confidence: 'user',
      provenance: [{ file: '<command line>', line: 0, column: 0, note: `--${flags.role}-endpoint ${address}` }],
      reason: 'given on the command line',
    });
  }
  return { endpoints: dedupe(endpoints), unresolved: unresolvedList };
}

function dedupe(endpoints: Endpoint[]): Endpoint[] {
  const byAddress = new Map<string, Endpoint>();
  for (const endpoint of endpoints) {
    const seen = byAddress.get(endpoint.address);
    if (seen) seen.provenance.push(...endpoint.provenance);
    else byAddress.set(endpoint.address, { ...endpoint, provenance: [...endpoint.provenance] });
  }
  return [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

function isComponentIn(invocation: Invocation, predicate: (component: Component) => boolean): boolean {
  return invocation.component !== null && predicate(invocation.component);
}

/** StoreAPI endpoints for the Queriers among `invocations`. */
export function inferStoreEndpoints(invocations: Invocation[], supplied: string[], facts: DeploymentFacts): EndpointSet {
  const servers = invocations.filter((inv) => isComponentIn(inv, (c) => COMPONENTS[c].servesStoreApi));
  const consumers = invocations.filter((inv) => isComponentIn(inv, (c) => COMPONENTS[c].needsStores));
  if (consumers.length === 0 && supplied.length === 0) return { endpoints: [], unresolved: [] };
  const set = collect(servers, STORE_ADDRESS, { consumerHostGroups: consumers.map((inv) => inv.carrier.context.hostGroup), kube: facts.kube, compose: facts.compose }, supplied);
  for (const { file, object } of facts.kube.objects) {
    if (object.kind !== 'Prometheus' || !object.thanos) continue;
    const inferred = inferOperatorSidecar(file, object, facts.kube);
    if ('missing' in inferred) {
      set.unresolved.push({ role: 'store', label: `Prometheus/${object.name} (operator sidecar)`, file, span: object.thanos.keySpan, missing: inferred.missing, ...(inferred.asks ? { asks: inferred.asks } : {}) });
      continue;
    }
    for (const address of inferred.addresses) {
      set.endpoints.push({ address, role: 'store', confidence: inferred.confidence, provenance: inferred.provenance, reason: inferred.reason });
    }
  }
  set.endpoints = dedupe(set.endpoints);
  return set;
}

/** Query HTTP endpoints for the Rulers among `invocations`. */
export function inferQueryEndpoints(invocations: Invocation[], supplied: string[], facts: DeploymentFacts): EndpointSet {
  const servers = invocations.filter((inv) => inv.component === 'query');
  const consumers = invocations.filter((inv) => isComponentIn(inv, (c) => COMPONENTS[c].needsQueries));
  if (consumers.length === 0 && supplied.length === 0) return { endpoints: [], unresolved: [] };
  return collect(servers, QUERY_ADDRESS, { consumerHostGroups: consumers.map((inv) => inv.carrier.context.hostGroup), kube: facts.kube, compose: facts.compose }, supplied);
}


