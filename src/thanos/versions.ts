// Target Thanos versions and the discovery flags each one accepts
// (v0.2.0:cmd/thanos/query.go, v0.38.0:cmd/thanos/query.go,
// v0.42.4:cmd/thanos/config.go; docs/thanos-flags.md has the evidence:
// --store exists v0.1.0-v0.37.x, --endpoint from v0.24.0,
// --endpoint.sd-config-file from v0.38.0, --store.sd-files v0.2.0-v0.42.4).

export interface ThanosVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseThanosVersion(text: string): ThanosVersion | null {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

export function formatVersion(version: ThanosVersion): string {
  return `v${version.major}.${version.minor}.${version.patch}`;
}

export function compareVersions(a: ThanosVersion, b: ThanosVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export const GOSSIP_REMOVED_IN: ThanosVersion = { major: 0, minor: 5, patch: 0 };
export const FILE_SD_SINCE: ThanosVersion = { major: 0, minor: 2, patch: 0 };
export const ENDPOINT_CONFIG_SINCE: ThanosVersion = { major: 0, minor: 38, patch: 0 };

/** The default target: the v0.5 band, whose flags every later release still accepts. */
export const DEFAULT_TARGET: ThanosVersion = { major: 0, minor: 5, patch: 0 };

export type SdFileFormat = 'file-sd' | 'endpoint-config';

export interface DiscoveryFlags {
  /** The Query flag for one static StoreAPI address (`--store` until v0.38.0 removed it). */
  queryStaticFlag: string;
  /** The Query flag that names the StoreAPI discovery file. */
  queryStoreFileFlag: string;
  queryStoreFileFormat: SdFileFormat;
  /** The Rule flag that names the Query discovery file. */
  ruleQueryFileFlag: string;
}

export function discoveryFlagsFor(target: ThanosVersion): DiscoveryFlags {
  if (compareVersions(target, ENDPOINT_CONFIG_SINCE) >= 0) {
    return { queryStaticFlag: 'endpoint', queryStoreFileFlag: 'endpoint.sd-config-file', queryStoreFileFormat: 'endpoint-config', ruleQueryFileFlag: 'query.sd-files' };
  }
  return { queryStaticFlag: 'store', queryStoreFileFlag: 'store.sd-files', queryStoreFileFormat: 'file-sd', ruleQueryFileFlag: 'query.sd-files' };
}

/** Every flag that already gives a Querier its StoreAPIs, in any version. */
export const QUERY_STORE_DISCOVERY_FLAGS = ['store', 'store.sd-files', 'endpoint', 'endpoint.sd-config', 'endpoint.sd-config-file', 'endpoint-strict', 'endpoint-group', 'endpoint-group-strict'];

/** Every flag that already gives a Ruler its Queriers. */
export const RULE_QUERY_DISCOVERY_FLAGS = ['query', 'query.sd-files', 'query.config', 'query.config-file'];

/** Flags that point a consumer at a discovery file or config: once one is there, the consumer is wired. */
export const DISCOVERY_FILE_FLAGS: Record<'store' | 'query', readonly string[]> = {
  store: ['store.sd-files', 'endpoint.sd-config-file', 'endpoint.sd-config'],
  query: ['query.sd-files', 'query.config', 'query.config-file'],
};
