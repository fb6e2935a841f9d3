// The values that flow through the pipeline:
//   SourceFile -> ArgvCarrier -> Invocation -> Finding -> Edit -> output.
// Offsets are UTF-16 code-unit offsets into SourceFile.text (the decoded file,
// BOM included), so a span slices the exact source text it came from.

export interface Span {
  start: number;
  end: number;
}

/**
 * The kinds of source file, one key each (the value is unused). A carrier
 * folder adds its own kind by augmenting this interface
 * (`declare module '../../model.js' { interface SourceKinds { nomad: true } }`),
 * so a new carrier edits no union here.
 */
export interface SourceKinds {
  shell: true;
  systemd: true;
  env: true;
  plain: true;
  yaml: true;
  helm: true;
  compose: true;
  values: true;
  markdown: true;
  dockerfile: true;
  jsonnet: true;
  ruby: true;
  unknown: true;
}

export type SourceKind = keyof SourceKinds;

export interface SourceFile {
  /** Path as given by the user (or `<stdin>`, `<cmd>`). */
  path: string;
  text: string;
  kind: SourceKind;
  /**
   * Why the tool reads this file but never rewrites it (UTF-16, NUL bytes):
   * no carrier reads it, and each gossip flag in it is a manual finding.
   */
  notEditable?: string;
  /**
   * For a block of another file read on its own (a Markdown fence, a
   * heredoc): how many of the host's lines come before its first line, so
   * the lines its messages name are the host's.
   */
  linesBefore?: number;
}

/** One word of an argv as written in some source file. */
export interface Word {
  file: SourceFile;
  /** Exact source text of the word, quotes included. */
  span: Span;
  /**
   * The word after quote removal. Expansions the tool must not evaluate
   * (`$VAR`, `$(…)`, `{{ … }}`, `<%= … %>`) stay verbatim in the value.
   */
  value: string;
  /** True when the value contains an expansion we kept verbatim. */
  hasExpansion: boolean;
}

/**
 * What kind of place holds an argv: decides how edits are spelled. Open to
 * carrier folders like SourceKinds (`interface CarrierKinds { 'hcl-list': true }`).
 */
export interface CarrierKinds {
  'shell-command': true;
  'systemd-exec': true;
  'plain-command': true;
  'yaml-sequence': true;
  'yaml-string': true;
  'dockerfile-exec': true;
  'jsonnet-array': true;
}

export type CarrierKind = keyof CarrierKinds;

/**
 * A place where one argv lives. Carriers know file formats and nothing of
 * Thanos; `editor` turns format-agnostic requests into span edits.
 */
export interface ArgvCarrier {
  kind: CarrierKind;
  file: SourceFile;
  /** Where the argv sits, for messages: container, unit section, compose service… */
  context: CarrierContext;
  /** The argv in order; words may come from other files (systemd EnvironmentFile expansion). */
  words: Word[];
  /**
   * When the program is named outside the argv (a container image), the
   * carrier says so; otherwise `words[0]` is the program.
   */
  image?: string;
  /** True when `words` holds only arguments (k8s `args:` with the entrypoint in the image). */
  argsOnly?: boolean;
  /** Enclosing shell `for` loops with literal value lists, outermost first. */
  loops?: ShellLoop[];
  /** Shell variables the same script assigned before this command, in order: what a program word like `"$THANOS_BIN"` may name. */
  shellVariables?: ShellScope;
  editor: ArgvEditor;
}

/**
 * The assignments a script made before one command: the first `count` of
 * the script's list, which every command of the script shares (a copy per
 * command was n² in a script of n assignments).
 */
export interface ShellScope {
  assignments: readonly ShellAssignment[];
  count: number;
}

/** `X=v`, `export X=v`, `X="${X:-v}"`, `: "${X:=v}"` (as `${X:-v}`): the value as written, expansions verbatim. */
export interface ShellAssignment {
  name: string;
  value: string;
  word: Word;
}

