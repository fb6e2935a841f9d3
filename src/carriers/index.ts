// The carrier registry: each kind of file is read by one module, which also
// wires discovery into its format when a rule asks. Adding a carrier is a
// folder with a CarrierModule (module.ts) and one line in CARRIER_MODULES.

import type { ArgvCarrier, DiscoveryRequest, EmbeddedThanosPeers, NewDocument, SourceFile, SourceKind, Span, WiringPlan } from '../model.js';
import { TokenizeError } from '../argv/tokenize.js';
import type { EnvFileLink } from '../facts.js';
import type { CarrierModule, ReadEnv } from './module.js';
import { readEnvAssignments } from './systemd/env-file.js';
import type { ValuesKey } from './helm/values.js';
import type { TemplateDefine } from './helm/defines.js';
import { appendDocument, type ComposeService, type KubeObject } from './yaml/index.js';
import type { DocumentationBlock } from './embedded/index.js';
import type { JsonnetLeftovers } from './jsonnet/index.js';
import type { UnitSlot } from './systemd/unit-slots.js';
import { shellModule } from './shell/index.js';
import { envFileModule, systemdModule } from './systemd/index.js';
import { plainModule } from './plain/index.js';
import { yamlModule } from './yaml/module.js';
import { helmModule } from './helm/index.js';
import { dockerfileModule, markdownModule, rubyModule } from './embedded/modules.js';
import { jsonnetModule } from './jsonnet/module.js';
import { nomadModule } from './nomad/module.js';
import { append } from '../lists.js';

export { shellAssignedVariables } from './shell/read.js';

export const CARRIER_MODULES: readonly CarrierModule[] = [
  shellModule,
  systemdModule,
  envFileModule,
  plainModule,
  yamlModule,
  helmModule,
  markdownModule,
  dockerfileModule,
  rubyModule,
  jsonnetModule,
  nomadModule,
];

const BY_KIND = new Map<SourceKind, CarrierModule>(CARRIER_MODULES.flatMap((module) => module.kinds.map((kind) => [kind, module] as const)));

/** The module that reads files of `kind`, if any (an unknown kind holds no argv the tool reads). */
export function carrierModuleFor(kind: SourceKind): CarrierModule | undefined {
  return BY_KIND.get(kind);
}

/** Why a gossip flag of `file` that no argv holds is left to a human. */
export function whyNotEdited(file: SourceFile): string {
  return carrierModuleFor(file.kind)?.outsideArgv ?? (file.kind === 'unknown' ? 'in a file no carrier reads' : `in a ${file.kind} file the tool does not rewrite`);
}

/** Discovery for a consumer, as the module of its file wires it. */
export function wireDiscovery(request: DiscoveryRequest): WiringPlan {
  const module = carrierModuleFor(request.consumer.carrier.file.kind);
  return module ? module.wire(request) : { kind: 'refused', reason: `is in a ${request.consumer.carrier.file.kind} file the tool does not edit (manual)` };
}

/** New documents of one YAML file as one edit at its end (two would tie at the same offset). */
export function appendDocuments(file: SourceFile, documents: NewDocument[]) {
  return appendDocument(file, documents.map((document) => document.text).join('---\n'));
}

export interface CarrierProblem {
  file: SourceFile;
  span: Span;
  message: string;
  /** The carrier declined to edit here (a finding for a human), rather than failing to read the file. */
  isManual?: boolean;
  /** One place for a human (a YAML fence that does not parse): one finding covers every gossip token in it. */
  isBlock?: boolean;
}

