// The defaults every entry point (CLI, wizard, tests, corpus run) starts from.

import type { MigrationOptions } from './rules/types.js';
import { DEFAULT_TARGET } from './thanos/versions.js';

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
