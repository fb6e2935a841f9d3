// The defaults every entry point (CLI, wizard, tests, corpus run) starts from.

import type { MigrationOptions } from './rules/types.js';
import { DEFAULT_TARGET } from './thanos/versions.js';

export const DEFAULT_MIGRATION_OPTIONS: Readonly<MigrationOptions> = {
  target: DEFAULT_TARGET,
  keepGossip: false,
  storeEndpoints: [],
  queryEndpoints: [],
  sdEncoding: 'yaml',
  kubeDns: 'pod',
  // Dead gossip objects go: a peers Service selects nothing useful once gossip is off.
  leftovers: 'remove',
};
