// Shared by the two wiring rules: a consumer (Query or Rule) that found its
// peers through gossip gets a discovery flag and an SD file listing them.

import { dirname, join } from 'node:path';
import type { Endpoint, Finding, Fix, Invocation, Word } from '../model.js';
import { locationOf } from '../argv/text-lines.js';
import type { ConsumerEndpoints } from '../analysis/consumers.js';
import { wordsOfFlag } from '../analysis/invocations.js';
import { looksLikeGossipFlag } from '../thanos/gossip-flags.js';
import type { RuleContext } from './types.js';

/** Where new flags go: after the last word that stays. */
export function insertionAnchor(invocation: Invocation, keepGossip: boolean): Word {
  const leaving = new Set<Word>();
  if (!keepGossip) {
    for (const flag of invocation.flags) if (looksLikeGossipFlag(flag.name)) for (const word of wordsOfFlag(flag)) leaving.add(word);
  }
  const staying = invocation.argv.filter((word) => !leaving.has(word));
  return staying[staying.length - 1] ?? invocation.componentWord ?? invocation.lastWord;
}

export function where(word: Word): string {
  return locationOf(word.file, word.span.start);
}

export interface WiringSpec {
  ruleId: string;
  role: 'store' | 'query';
  consumerName: string;
  serverNoun: string;
  endpointOption: string;
  /** Flags whose presence means the consumer is already wired to an SD file. */
  wiredBy: readonly string[];
  /** The flag and SD schema for the target version. */
  flag: string;
  schema: 'file-sd' | 'endpoint-config';
  /** Static flags whose addresses need not be repeated in the SD file. */
  staticFlags: string[];
  /** The static flag this target version accepts, for carriers that cannot hold an SD file. */
  staticFlag: string;
}

