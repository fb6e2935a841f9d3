// What each consumer's SD file is called. Where it is written and how the
// flag names it is the carrier's to say (carriers/<kind>: next to a script,
// /etc/thanos for a unit, a ConfigMap in Kubernetes).

import { basename, dirname } from 'node:path';
import type { MigrationOptions } from '../options.js';
import type { ConsumerEndpoints } from './consumers.js';

export function defaultName(role: 'store' | 'query', flag: string, options: MigrationOptions): string {
  const ext = options.sdEncoding === 'json' ? 'json' : 'yaml';
  if (flag.startsWith('endpoint.')) return `thanos-endpoints.${ext}`;
  return role === 'store' ? `thanos-store-sd.${ext}` : `thanos-query-sd.${ext}`;
}


/**
 * SD file names per consumer. Consumers whose files land in one folder share
 * the default name while they are of one mesh; once a folder holds consumers
 * of several meshes, each mesh gets its own file, named after its first
 * consumer (`thanos-store-sd.query-a.yaml`), so no Querier reads another
 * mesh's list. Kubernetes (a ConfigMap per workload) and compose (a file per
 * service) are per consumer already.
 */
export function sdFileNames(consumers: ConsumerEndpoints[], flagOf: (entry: ConsumerEndpoints) => string, options: MigrationOptions): Map<ConsumerEndpoints, string> {
  const names = new Map<ConsumerEndpoints, string>();
  const folders = new Map<string, ConsumerEndpoints[]>();
  for (const entry of consumers) {
    const base = options.sdPath ? basename(options.sdPath) : defaultName(entry.role, flagOf(entry), options);
    names.set(entry, base);
    const context = entry.consumer.carrier.context;
    if (context.kind === 'workload' || context.kind === 'compose') continue;
    const folder = `${dirname(entry.consumer.carrier.file.path)}\0${base}`;
    folders.set(folder, [...(folders.get(folder) ?? []), entry]);
  }
  for (const group of folders.values()) {
    const meshes = [...new Set(group.map((entry) => entry.mesh))];
    if (meshes.length < 2) continue;
    for (const mesh of meshes) {
      const members = group.filter((entry) => entry.mesh === mesh);
      const suffix = slugOf(members[0]!);
      for (const entry of members) names.set(entry, names.get(entry)!.replace(/(\.[a-z]+)$/, `.${suffix}$1`));
    }
  }
  return names;
}

/** A file-name-safe word for a consumer: its --debug.name, the name its carrier gives it, its unit, or its line. */
function slugOf(entry: ConsumerEndpoints): string {
  const file = entry.consumer.carrier.file;
  const named = entry.consumer.carrier.context.names?.includes(entry.name.name) ? entry.name.name : undefined;
  const word = entry.name.aliases[0] ?? named ?? (file.kind === 'systemd' ? basename(file.path).replace(/\.service$/, '') : `line${/:(\d+)$/.exec(entry.name.name)?.[1] ?? '0'}`);
  return word.replace(/[^A-Za-z0-9_.-]+/g, '-');
}
