// Shared by the two wiring rules: a consumer (Query or Rule) that found its
// peers through gossip gets a discovery flag and an SD file listing them.

import type { DiscoveryRequest, Endpoint, Finding, Invocation, UnresolvedEndpoint, WiringPlan, Word } from '../model.js';
import { locationOf } from '../argv/text-lines.js';
import type { ConsumerEndpoints } from '../analysis/consumers.js';
import type { MeshOpening } from '../analysis/meshes.js';
import { wordsOfFlag } from '../analysis/invocations.js';
import { looksLikeGossipFlag } from '../thanos/vocabulary.js';
import type { Rule, RuleContext } from './types.js';
import { counted, messageOf, type Messages } from './messages.js';
import { firstFew } from '../lists.js';

/** Servers without an address named in one consumer's finding at most: endpoint-unresolved reports every one of them. */
const UNRESOLVED_NAMED = 10;

/**
 * The servers a consumer waits on, the first few named and the rest
 * counted. A Querier of a 1,000-Deployment Helm template named 996 of them,
 * about 180 KB of one message, and again for each Querier of its mesh.
 */
function unresolvedBriefly(servers: readonly UnresolvedEndpoint[]): string {
  const describe = (u: UnresolvedEndpoint) => `${u.label} at ${locationOf(u.file, u.span.start)} (missing ${u.missing})`;
  return firstFew(servers, UNRESOLVED_NAMED, describe, '; ', (left) => `; and ${left} more (each reported by endpoint-unresolved)`);
}

/** The messages of both wiring rules (query-store-discovery, rule-query-discovery). */
export const WIRING_MESSAGES = {
  wired: '{{consumer}} found its {{servers}} through gossip: {{wiring}}',
  refused: '{{consumer}} {{reason}}',
  meshesMixed: '{{consumer}} starts members of {{count}} gossip meshes from one command line ({{meshes}}): split it, or wire its discovery by hand (manual)',
  unresolved: '{{consumer}} found its {{servers}} through gossip (mesh {{mesh}}), but {{count}} of them have no address the input determines: {{unresolved}}. Pass {{option}} {{target}}=HOST:PORT for each.',
  meshOpen: '{{consumer}} found its {{servers}} through gossip, but its mesh {{mesh}} is open: seed {{seed}} at {{seedAt}} leads outside the input ({{reason}}){{otherSeeds}}; the input shows {{shown}}. Pass {{option}} {{target}}=HOST:PORT for each that is missing, or --mesh-complete {{target}} if the input holds the whole mesh.',
  meshOpenNoneShown: '{{consumer}} found its {{servers}} through gossip, but its mesh {{mesh}} is open: seed {{seed}} at {{seedAt}} leads outside the input ({{reason}}){{otherSeeds}}; the input shows none of its {{servers}}. Pass {{option}} {{target}}=HOST:PORT for each that is missing, or --mesh-complete {{target}} if the input holds the whole mesh.',
  noneInInput: "{{consumer}} found its {{servers}} through gossip, but none of its mesh's {{servers}} is in the input. Pass {{option}} {{target}}=HOST:PORT for each, or include the files that start them.",
  staticFlagOpaque: '{{consumer}} already has {{staticFlags}}, whose value is only known when it is rendered or run, and found {{addresses}} through gossip (mesh {{mesh}}): check that the static flag names them; the tool adds nothing here',
  resumed: '{{consumer}} found its {{servers}} through gossip: add --{{flag}}={{readPath}}, which an earlier run of this tool wrote ({{sdFile}}, listing {{listed}}); it is kept as it is',
  resumedGone: '{{consumer}} found its {{servers}} through gossip: add --{{flag}}={{readPath}}, which an earlier run of this tool wrote ({{sdFile}}, listing {{listed}}); it is kept as it is, although the input no longer shows {{gone}}',
} as const satisfies Messages;

export type WiringRule = Rule<typeof WIRING_MESSAGES>;

/**
 * What every consumer of a mesh says of its openings, worked out once per
 * mesh: a mesh whose n members each seed outside the input has n openings,
 * and n Queriers each counting them was n².
 */
