// What a consumer's discovery already says: after a migration (or a
// `--keep-gossip` first step), a Querier or Ruler reads an SD file through
// its discovery flag; a rerun reads that file back and reports the consumer
// as migrated with its endpoints, instead of as a gossip consumer with
// nothing to learn from. The tool's own SD files carry a header line; such a
// file found where a migration would write it is what an interrupted earlier
// run decided, and a rerun resumes from it.

import type { FlagUse, Invocation } from '../model.js';
import { validateSdFile } from '../sd/validate.js';
import { DISCOVERY_FILE_FLAGS } from '../thanos/versions.js';
import type { SdLookup } from './sd-lookup.js';
import type { ProcessName } from './names.js';

/** The first line of every YAML SD file the tool writes (sd/render.ts). */
export const OWN_SD_HEADER = /^\uFEFF?# (?:StoreAPI endpoints for thanos query|Query endpoints for thanos rule) \([^)]*\), written by thanos-gossip-migrate\./;

export interface DiscoveryReadBack {
  consumer: Invocation;
  role: 'store' | 'query';
  name: ProcessName;
  /** The discovery flag (`--store.sd-files=…`). */
  flag: FlagUse;
  lookup: SdLookup;
  /** The addresses the file lists (when it was found and parses). */
  targets: string[];
  /** The file carries this tool's header. */
  isOwn: boolean;
}

const SCHEMA: Record<string, 'file-sd' | 'endpoint-config'> = {
  'store.sd-files': 'file-sd',
  'query.sd-files': 'file-sd',
  'endpoint.sd-config-file': 'endpoint-config',
};

export function sdSchemaOf(flag: string): 'file-sd' | 'endpoint-config' | undefined {
  return SCHEMA[flag];
}

/** The addresses an SD file of the tool lists, or null when `text` is not one of its files. */
export function ownSdTargets(text: string | null, path: string, schema: 'file-sd' | 'endpoint-config'): string[] | null {
  if (text === null || !OWN_SD_HEADER.test(text)) return null;
  const read = validateSdFile(text, path, schema);
  return read.problems.some((problem) => problem.kind === 'invalid') ? null : read.endpoints.map((endpoint) => endpoint.address);
}

/** Every Querier and Ruler whose discovery flag names a file, with what the file lists. */
export function readBackDiscovery(
  invocations: Invocation[],
  nameOf: (invocation: Invocation) => ProcessName | undefined,
  locate: (invocation: Invocation, value: string) => SdLookup,
): DiscoveryReadBack[] {
  const entries: DiscoveryReadBack[] = [];
  for (const invocation of invocations) {
    const role = invocation.component === 'query' ? 'store' : invocation.component === 'rule' ? 'query' : undefined;
    if (!role) continue;
    for (const flag of invocation.flags) {
      const schema = sdSchemaOf(flag.name);
      if (!schema || !DISCOVERY_FILE_FLAGS[role].includes(flag.name) || flag.value === null) continue;
      const lookup = locate(invocation, flag.value);
      const text = lookup.status === 'found' ? lookup.text : null;
      const targets = text === null ? [] : validateSdFile(text, lookup.status === 'found' ? lookup.path : flag.value, schema).endpoints.map((endpoint) => endpoint.address);
      entries.push({ consumer: invocation, role, name: nameOf(invocation)!, flag, lookup, targets, isOwn: text !== null && OWN_SD_HEADER.test(text) });
    }
  }
  return entries;
}
