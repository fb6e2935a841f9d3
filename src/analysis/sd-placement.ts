// Where an SD file is written and how the consumer's flag names it. The
// written path and the path Thanos reads differ when a unit runs elsewhere.

import { basename, dirname, join } from 'node:path';
import type { Invocation } from '../model.js';
import type { MigrationOptions, SdPlacement } from '../rules/types.js';
import type { ConsumerEndpoints } from './consumers.js';

/** Where units read their discovery files unless --sd-path says otherwise. */
export const SYSTEMD_SD_DIR = '/etc/thanos';

export function defaultName(role: 'store' | 'query', flag: string, options: MigrationOptions): string {
  const ext = options.sdEncoding === 'json' ? 'json' : 'yaml';
  if (flag.startsWith('endpoint.')) return `thanos-endpoints.${ext}`;
  return role === 'store' ? `thanos-store-sd.${ext}` : `thanos-query-sd.${ext}`;
}

function isVirtual(path: string): boolean {
  return path.startsWith('<');
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
    if (context.workloadKind !== undefined || context.service !== undefined) continue;
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

/** A file-name-safe word for a consumer: its --debug.name, its unit, or its line. */
function slugOf(entry: ConsumerEndpoints): string {
  const file = entry.consumer.carrier.file;
  const word = entry.name.aliases[0] ?? (file.kind === 'systemd' ? basename(file.path).replace(/\.service$/, '') : `line${/:(\d+)$/.exec(entry.name.name)?.[1] ?? '0'}`);
  return word.replace(/[^A-Za-z0-9_.-]+/g, '-');
}

export function placeSdFile(invocation: Invocation, name: string, flag: string, options: MigrationOptions): SdPlacement {
  const file = invocation.carrier.file;
  const directory = isVirtual(file.path) ? '.' : dirname(file.path);
  const writePath = join(directory, name);
  if (options.sdPath) {
    // Consumers of several meshes in one folder each read their own file, in the folder --sd-path names.
    const readPath = basename(options.sdPath) === name ? options.sdPath : join(dirname(options.sdPath), name);
    return { writePath, readPath, arg: { value: `--${flag}=${readPath}` } };
  }
  switch (invocation.carrier.kind) {
    case 'shell-command':
      // Scripts are run from anywhere (`./scripts/quickstart.sh`): name the file next to the script.
      return { writePath, readPath: `$(dirname "$0")/${name}`, arg: { raw: `--${flag}="$(dirname "$0")/${name}"` } };
    case 'systemd-exec': {
      const readPath = `${SYSTEMD_SD_DIR}/${name}`;
      return { writePath, readPath, arg: { value: `--${flag}=${readPath}` } };
    }
    default:
      return { writePath, readPath: name, arg: { value: `--${flag}=${name}` } };
  }
}