export interface ShellLoop {
  variable: string;
  values: string[];
}

export interface ContextBase {
  /** Human label, e.g. `container thanos-sidecar`, `ExecStart at line 3`, `command at line 12`. */
  label: string;
  /**
   * Machine grouping: invocations with the same `hostGroup` are known to run
   * on one machine (one shell script, one pod, one compose service), so
   * loopback reaches between them.
   */
  hostGroup?: string;
  /** The container the argv runs in, where the carrier names one. */
  container?: string;
  /**
   * Names the carrier knows this place by, shortest first (a Nomad task:
   * `site-a/query`, `thanos-sites/site-a/query`): what the report prints and
   * `--store-endpoint NAME=` matches, before a file position.
   */
  names?: string[];
}

/** A container of a Kubernetes workload (or of a Prometheus-Operator resource). */
export interface WorkloadContext extends ContextBase {
  kind: 'workload';
  workloadKind: string;
  workloadName: string;
  container: string;
  namespace?: string;
  isInitContainer?: boolean;
  /** Set when a kustomization applies this file as a strategic merge patch of the workload. */
  kustomizePatch?: KustomizePatchOf;
  /**
   * The kustomize builds of this container end in different namespaces (a
   * base several overlays build, a shared patch, nested overlays): where it
   * runs is not one place, and --namespace (meant for plain manifests) must
   * not stand in for it.
   */
  namespaceUnknown?: true;
  /**
   * With namespaceUnknown, for an object a kustomization lists: its
   * KustomizeBuilt.builds. What the same kustomizations list is built
   * beside it in every build, whatever folder it sits in.
   */
  builtWith?: string;
  /** `namespace` is where a kustomization builds it, not its file's: documents added beside it name none (kustomize sets it). */
  namespaceFromBuild?: true;
}

/**
 * What a kustomize patch's container is part of: kustomize builds the
 * patched object, not this file, so nothing can be added beside it (a
 * ConfigMap document in a patch file is a patch of a ConfigMap the build does
 * not have); what it changes is its own argv.
 */
export interface KustomizePatchOf {
  /** The kustomizations that apply the patch. */
  kustomizations: string[];
  /** When the patch leaves the image out: the container it runs the image of (`base/query.yaml`, Deployment/thanos-query container query). */
  imageFrom?: string;
}

/** A docker-compose service. */
export interface ComposeContext extends ContextBase {
  kind: 'compose';
  service: string;
}

/** A systemd unit's ExecStart. */
export interface UnitContext extends ContextBase {
  kind: 'unit';
  /** The env files the unit's words came from, for messages. */
  environmentFile?: string;
  unitDescription?: string;
}

/** Any other command line: a script, a runbook, a Dockerfile, a jsonnet array, text. */
export interface CommandContext extends ContextBase {
  kind: 'command';
  /** jsonnet: the image expression of the container object, as written. */
  imageExpression?: string;
}

/**
 * The contexts by their `kind`. A carrier folder whose places need facts of
 * their own adds an entry by augmenting this interface (its context extends
 * ContextBase); the analysis treats a kind it does not name like a command.
 */
export interface CarrierContexts {
  workload: WorkloadContext;
  compose: ComposeContext;
  unit: UnitContext;
  command: CommandContext;
}

/** Where an argv sits, by the kind of place: what the analysis may know about it. */
export type CarrierContext = CarrierContexts[keyof CarrierContexts];

/** The Kubernetes workload an argv runs in, if it runs in one. */
export function workloadContextOf(context: CarrierContext): WorkloadContext | undefined {
  return context.kind === 'workload' ? context : undefined;
}

/** The compose service an argv runs as, if it is one. */
export function composeServiceNameOf(context: CarrierContext): string | undefined {
  return context.kind === 'compose' ? context.service : undefined;
}

