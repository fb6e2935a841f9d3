// What an open seed names: the Service its host spells, and whether that
// Service selects pods that do not gossip. Both were scans, of every object
// and of every non-gossiping command line, once per open seed: an input of
// 7,500 meshes whose seeds all lead outside it took 200 s to check where the
// same input with its peer Services takes 4 (n² in the seeds).
//
// The index answers exactly what the scan answered, the first Service in
// input order whose key equals the seed's host; it only narrows which
// Services are tried. A Service named with DNS characters only (`[A-Za-z0-9_.-]`)
// has the key `<name>.<namespace>.svc` lowercased, or a key holding `@`
// (loopback, compose, bare names) or `|` (run-time values) — see
// gossipAddress. So unless the host holds `@` or `|`, such a Service can only
// match when its lowercased name is the host up to one of the host's dots.
// Services with any other name are always tried.

import type { AddressScope } from './gossip-address.js';
import type { KubeEntry, KubeLookup } from './kube-lookup.js';
import { pushTo } from '../lists.js';

const DNS_CHARACTERS = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

export interface ServiceHostIndex {
  /** The first Service of the input, in input order, whose key seen from `scope` is `serviceHost`. */
  first(serviceHost: string, scope: AddressScope): KubeEntry | undefined;
}

/**
 * `hostOf(entry, scope)` is the key a Service's name takes from `scope`
 * (`thanos-peers.monitoring.svc`); the index tries it on the Services that can match.
 */
export function serviceHostIndex(objects: readonly KubeEntry[], hostOf: (entry: KubeEntry, scope: AddressScope) => string): ServiceHostIndex {
  const services: KubeEntry[] = [];
  const byLowerName = new Map<string, number[]>();
  const otherNames: number[] = [];
  for (const entry of objects) {
    if (entry.object.kind !== 'Service' || entry.object.isKustomizePatch) continue;
    const ordinal = services.push(entry) - 1;
    const name = entry.object.name;
    if (!DNS_CHARACTERS.test(name)) {
      otherNames.push(ordinal);
      continue;
    }
    pushTo(byLowerName, name.toLowerCase(), ordinal);
  }
  const everyService = services.map((_, ordinal) => ordinal);
  const candidates = (serviceHost: string): number[] => {
    if (serviceHost.includes('@') || serviceHost.includes('|')) return everyService;
    const ordinals = [...otherNames];
    for (let dot = serviceHost.indexOf('.'); dot !== -1; dot = serviceHost.indexOf('.', dot + 1)) {
      const named = byLowerName.get(serviceHost.slice(0, dot));
      if (named) for (const ordinal of named) ordinals.push(ordinal);
    }
    // Each Service sits in one list, under one name: no ordinal is there twice.
    return ordinals.sort((a, b) => a - b);
  };
  return {
    first(serviceHost, scope) {
      for (const ordinal of candidates(serviceHost)) {
        const entry = services[ordinal]!;
        if (hostOf(entry, scope) === serviceHost) return entry;
      }
      return undefined;
    },
  };
}

/**
 * Whether a Service selects the pods of a workload that does not gossip,
 * given those workloads: one pass over them instead of one per open seed. A
 * Service without a selector selects every pod (labelsMatch of nothing).
 */
export function selectsWorkloadOf(workloads: readonly KubeEntry[], lookup: KubeLookup): (service: KubeEntry) => boolean {
  const selecting = new Set<KubeEntry>();
  for (const workload of workloads) for (const service of lookup.selecting('Service', workload.object.podLabels ?? {})) selecting.add(service);
  return (service) => (service.object.selector === undefined ? workloads.length > 0 : selecting.has(service));
}
