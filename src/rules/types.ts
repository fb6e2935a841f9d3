// The contract between the engine and one rule module (after eslint's
// lib/rules: a rule is `meta` plus `check`; adding one is a file and a line
// in the registry). Rules see invocations and endpoints, never file formats.

import type { ArgvCarrier, DiscoveryRequest, EmbeddedThanosPeers, Endpoint, Finding, Invocation, Severity, SourceFile, Span, WiringPlan } from '../model.js';
import type { ConfigVariable, JsonnetLeftovers, KubeObject, TemplateDefine, UnitSlot, ValuesKey } from '../facts.js';
import type { SdLookup } from '../analysis/sd-lookup.js';
import type { AnswerUse, ConsumerEndpoints } from '../analysis/consumers.js';
import type { Mesh } from '../analysis/meshes.js';
import type { ProcessName } from '../analysis/names.js';
import type { MountedSdLookup } from '../analysis/sd-mounts.js';
import type { UnaccountedToken } from '../analysis/accounting.js';
import type { MigrationOptions } from '../options.js';
import type { Messages } from './messages.js';

export interface RuleContext {
  invocations: Invocation[];
  /** Every argv found, Thanos or not (firewall commands, other programs). */
  carriers: ArgvCarrier[];
  /** Every Kubernetes object read, with its file. */
  kubeObjects: { file: SourceFile; object: KubeObject }[];
  /** Keys of Helm values files. */
  valuesKeys: ValuesKey[];
  /** spec.thanos.peers of Prometheus-Operator resources inside other files (kube-prometheus jsonnet, fences, heredocs), with their removal. */
  embeddedThanosPeers: EmbeddedThanosPeers[];
  /** Gossip ports, seed Services, ServiceMonitors/PodMonitors and peer labels built in jsonnet (reported, never edited). */
  jsonnetLeftovers: JsonnetLeftovers[];
  /** ExecStart `$NAME` words that nothing in the input defines (a missing EnvironmentFile, a variable left out or commented out). */
  unitSlots: UnitSlot[];
  /** Text that documents rather than configures: prose, pasted --help output, flag tables, command output. */
  documentation: { file: SourceFile; span: Span; kind: string }[];
  /** Variables of Ansible roles, Puppet modules, Terraform. */
  configVariables: ConfigVariable[];
  /** Named templates of Helm charts. */
  templateDefines: TemplateDefine[];
  /** Every file read (for rules over raw template helpers). */
  files: SourceFile[];
  /** Every Querier and Ruler that gossiped, with the endpoints of its own mesh. */
  consumers: ConsumerEndpoints[];
  meshes: Mesh[];
  /** What became of each --store-endpoint / --query-endpoint answer. */
  answers: AnswerUse[];
  /** The name the report gives a Thanos process or Prometheus resource. */
  nameOf(target: Invocation | KubeObject): ProcessName | undefined;
  options: MigrationOptions;
  /** The SD file's name for this consumer and flag (`thanos-store-sd.yaml`, `thanos-store-sd.query-a.yaml`…). */
  sdFileName(entry: ConsumerEndpoints, flag: string): string;
  /** Why a gossip flag of `file` outside every argv the carriers read is left to a human. */
  whyNotEdited(file: SourceFile): string;
  /** Discovery for a consumer, as the carrier of its file wires it (or why it will not). */
  wireDiscovery(request: DiscoveryRequest): WiringPlan;
  /** The addresses of an SD file this tool wrote at `path` (its header says so), or null. */
  readOwnSdFile(path: string, schema: 'file-sd' | 'endpoint-config'): string[] | null;
  /** The SD file a discovery flag names, when the input lets us see it. */
  locateSdFile(invocation: Invocation, value: string): SdLookup;
  /** The same for a containerized Query or Rule: through its ConfigMap volume or compose bind mount. */
  locateMountedSdFile(invocation: Invocation, value: string): MountedSdLookup;
  /** For rules that run last: what the other rules found. */
  earlier: Finding[];
  /** For rules that run last (the catch-all): gossip tokens no finding, named other program or comment accounts for. */
  unaccounted: UnaccountedToken[];
  /** Queriers and Rulers on command lines the tool does not rewrite, with the endpoints of their meshes (late rules). */
  manualConsumers: ConsumerEndpoints[];
  /** For the catch-all: why a carrier would not edit this place, if it said. */
  manualReason(file: SourceFile, offset: number): string | undefined;
  /** Every place a carrier declined to edit (`manual: …`); a block is one place however many tokens it holds. */
  manualNotes: { file: SourceFile; span: Span; message: string; isBlock?: boolean }[];
  /** Whether the consumer can resolve the endpoint (docker-compose networks). */
  canReach(consumer: Invocation, endpoint: Endpoint): boolean;
}

export interface RuleMeta<M extends Messages = Messages> {
  severity: Severity;
  /** One line: what the rule finds. */
  description: string;
  /** What it means and how to fix it, for --explain. */
  explanation: string;
  fixable: boolean;
  /** Every message the rule reports, by messageId (see messages.ts). */
  messages: M;
}

/** `M`: the rule's message table, `typeof messages` of a table written `as const satisfies Messages`. */
export interface Rule<M extends Messages = Messages> {
  id: string;
  meta: RuleMeta<M>;
  check(this: Rule<M>, context: RuleContext): Finding[];
}