const summaries = new WeakMap<readonly MeshOpening[], { otherSeeds: number; allAsk: boolean }>();
function openingsSummary(openings: readonly MeshOpening[]): { otherSeeds: number; allAsk: boolean } {
  let summary = summaries.get(openings);
  if (!summary) {
    summary = { otherSeeds: new Set(openings.map((o) => o.seed.key)).size - 1, allAsk: openings.every((o) => o.asks !== undefined) };
    summaries.set(openings, summary);
  }
  return summary;
}

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
  rule: WiringRule;
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
  const base = { severity: 'error' as const, file: anchorWord.file, span: anchorWord.span };
  const asks = { flag: spec.endpointOption, about: `the ${spec.serverNoun}s of ${who}`, target: entry.name.name };
  const said = { consumer: who, servers: `${spec.serverNoun}s` };
  const answer = { option: spec.endpointOption, target: entry.name.name };
  if (!entry.mesh) {
    return {
      ...messageOf(spec.rule, 'meshesMixed', { consumer: who, count: entry.meshes.length, meshes: entry.meshes.map((mesh) => `mesh ${mesh.id}`) }),
      ...base,
      isBlocking: true,
    };
  }
  const staticFlags = consumer.flags.filter((flag) => spec.staticFlags.includes(flag.name));
  const staticAddresses = new Set(staticFlags.map((flag) => flag.value));
  const listedByInput = entry.endpoints.filter((endpoint) => endpoint.confidence !== 'user').map((endpoint) => endpoint.address);
  const isIncomplete = !entry.isAnswered && staticFlags.length === 0 && (entry.unresolved.length > 0 || entry.openings.length > 0);
  // The wiring of everything inferred: the resume check reads its SD file path, and it is the plan itself when nothing below filters the list.
  const probe = consumer.carrier.file.path.startsWith('<') ? null : context.wireDiscovery(discoveryRequest(context, entry, spec, who, entry.endpoints));
  const resumed = probe && resumeFromOwnSdFile(context, entry, spec, isIncomplete, who, probe);
  if (resumed) return resumed;
  // A static flag may already name what gossip found (its value is often templated): then nothing blocks.
  if (!entry.isAnswered && staticFlags.length === 0) {
    if (entry.unresolved.length > 0) {
      const unresolved = unresolvedBriefly(entry.unresolved);
      return {
        ...messageOf(spec.rule, 'unresolved', { ...said, ...answer, mesh: entry.mesh.id, count: entry.unresolved.length, unresolved }),
        ...base,
        isBlocking: true,
        asks,
      };
    }
    if (entry.openings.length > 0) {
      const opening = entry.openings[0]!;
      const { otherSeeds: others, allAsk } = openingsSummary(entry.openings);
      const seed = {
        ...said,
        ...answer,
        mesh: entry.mesh.id,
        seed: opening.seed.text,
        seedAt: locationOf(opening.seed.file, opening.seed.span.start),
        reason: opening.reason,
        otherSeeds: others > 0 ? ` (and ${counted(others, 'more seed')})` : '',
      };
      return {
        ...(listedByInput.length > 0 ? messageOf(spec.rule, 'meshOpen', { ...seed, shown: listedByInput }) : messageOf(spec.rule, 'meshOpenNoneShown', seed)),
        ...base,
        isBlocking: true,
        asks: allAsk ? opening.asks! : { ...asks, about: `${asks.about}, whose mesh reaches outside the input` },
      };
    }
  }
  const endpoints = entry.endpoints.filter((endpoint) => !staticAddresses.has(endpoint.address) && context.canReach(consumer, endpoint));
  // A static flag rendered at deploy time (`--query={{ .Values.query.host }}`) may name exactly what gossip
  // found, or not: the tool cannot tell, so it neither blocks nor adds, and says what to compare.
  const opaque = staticFlags.filter((flag) => flag.value !== null && /[$`]|\{\{|<%|#\{/.test(flag.value));
  if (opaque.length > 0 && endpoints.length > 0) {
    return {
      ...messageOf(spec.rule, 'staticFlagOpaque', {
        consumer: who,
        staticFlags: opaque.map((flag) => `--${flag.name}=${flag.value}`).join(' '),
        addresses: endpoints.map((e) => e.address),
        mesh: entry.mesh.id,
      }),
      ...base,
      severity: 'warning',
    };
  }
  if (endpoints.length === 0) {
    if (staticFlags.length > 0) return null;
    return { ...messageOf(spec.rule, 'noneInInput', { ...said, ...answer }), ...base, isBlocking: true, asks };
  }
  const isAllInferred = endpoints.length === entry.endpoints.length && endpoints.every((endpoint, index) => endpoint === entry.endpoints[index]);
  const plan = probe && isAllInferred ? probe : context.wireDiscovery(discoveryRequest(context, entry, spec, who, endpoints));
  if (plan.kind === 'refused') return { ...messageOf(spec.rule, 'refused', { consumer: who, reason: plan.reason }), ...base, isBlocking: true, ...(plan.asks ? { asks: plan.asks } : {}) };
  return { ...messageOf(spec.rule, 'wired', { ...said, wiring: plan.wiring.description }), ...base, fix: [{ kind: 'wire-discovery', wiring: plan.wiring }] };
}

/** What a consumer's carrier is asked to wire: these endpoints, by the flag and SD file name of its mesh. */
function discoveryRequest(context: RuleContext, entry: ConsumerEndpoints, spec: WiringSpec, who: string, endpoints: Endpoint[]): DiscoveryRequest {
  const consumer = entry.consumer;
  return {
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
}

/**
 * A run killed between files can leave a consumer unwired while the evidence
 * of its endpoints is already gone: another file's advertise flags, or the
 * gossip flags that made a server a member of its mesh. The SD file it was to
 * read, written first and carrying the tool's header, holds what that run
 * decided. Wire the consumer to it as it is when the input now says less: the
 * list is incomplete, or what it infers is a part of what the file lists.
 */
function resumeFromOwnSdFile(context: RuleContext, entry: ConsumerEndpoints, spec: WiringSpec, isIncomplete: boolean, who: string, probe: WiringPlan): Finding | null {
  const consumer = entry.consumer;
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
  const resumed = { consumer: who, servers: `${spec.serverNoun}s`, flag: spec.flag, readPath: probe.wiring.readPath, sdFile: sdPath, listed: targets.length > 0 ? targets : 'nothing' };
  return {
    ...(gone.length > 0 ? messageOf(spec.rule, 'resumedGone', { ...resumed, gone }) : messageOf(spec.rule, 'resumed', resumed)),
    severity: 'error',
    file: anchorWord.file,
    span: anchorWord.span,
    fix: [{ kind: 'wire-discovery', wiring: { ...probe.wiring, sdFiles: [] } }],
  };
}

