// From command-line options to the MigrationOptions the library takes. Kept
// apart from the commands so `check` and the wizard load no migration code
// just to read their options.

import { DEFAULT_MIGRATION_OPTIONS } from './options.js';
import type { MigrationOptions } from './options.js';
import { compareVersions, DEFAULT_TARGET, GOSSIP_REMOVED_IN, parseThanosVersion } from './thanos/versions.js';
import { UsageError } from './usage-error.js';

// HOST:PORT, optionally with Thanos's dns+ prefix; dnssrv+ names carry their port in the SRV record.
// An answer may be aimed at one consumer: NAME=HOST:PORT (an address never holds `=`).
const ENDPOINT = /^(?:[^=\s]+=)?(?:(?:dns\+)?(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}|dnssrv(?:noa)?\+[A-Za-z0-9_.-]+)$/;

export interface RawOptions {
  cmd?: string;
  write?: boolean;
  outDir?: string;
  keepGossip?: boolean;
  thanosVersion?: string;
  storeEndpoint?: string[];
  queryEndpoint?: string[];
  meshComplete?: string[];
  sdFormat?: 'yaml' | 'json';
  sdPath?: string;
  namespace?: string;
  k8sDns?: 'pod' | 'srv';
  leftovers?: 'remove' | 'report';
  showSecrets?: boolean;
  quiet?: boolean;
  planOut?: string;
  allowDirty?: boolean;
  force?: boolean;
  /** Read stdin (`-`) as a file of this name would be read. */
  stdinFilename?: string;
}

/** `--color` / `--no-color`: absent when neither was given. */
export interface ColorOption {
  color?: boolean;
}

export function migrationOptions(raw: RawOptions): MigrationOptions {
  let target = DEFAULT_TARGET;
  if (raw.thanosVersion !== undefined) {
    const parsed = parseThanosVersion(raw.thanosVersion);
    if (!parsed) throw new UsageError(`--thanos-version ${raw.thanosVersion}: expected a version like v0.5.0`);
    target = parsed;
  }
  if (raw.keepGossip) {
    if (raw.thanosVersion !== undefined && compareVersions(target, GOSSIP_REMOVED_IN) >= 0) {
      throw new UsageError(`--keep-gossip cannot target ${raw.thanosVersion}: Thanos >= v0.5.0 refuses to start with gossip flags`);
    }
    if (raw.thanosVersion === undefined) target = { major: 0, minor: 4, patch: 0 };
  }
  for (const [option, values] of [
    ['--store-endpoint', raw.storeEndpoint],
    ['--query-endpoint', raw.queryEndpoint],
  ] as const) {
    for (const value of values ?? []) if (!ENDPOINT.test(value)) throw new UsageError(`${option} ${value}: expected [NAME=]HOST:PORT (or dns+HOST:PORT, dnssrv+NAME)`);
  }
  return {
    ...DEFAULT_MIGRATION_OPTIONS,
    target,
    keepGossip: Boolean(raw.keepGossip),
    storeEndpoints: raw.storeEndpoint ?? [],
    queryEndpoints: raw.queryEndpoint ?? [],
    completeMeshes: raw.meshComplete ?? [],
    sdEncoding: raw.sdFormat ?? DEFAULT_MIGRATION_OPTIONS.sdEncoding,
    kubeDns: raw.k8sDns ?? DEFAULT_MIGRATION_OPTIONS.kubeDns,
    leftovers: raw.leftovers ?? DEFAULT_MIGRATION_OPTIONS.leftovers,
    ...(raw.sdPath !== undefined ? { sdPath: raw.sdPath } : {}),
    ...(raw.namespace !== undefined ? { namespace: raw.namespace } : {}),
  };
}