export interface ArgvEditor {
  /** Edits that remove these words (all from this carrier's argv) cleanly. */
  removeWords(words: Word[]): Edit[];
  /** Edits that add new arguments after `anchor` (a word of this argv). */
  insertAfter(anchor: Word, args: NewArg[]): Edit[];
}

/** An argument to insert: a value the editor quotes, or text already spelled for the carrier. */
export type NewArg = { value: string } | { raw: string };

export interface Edit {
  file: SourceFile;
  span: Span;
  text: string;
}

/**
 * Edits in the order they apply (after eslint's source-code-fixer): by span,
 * exact duplicates once. Insertions at a point sort before a deletion
 * starting there, so text added after a word survives the removal of what
 * followed it. The applier and the diff both read edits this way.
 */
export function orderedEdits<T extends Pick<Edit, 'span' | 'text'>>(edits: readonly T[]): T[] {
  const unique = new Map<string, T>();
  for (const edit of edits) unique.set(`${edit.span.start}:${edit.span.end}:${edit.text}`, edit);
  return [...unique.values()].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

export type Component =
  | 'sidecar'
  | 'store'
  | 'query'
  | 'rule'
  | 'compact'
  | 'bucket'
  | 'downsample'
  | 'receive'
  | 'tools'
  | 'query-frontend';

export type FlagForm = 'equals' | 'separate' | 'boolean' | 'negated';

/** One flag as written on a Thanos command line. */
export interface FlagUse {
  /** Canonical name without dashes and without a `no-` prefix. */
  name: string;
  value: string | null;
  form: FlagForm;
  nameWord: Word;
  valueWord?: Word;
}

/** A Thanos process found in a carrier. */
export interface Invocation {
  carrier: ArgvCarrier;
  component: Component | null;
  componentWord?: Word;
  /** Every word handed to Thanos: subcommand, flags, values. */
  argv: Word[];
  flags: FlagUse[];
  /** The last word of the Thanos argv: new flags are inserted after it. */
  lastWord: Word;
  /** Started by `docker run` without host networking, or on another host over ssh: loopback is not shared. */
  isContainerized: boolean;
  /** What starts it from a script somewhere else, if anything: a container runner (`docker`, `podman`) or `ssh`. */
  runner?: string;
  /** How sure the tool is that this is Thanos: endpoints it serves are at most as sure. */
  identified: Identification;
  /** Why, for the report: `thanos`, `"$THANOS_BIN" is /opt/thanos/bin/thanos (line 2)`, `image quay.io/thanos/thanos:v0.3.2`. */
  identifiedBy: string;
  /**
   * Set when the program is another binary built on Thanos (a prototype
   * receiver): it serves a StoreAPI, but its own flags are for a human.
   */
  foreignBinary?: string;
}

/** `named`: the program or image is thanos (directly or through a variable the script sets); `likely`: its subcommand and flags are Thanos's. */
export type Identification = 'named' | 'likely';

export type Severity = 'error' | 'warning' | 'info';

export type Confidence = 'certain' | 'likely' | 'loopback' | 'user';

export interface Provenance {
  file: string;
  line: number;
  column: number;
  /** What this place contributed, e.g. `--grpc-address=0.0.0.0:10911`. */
  note: string;
}

/** Where an endpoint was found, `file:line, …`, for SD file comments and messages. */
export function provenanceSources(endpoint: Pick<Endpoint, 'provenance'>): string {
  return endpoint.provenance.map((p) => (p.line > 0 ? `${p.file}:${p.line}` : p.file)).join(', ');
}

export interface Endpoint {
  address: string;
  role: 'store' | 'query';
  confidence: Confidence;
  provenance: Provenance[];
  /** The invocation that serves this endpoint, when it came from one. */
  servedBy?: Invocation;
  /** Why the confidence is what it is, for the report. */
  reason: string;
  /** docker-compose: only services sharing one of these networks of this file resolve the name. */
  composeScope?: { file: string; networks: string[] };
  /** A headless Service that must be added for this address to resolve (Kubernetes). */
  serviceToAdd?: ServiceToAdd;
  /**
   * The address names no namespace, for a server kustomize builds into
   * several: right for a consumer built by the same kustomizations (so into
   * the same namespace, every build), and for no other, which is told
   * `otherwise` instead (consumers.ts).
   */
  buildRelative?: { builds: string; otherwise: UnresolvedEndpoint };
}

/** A headless Service the migration must add so a port has a DNS name. */
export interface ServiceToAdd {
  file: SourceFile;
  name: string;
  namespace?: string;
  selector: Record<string, string>;
  port: number;
  portName: string;
  /** Why it is needed, for the report. */
  reason: string;
}

/**
 * `peers:` of a Prometheus-Operator `thanos` object written inside another
 * file (kube-prometheus jsonnet, a resource pasted in a Markdown fence or a
 * heredoc), with the edits that remove it.
 */
export interface EmbeddedThanosPeers {
  file: SourceFile;
  span: Span;
  valueText: string;
  /** Where it sits, for messages: `jsonnet`, `markdown yaml fence at line 12, Prometheus/self`. */
  where: string;
  removal: Edit[];
}

/** A server whose address the input does not determine. */
export interface UnresolvedEndpoint {
  role: 'store' | 'query';
  /** What serves it, e.g. `sidecar`, `Prometheus/self (operator sidecar)`. */
  label: string;
  /** Where it is defined, for file:line. */
  file: SourceFile;
  span: Span;
  missing: string;
  /** The option that answers what is missing, when one does (e.g. `--namespace`). */
  asks?: Asks;
}

/** A question a blocking finding leaves open, and the `migrate` option that answers it. */
export interface Asks {
  /** The option, e.g. `--store-endpoint`. */
  flag: string;
  /** What the answer is about, in a few words. */
  about: string;
  /** The consumer an answer is aimed at (`--store-endpoint NAME=HOST:PORT`), when it is one. */
  target?: string;
}

/**
 * What a gossip token ends as, for the accounting report: `documentation`
 * is prose, pasted --help output or a flag table (reported, never edited);
 * `left-alone` positively belongs to another program or a comment;
 * `suppressed` is kept where it is by a suppression the user wrote.
 */
export type GossipOutcome = 'removed' | 'manual' | 'left-alone' | 'kept' | 'documentation' | 'suppressed';

/**
 * A list a message names only the first items of (`a, b, c, 5 more`):
 * `named` holds only items, `count` how many there are in all, so a reader
 * of the data never takes a "5 more" for an item.
 */
export interface CappedList {
  readonly named: readonly string[];
  readonly count: number;
}

/** A value a message interpolates: plain data, serialisable as JSON as it is. */
export type MessageValue = string | number | readonly (string | number)[] | CappedList;

export function isCappedList(value: MessageValue): value is CappedList {
  return typeof value === 'object' && !Array.isArray(value);
}

/** What a message is rendered from, keyed by the placeholders of its template. */
export type MessageData = Readonly<Record<string, MessageValue>>;

export interface Finding {
  ruleId: string;
  /** The key of the message in the rule's table (`meta.messages`). */
  messageId: string;
  /** What the message was rendered from. */
  data: MessageData;
  severity: Severity;
  file: SourceFile;
  span: Span;
  /** The rule's message for `messageId`, rendered with `data`. */
  message: string;
  /** For gossip flags: what happened to it. */
  outcome?: GossipOutcome;
  /** For gossip flags: the setting, e.g. `--cluster.peers`, `spec.thanos.peers`. */
  subject?: string;
  /** How to fix it; absent when it needs a human. */
  fix?: Fix[];
  /** Writing the migration would break the deployment until this is answered. */
  isBlocking?: boolean;
  /** For blocking findings an option can answer: which one. */
  asks?: Asks;
}

/**
 * A finding as data, serialisable as JSON as it is: what `check` reports in
 * every format, the migrate report and the wizard print, and write outcomes
 * and plan files keep for a human. Positions are 1-based; columns count
 * UTF-16 code units; the end is just past the last character (as in SARIF).
 */
export interface FindingRecord {
  ruleId: string;
  messageId: string;
  data: MessageData;
  severity: Severity;
  /** As given by the user, forward slashes. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** Whether `migrate` fixes it. */
  fixable: boolean;
}

/**
 * What a rule asks to change, in the carrier's own terms: the rule states the
 * intent, the carrier of the file spells it. Word removals are batched per
 * carrier before its editor spells them, so an editor sees every word
 * leaving its argv at once (an env variable emptied by two findings goes as
 * one line).
 */
export type Fix =
  | { kind: 'remove-words'; carrier: ArgvCarrier; words: Word[] }
  /** Edits spelled already: a fact's own removal (a port, an object, a field), a renamed flag. */
  | { kind: 'edits'; edits: Edit[] }
  /** A consumer's discovery, as the carrier of its file wires it (carriers/<kind>/wiring). */
  | { kind: 'wire-discovery'; wiring: Wiring };

/** What a rule asks a carrier for: discovery for one consumer, listing these endpoints. */
export interface DiscoveryRequest {
  consumer: Invocation;
  /** `thanos query deployment/thanos-query`, for messages. */
  who: string;
  role: 'store' | 'query';
  /** The discovery flag of the target version, without dashes (`store.sd-files`). */
  flag: string;
  schema: 'file-sd' | 'endpoint-config';
  /** The static flag of the target version, for carriers that cannot hold a file (`store`, `endpoint`, `query`). */
  staticFlag: string;
  endpoints: Endpoint[];
  /** The SD file's name for this consumer (`thanos-store-sd.yaml`, `thanos-store-sd.query-a.yaml`). */
  sdFileName: string;
  /** The word new arguments go after: the last one that stays. */
  anchor: Word;
  encoding: 'yaml' | 'json';
  /** `--sd-path`: where Thanos reads the file, when the user says. */
  sdPath?: string;
}

/** How a carrier wires discovery in, or why it will not. */
export type WiringPlan = { kind: 'wired'; wiring: Wiring } | { kind: 'refused'; reason: string; asks?: Asks; isManual?: boolean };

/** The wiring of one consumer: everything it writes, as data other stages can read (write order, wizard, plan files). */
export interface Wiring {
  consumer: Invocation;
  /** The path the flag names, as Thanos sees it ('' for static flags). */
  readPath: string;
  /** What the wiring adds, in the carrier's words, for the finding (`add --store.sd-files=… from ConfigMap x listing …`). */
  description: string;
  /** Kubernetes: the ConfigMap holding the SD file and where it is mounted. */
  configMap?: { name: string; mountPath: string };
  endpoints: Endpoint[];
  /** Edits to existing text (the discovery argument, volumes, mounts). */
  edits: Edit[];
  /** Documents appended to YAML files (a ConfigMap, a headless Service), batched per file. */
  documents: NewDocument[];
  /** Files written beside the input (the SD file). */
  sdFiles: SdFileSpec[];
}

/** A document the migration appends to a YAML file; one per key and file. */
export interface NewDocument {
  file: SourceFile;
  /** `ConfigMap/ns/name`, `Service/ns/name`: two wirings asking for one document add it once. */
  key: string;
  text: string;
}

/** A discovery file the migration writes for Query (`role: store`) or Rule (`role: query`). */
export interface SdFileSpec {
  path: string;
  role: 'store' | 'query';
  /** Prometheus file_sd list, or the v0.38+ endpoint config (`endpoints:`). */
  schema: 'file-sd' | 'endpoint-config';
  encoding: 'yaml' | 'json';
  endpoints: Endpoint[];
  /** The flag that reads it, e.g. `--store.sd-files`. */
  readBy: string;
}