export function wireConsumer(context: RuleContext, entry: ConsumerEndpoints, spec: WiringSpec): Finding | null {
  const consumer = entry.consumer;
  if (consumer.flags.some((flag) => spec.wiredBy.includes(flag.name))) return null;
  const anchorWord = consumer.componentWord ?? consumer.lastWord;
  const who = `${spec.consumerName} ${entry.name.name}`;
  const base = { ruleId: spec.ruleId, severity: 'error' as const, file: anchorWord.file, span: anchorWord.span };
  const asks = { flag: spec.endpointOption, about: `the ${spec.serverNoun}s of ${who}`, target: entry.name.name };
  const answerHint = `Pass ${spec.endpointOption} ${entry.name.name}=HOST:PORT for each`;
  if (!entry.mesh) {
    return {
      ...base,
      isBlocking: true,
      message: `${who} starts members of ${entry.meshes.length} gossip meshes from one command line (${entry.meshes.map((mesh) => `mesh ${mesh.id}`).join(', ')}): split it, or wire its discovery by hand (manual)`,
    };
  }
  const staticFlags = consumer.flags.filter((flag) => spec.staticFlags.includes(flag.name));
  const staticAddresses = new Set(staticFlags.map((flag) => flag.value));
  const listedByInput = entry.endpoints.filter((endpoint) => endpoint.confidence !== 'user').map((endpoint) => endpoint.address);
  const shows = listedByInput.length > 0 ? `the input shows ${listedByInput.join(', ')}` : `the input shows none of its ${spec.serverNoun}s`;
  const isIncomplete = !entry.isAnswered && staticFlags.length === 0 && (entry.unresolved.length > 0 || entry.openings.length > 0);
  const resumed = resumeFromOwnSdFile(context, entry, spec, isIncomplete);
  if (resumed) return resumed;
  // A static flag may already name what gossip found (its value is often templated): then nothing blocks.
  if (!entry.isAnswered && staticFlags.length === 0) {
    if (entry.unresolved.length > 0) {
      const list = entry.unresolved.map((u) => `${u.label} at ${locationOf(u.file, u.span.start)} (missing ${u.missing})`).join('; ');
      return {
        ...base,
        isBlocking: true,
        asks,
        message: `${who} found its ${spec.serverNoun}s through gossip (mesh ${entry.mesh.id}), but ${entry.unresolved.length} of them have no address the input determines: ${list}. ${answerHint}.`,
      };
    }
    if (entry.openings.length > 0) {
      const opening = entry.openings[0]!;
      const others = new Set(entry.openings.map((o) => o.seed.key)).size - 1;
      const more = others > 0 ? ` (and ${others} more seed${others > 1 ? 's' : ''})` : '';
      return {
        ...base,
        isBlocking: true,
        asks: entry.openings.every((o) => o.asks !== undefined) ? opening.asks! : { ...asks, about: `${asks.about}, whose mesh reaches outside the input` },
        message: `${who} found its ${spec.serverNoun}s through gossip, but its mesh ${entry.mesh.id} is open: seed ${opening.seed.text} at ${locationOf(opening.seed.file, opening.seed.span.start)} leads outside the input (${opening.reason})${more}; ${shows}. ${answerHint} that is missing, or --mesh-complete ${entry.name.name} if the input holds the whole mesh.`,
      };
    }
  }
  const endpoints = entry.endpoints.filter((endpoint) => !staticAddresses.has(endpoint.address) && context.canReach(consumer, endpoint));
  // A static flag rendered at deploy time (`--query={{ .Values.query.host }}`) may name exactly what gossip
  // found, or not: the tool cannot tell, so it neither blocks nor adds, and says what to compare.
  const opaque = staticFlags.filter((flag) => flag.value !== null && /[$`]|\{\{|<%|#\{/.test(flag.value));
  if (opaque.length > 0 && endpoints.length > 0) {
    return {
      ...base,
      severity: 'warning',
      message: `${who} already has ${opaque.map((flag) => `--${flag.name}=${flag.value}`).join(' ')}, whose value is only known at render time, and found ${endpoints.map((e) => e.address).join(', ')} through gossip (mesh ${entry.mesh.id}): check that the static flag names them; the tool adds nothing here`,
    };
  }
  if (endpoints.length === 0) {
    if (staticFlags.length > 0) return null;
    return {
      ...base,
      isBlocking: true,
      asks,
      message: `${who} found its ${spec.serverNoun}s through gossip, but none of its mesh's ${spec.serverNoun}s is in the input. ${answerHint}, or include the files that start them.`,
    };
  }
  const anchor = insertionAnchor(consumer, context.options.keepGossip);
  const listed = endpoints.map((e) => e.address).join(', ');
  const services = serviceFixes(endpoints);

  // Templates and jsonnet libraries render manifests elsewhere: a ConfigMap and a volume there would be
  // guesses about the rest of the chart or library; static flags need nothing else.
  if (consumer.carrier.file.kind === 'helm' || (consumer.carrier.file.kind as string) === 'jsonnet') {
    // A ConfigMap and a volume in a chart need chart changes (values, templates); static flags need none.
    if (services.length > 0) {
      return { ...base, isBlocking: true, message: `${who} in a ${consumer.carrier.file.kind === 'helm' ? 'Helm template' : 'jsonnet library'} needs ${services.map((s) => s.kind === 'kube-add-service' ? s.service.name : '').join(', ')}: add a headless Service exposing the ${spec.role === 'store' ? 'gRPC' : 'HTTP'} port to the chart (manual), then run again` };
    }
    const args = endpoints.map((endpoint) => ({ value: `--${spec.staticFlag}=${endpoint.address}` }));
    return {
      ...base,
      message: `${who} (${consumer.carrier.file.kind === 'helm' ? 'Helm template' : 'jsonnet'}) found its ${spec.serverNoun}s through gossip: add static ${args.map((a) => a.value).join(' ')}`,
      fix: [{ kind: 'insert-args', carrier: consumer.carrier, anchor, args }],
    };
  }

  const hostKind = consumer.carrier.file.kind as string;
  if (hostKind === 'ruby') {
    // The argv lives in a library, a runbook or generated text: the file it would read is not ours to place.
    return {
      ...base,
      isBlocking: true,
      asks: { flag: '--sd-path', about: `where ${who} reads its SD file` },
      message: `${who} in a ${hostKind} file found its ${spec.serverNoun}s through gossip: add --${spec.flag} and the file it reads (listing ${listed}) by hand; the tool does not place files for generated or documented command lines (manual)`,
    };
  }
  if ((hostKind === 'dockerfile' || hostKind === 'markdown') && context.options.sdPath === undefined) {
    // Where the file lives when the image runs, or on the host a runbook describes, is the user's to say.
    const where = hostKind === 'dockerfile' ? 'inside the image: COPY or mount it' : 'on the host the runbook describes';
    return {
      ...base,
      isBlocking: true,
      asks: { flag: '--sd-path', about: `the path of the SD file ${where} (${consumer.carrier.file.path})` },
      message: `${who} in a ${hostKind === 'dockerfile' ? 'Dockerfile' : 'runbook'} found its ${spec.serverNoun}s through gossip: pass --sd-path with the SD file's path ${where}; it will list ${listed}`,
    };
  }

  const sd = (path: string) => ({ path, role: spec.role, schema: spec.schema, encoding: context.options.sdEncoding, endpoints, readBy: `--${spec.flag}` });
  const workload = consumer.carrier.context.workloadName;
  if (consumer.carrier.context.workloadKind && workload !== undefined) {
    const fileName = context.sdFileName(entry, spec.flag);
    const mountPath = KUBE_SD_MOUNT;
    const readPath = context.options.sdPath ?? `${mountPath}/${fileName}`;
    const configMapName = `${workload}-${spec.role === 'store' ? 'store' : 'query'}-sd`;
    const namespace = consumer.carrier.context.namespace;
    return {
      ...base,
      message: `${who} found its ${spec.serverNoun}s through gossip: add --${spec.flag}=${readPath} from ConfigMap ${configMapName} listing ${listed}`,
      fix: [
        { kind: 'insert-args', carrier: consumer.carrier, anchor, args: [{ value: `--${spec.flag}=${readPath}` }] },
        {
          kind: 'kube-sd-configmap',
          carrier: consumer.carrier,
          configMapName,
          ...(namespace !== undefined ? { namespace } : {}),
          volumeName: `${spec.role === 'store' ? 'store' : 'query'}-sd`,
          mountPath,
          sd: sd(fileName),
        },
        ...services,
      ],
    };
  }

  const service = consumer.carrier.context.service;
  if (service !== undefined) {
    // One file per compose service: services on different networks reach different stores.
    const fileName = context.sdFileName(entry, spec.flag).replace(/(\.[a-z]+)$/, `.${service}$1`);
    const containerPath = context.options.sdPath ?? `/etc/thanos/${fileName}`;
    const writePath = join(dirname(consumer.carrier.file.path), fileName);
    return {
      ...base,
      message: `${who} (compose service) found its ${spec.serverNoun}s through gossip: add --${spec.flag}=${containerPath}, mounted from ./${fileName}, listing ${listed}`,
      fix: [
        { kind: 'insert-args', carrier: consumer.carrier, anchor, args: [{ value: `--${spec.flag}=${containerPath}` }] },
        { kind: 'compose-mount', carrier: consumer.carrier, hostPath: `./${fileName}`, containerPath },
        { kind: 'write-sd-file', file: sd(writePath) },
      ],
    };
  }

  if (consumer.runner && context.options.sdPath === undefined) {
    // A path on the host means nothing inside the container: the user mounts the file and names it.
    const runner = `${consumer.runner} run`;
    return {
      ...base,
      isBlocking: true,
      asks: { flag: '--sd-path', about: `where the SD file is mounted inside the container of ${who}` },
      message: `${who} is started by ${runner}: mount the SD file into the container (-v HOST_PATH:/etc/thanos/${context.sdFileName(entry, spec.flag)}:ro) and pass --sd-path with the path inside the container; it will list ${listed}`,
    };
  }
  const placement = context.placeSdFile(entry, spec.flag);
  return {
    ...base,
    message: `${who} found its ${spec.serverNoun}s through gossip: add --${spec.flag}=${placement.readPath} listing ${listed}`,
    fix: [{ kind: 'insert-args', carrier: consumer.carrier, anchor, args: [placement.arg] }, { kind: 'write-sd-file', file: sd(placement.writePath) }, ...services],
  };
}