export interface CarrierReadResult {
  carriers: ArgvCarrier[];
  problems: CarrierProblem[];
  /** Env files a unit expanded, with why they were linked (for the report). */
  links: EnvFileLink[];
  /** Kubernetes objects of every YAML file, for cross-file endpoint inference. */
  kubeObjects: { file: SourceFile; object: KubeObject }[];
  composeServices: { file: SourceFile; service: ComposeService }[];
  /** Keys of Helm values files. */
  valuesKeys: ValuesKey[];
  templateDefines: TemplateDefine[];
  /** Prometheus-Operator spec.thanos.peers written inside jsonnet, Markdown fences and heredocs. */
  embeddedThanosPeers: EmbeddedThanosPeers[];
  /** Text that documents rather than configures (prose, pasted --help output, flag tables, command output). */
  documentation: ({ file: SourceFile } & DocumentationBlock)[];
  /** ExecStart `$NAME` words nothing in the input defines. */
  unitSlots: UnitSlot[];
  /** Gossip ports, seed Services, monitors and peer labels built in jsonnet. */
  jsonnetLeftovers: JsonnetLeftovers[];
}

const emptyRead = (): CarrierReadResult => ({ carriers: [], problems: [], links: [], kubeObjects: [], composeServices: [], valuesKeys: [], templateDefines: [], embeddedThanosPeers: [], documentation: [], unitSlots: [], jsonnetLeftovers: [] });

/**
 * What one file's read added, kept with the file: loading reads carriers to
 * find the Services its Thanos workloads need, and the analysis reads the
 * same files again with those Services added (a second read cost as much
 * as the first: 2.2 s of a 30,000-workload file). Valid while the file's
 * text and the run's env files are the same.
 */
const readsByFile = new WeakMap<SourceFile, { text: string; envFiles: readonly SourceFile[]; read: CarrierReadResult }>();

const sameFiles = (a: readonly SourceFile[], b: readonly SourceFile[]) => a.length === b.length && a.every((file, index) => file === b[index]);

const NO_ENV: ReadEnv = { envFiles: [] };

function readFile(file: SourceFile, module: CarrierModule, env: ReadEnv): CarrierReadResult {
  // A module that does not read env files reads a file the same whatever they are.
  const envFiles = module.readsEnv ? env.envFiles.map((entry) => entry.file) : [];
  const known = readsByFile.get(file);
  if (known && known.text === file.text && sameFiles(known.envFiles, envFiles)) return known.read;
  const read = emptyRead();
  const carriers = safely(read, file, () => module.read(file, read, env));
  if (carriers) append(read.carriers, carriers);
  readsByFile.set(file, { text: file.text, envFiles, read });
  return read;
}

/**
 * Reads one file's carriers ahead of readCarriers, which then finds them
 * made: loading calls it for each file as it arrives, so parsing the files
 * in hand overlaps the other thread's reading of the rest. A file whose
 * module reads env files waits for readCarriers, which knows them all.
 */
export function readCarriersOfFile(file: SourceFile): void {
  const module = file.notEditable === undefined ? carrierModuleFor(file.kind) : undefined;
  if (module && !module.readsEnv) readFile(file, module, NO_ENV);
}

export function readCarriers(files: SourceFile[]): CarrierReadResult {
  const result = emptyRead();
  const env: ReadEnv = { envFiles: files.filter((file) => file.kind === 'env').map((file) => ({ file, assignments: safely(result, file, () => readEnvAssignments(file)) ?? [] })) };
  for (const file of files) {
    if (file.notEditable !== undefined) {
      result.problems.push({ file, span: { start: 0, end: file.text.length }, message: file.notEditable, isManual: true });
      continue;
    }
    const module = carrierModuleFor(file.kind);
    if (!module) continue;
    const read = readFile(file, module, env);
    for (const key of Object.keys(read) as (keyof CarrierReadResult)[]) append(result[key] as unknown[], read[key]);
  }
  for (const module of CARRIER_MODULES) module.finish?.(result, env);
  return result;
}

function safely<T>(result: CarrierReadResult, file: SourceFile, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof TokenizeError) {
      result.problems.push({ file, span: { start: error.offset, end: error.offset }, message: error.message });
      return undefined;
    }
    throw error;
  }
}
