// Where an SD file is written and how the consumer's flag names it. The
// written path and the path Thanos reads differ when a unit runs elsewhere.

import { basename, dirname, join } from 'node:path';
import type { Invocation } from '../model.js';
import type { MigrationOptions, SdPlacement } from '../rules/types.js';

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

export function placeSdFile(invocation: Invocation, role: 'store' | 'query', flag: string, options: MigrationOptions): SdPlacement {
  const file = invocation.carrier.file;
  const name = options.sdPath ? basename(options.sdPath) : defaultName(role, flag, options);
  const directory = isVirtual(file.path) ? '.' : dirname(file.path);
  const writePath = join(directory, name);
  if (options.sdPath) return { writePath, readPath: options.sdPath, arg: { value: `--${flag}=${options.sdPath}` } };
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
