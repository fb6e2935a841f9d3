// The defaults every entry point (CLI, wizard, tests, corpus run) starts from.

import { DEFAULT_TARGET, type ThanosVersion } from './thanos/versions.js';

export interface MigrationOptions {
  target: ThanosVersion;
  /** Add discovery but leave gossip in place (valid on v0.2-v0.4): the zero-downtime first step. */
  keepGossip: boolean;
  /** `--store-endpoint [NAME=]HOST:PORT` answers, as given. */
  storeEndpoints: string[];
  /** `--query-endpoint [NAME=]HOST:PORT` answers, as given. */
  queryEndpoints: string[];
  /** `--mesh-complete NAME`: the input holds every member of NAME's gossip mesh. */
  completeMeshes: string[];
  sdEncoding: 'yaml' | 'json';
  /** Path Thanos reads the SD file at, overriding the per-carrier default. */
  sdPath?: string;
  /** Namespace for Kubernetes objects whose metadata has none. */
  namespace?: string;
  /** How StatefulSet/headless Service endpoints are spelled. */
  kubeDns: 'pod' | 'srv';
  /** Gossip leftovers (peers Service, cluster port, spec.thanos.peers): remove them, or only report. */
  leftovers: 'remove' | 'report';
}

export const DEFAULT_MIGRATION_OPTIONS: Readonly<MigrationOptions> = {
  target: DEFAULT_TARGET,
  keepGossip: false,
  storeEndpoints: [],
  queryEndpoints: [],
  completeMeshes: [],
  sdEncoding: 'yaml',
  // One SRV record per headless Service follows scaling without an SD edit (what kube-thanos does).
  kubeDns: 'srv',
  // Dead gossip objects go: a peers Service selects nothing useful once gossip is off.
  leftovers: 'remove',
};