/**
 * A run killed between files can leave a consumer unwired while the evidence
 * of its endpoints is already gone: another file's advertise flags, or the
 * gossip flags that made a server a member of its mesh. The SD file it was to
 * read, written first and carrying the tool's header, holds what that run
 * decided. Wire the consumer to it as it is when the input now says less: the
 * list is incomplete, or what it infers is a part of what the file lists.
 */
function resumeFromOwnSdFile(context: RuleContext, entry: ConsumerEndpoints, spec: WiringSpec, isIncomplete: boolean): Finding | null {
  const consumer = entry.consumer;
  if (!SIBLING_FILE_CARRIERS.has(consumer.carrier.kind) || consumer.runner || consumer.carrier.file.path.startsWith('<')) return null;
  const placement = context.placeSdFile(entry, spec.flag);
  const targets = context.readOwnSdFile(placement.writePath, spec.schema);
  if (!targets) return null;
  const inferred = entry.endpoints.map((endpoint) => endpoint.address);
  const isLess = inferred.every((address) => targets.includes(address)) && inferred.length < targets.length;
  if (!isIncomplete && !isLess) return null;
  const anchorWord = consumer.componentWord ?? consumer.lastWord;
  const gone = targets.filter((address) => !inferred.includes(address));
  return {
    ruleId: spec.ruleId,
    severity: 'error',
    file: anchorWord.file,
    span: anchorWord.span,
    message: `${spec.consumerName} ${entry.name.name} found its ${spec.serverNoun}s through gossip: add --${spec.flag}=${placement.readPath}, which an earlier run of this tool wrote (${placement.writePath}, listing ${targets.join(', ') || 'nothing'}); it is kept as it is${gone.length > 0 ? `, although the input no longer shows ${gone.join(', ')}` : ''}`,
    fix: [{ kind: 'insert-args', carrier: consumer.carrier, anchor: insertionAnchor(consumer, context.options.keepGossip), args: [placement.arg] }],
  };
}

/** Carriers whose SD file is a file of its own next to them (scripts, units, command lines). */
const SIBLING_FILE_CARRIERS = new Set(['shell-command', 'systemd-exec', 'plain-command']);

/** Where Kubernetes Queriers and Rulers mount their SD ConfigMap. */
export const KUBE_SD_MOUNT = '/etc/thanos/sd';

function serviceFixes(endpoints: Endpoint[]): Fix[] {
  return endpoints.flatMap((endpoint) => (endpoint.serviceToAdd ? [{ kind: 'kube-add-service' as const, service: endpoint.serviceToAdd }] : []));
}
