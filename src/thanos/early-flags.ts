// Flags Thanos had before v0.1.0, where the flag table (flag-table.json)
// starts, and what replaced them. Read at the commits that renamed them:
// 3e445c82 (2017-11-17, "unify address flags": --api-address became
// --grpc-address on sidecar and store and --http-address on query, and
// --metrics-address became --http-address; the defaults moved from
// 19090/19091/19099 to 10901/10902) and 66ed8b88 (2018-09-04, store
// --tsdb.path became --data-dir, in v0.1.0).

export interface EarlyFlag {
  components: readonly string[];
  name: string;
  renamedTo: string;
  /** The commit (and date) that renamed it. */
  renamedIn: string;
  /** The port it listened on by default, for address flags. */
  defaultPort?: number;
}

export const EARLY_FLAGS: readonly EarlyFlag[] = [
  { components: ['sidecar', 'store'], name: 'api-address', renamedTo: 'grpc-address', renamedIn: '3e445c82 (2017-11-17)', defaultPort: 19090 },
  { components: ['sidecar', 'store'], name: 'metrics-address', renamedTo: 'http-address', renamedIn: '3e445c82 (2017-11-17)', defaultPort: 19091 },
  { components: ['query'], name: 'api-address', renamedTo: 'http-address', renamedIn: '3e445c82 (2017-11-17)', defaultPort: 19099 },
  { components: ['store'], name: 'tsdb.path', renamedTo: 'data-dir', renamedIn: '66ed8b88 (2018-09-04, v0.1.0)' },
];

export function earlyFlag(component: string, name: string): EarlyFlag | undefined {
  return EARLY_FLAGS.find((flag) => flag.name === name && flag.components.includes(component));
}
