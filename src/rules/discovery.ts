// Shared by the two wiring rules: a consumer (Query or Rule) that found its
// peers through gossip gets a discovery flag and an SD file listing them.

import type { DiscoveryRequest, Finding, Invocation, Word } from '../model.js';
import { locationOf } from '../argv/text-lines.js';
import type { ConsumerEndpoints } from '../analysis/consumers.js';
import { wordsOfFlag } from '../analysis/invocations.js';
import { looksLikeGossipFlag } from '../thanos/vocabulary.js';
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
  const resumed = resumeFromOwnSdFile(context, entry, spec, isIncomplete, who);
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
  const request: DiscoveryRequest = {
    consumer,
    who,
    role: spec.role,
    flag: spec.flag,
    schema: spec.schema,
    staticFlag: spec.staticFlag,
    endpoints,
    sdFileName: context.sdFileName(entry, spec.flag),
    anchor: insertionAnchor(consumer, context.options.keepGossip),
    encoding: context.options.sdEncoding,
    ...(context.options.sdPath !== undefined ? { sdPath: context.options.sdPath } : {}),
  };
  const plan = context.wireDiscovery(request);
  if (plan.kind === 'refused') return { ...base, isBlocking: true, ...(plan.asks ? { asks: plan.asks } : {}), message: `${who} ${plan.reason}` };
  return { ...base, message: `${who} found its ${spec.serverNoun}s through gossip: ${plan.wiring.description}`, fix: [{ kind: 'wire-discovery', wiring: plan.wiring }] };
}

/**
 * A run killed between files can leave a consumer unwired while the evidence
 * of its endpoints is already gone: another file's advertise flags, or the
 * gossip flags that made a server a member of its mesh. The SD file it was to
 * read, written first and carrying the tool's header, holds what that run
 * decided. Wire the consumer to it as it is when the input now says less: the
 * list is incomplete, or what it infers is a part of what the file lists.
 */
function resumeFromOwnSdFile(context: RuleContext, entry: ConsumerEndpoints, spec: WiringSpec, isIncomplete: boolean, who: string): Finding | null {
  const consumer = entry.consumer;
  if (consumer.carrier.file.path.startsWith('<')) return null;
  const probe = context.wireDiscovery({
    consumer,
    who,
    role: spec.role,
    flag: spec.flag,
    schema: spec.schema,
    staticFlag: spec.staticFlag,
    endpoints: entry.endpoints,
    sdFileName: context.sdFileName(entry, spec.flag),
    anchor: insertionAnchor(consumer, context.options.keepGossip),
    encoding: context.options.sdEncoding,
    ...(context.options.sdPath !== undefined ? { sdPath: context.options.sdPath } : {}),
  });
  // Only a wiring whose whole list is one SD file of its own can resume from it.
  if (probe.kind !== 'wired' || probe.wiring.sdFiles.length !== 1 || probe.wiring.documents.length > 0) return null;
  const sdPath = probe.wiring.sdFiles[0]!.path;
  const targets = context.readOwnSdFile(sdPath, spec.schema);
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
    message: `${who} found its ${spec.serverNoun}s through gossip: add --${spec.flag}=${probe.wiring.readPath}, which an earlier run of this tool wrote (${sdPath}, listing ${targets.join(', ') || 'nothing'}); it is kept as it is${gone.length > 0 ? `, although the input no longer shows ${gone.join(', ')}` : ''}`,
    fix: [{ kind: 'wire-discovery', wiring: { ...probe.wiring, sdFiles: [] } }],
  };
}

