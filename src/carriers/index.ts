// Dispatch a file to the carrier reader of its kind. Systemd units are read
// with the env files they expand, so this is the one place that links files.

import { basename } from 'node:path';
import type { ArgvCarrier, EmbeddedThanosPeers, SourceFile, Span } from '../model.js';
import { TokenizeError } from '../argv/tokenize.js';
import { readEnvAssignments, type EnvAssignment } from './env-file.js';
import { readPlainCarriers } from './plain.js';
import { readShellCarriers } from './shell.js';
import { environmentFilePaths, readSystemdCarriers, referencedVariables, type SystemdLinks } from './systemd.js';
import { readValuesKeys, type ValuesKey } from './helm-values.js';
import { readTemplateDefines, type TemplateDefine } from './helm-defines.js';
import { readHelmTemplateCarriers, readYamlCarriers, type ComposeService, type KubeObject, type YamlReadResult } from './yaml/index.js';
import { readDockerfileCarriers, readMarkdownCarriers, readRubyHeredocCarriers, readShellHeredocCarriers, gossipMentions, type DocumentationBlock, type EmbeddedReadResult } from './embedded/index.js';
import { readJsonnetCarriers, type JsonnetLeftovers } from './jsonnet/index.js';
import { readUnitSlots, type UnitSlot } from './unit-slots.js';

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
  links: { unit: SourceFile; envFile: SourceFile; reason: string }[];
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

/** Names an env file may carry for one EnvironmentFile= path: the file itself or its template. */
function envFileStem(path: string): string {
  return basename(path).replace(/\.(j2|erb|tmpl|tpl|env)$/i, '').replace(/^templates__/, '');
}

function linkEnvironmentFiles(unit: SourceFile, envFiles: { file: SourceFile; assignments: EnvAssignment[] }[]): SystemdLinks & { reasons: { envFile: SourceFile; reason: string }[] } {
  const paths = environmentFilePaths(unit);
  const wanted = paths.map((path) => basename(path));
  const linked: { file: SourceFile; assignments: EnvAssignment[]; reason: string }[] = [];
  const found = new Set<string>();
  for (const candidate of envFiles) {
    const stem = envFileStem(candidate.file.path);
    const match = wanted.find((name) => name === stem || name === basename(candidate.file.path));
    if (match) {
      linked.push({ ...candidate, reason: `EnvironmentFile=${match} names it` });
      found.add(match);
    }
  }
  const unresolved = referencedVariables(unit).filter((name) => !linked.some((l) => l.assignments.some((a) => a.name === name)));
  if (unresolved.length > 0 && wanted.length > 0) {
    // A template's rendered name is often not its source name (Ansible's
    // thanos-sidecar-defaults.j2 -> /etc/default/thanos-sidecar): link the
    // env file that defines the variables ExecStart expands.
    const best = envFiles
      .filter((candidate) => !linked.some((link) => link.file === candidate.file))
      .map((candidate) => ({ candidate, hits: unresolved.filter((name) => candidate.assignments.some((a) => a.name === name)) }))
      .filter((entry) => entry.hits.length > 0)
      .sort((a, b) => b.hits.length - a.hits.length)[0];
    if (best) {
      linked.push({ ...best.candidate, reason: `defines ${best.hits.map((name) => `$${name}`).join(' ')} that ExecStart expands` });
      // It stands for the first EnvironmentFile= no file matched by name.
      const standsFor = wanted.find((name) => !found.has(name));
      if (standsFor !== undefined) found.add(standsFor);
    }
  }
  return {
    environmentFiles: linked.map((link) => ({ file: link.file, assignments: link.assignments, reason: link.reason })),
    missing: paths.filter((path) => !found.has(basename(path))),
    reasons: linked.map((link) => ({ envFile: link.file, reason: link.reason })),
  };
}

export function readCarriers(files: SourceFile[]): CarrierReadResult {
  const result: CarrierReadResult = { carriers: [], problems: [], links: [], kubeObjects: [], composeServices: [], valuesKeys: [], templateDefines: [], embeddedThanosPeers: [], documentation: [], unitSlots: [], jsonnetLeftovers: [] };
  const envFiles = files.filter((file) => file.kind === 'env').map((file) => ({ file, assignments: safely(result, file, () => readEnvAssignments(file)) ?? [] }));
  for (const file of files) {
    if (file.notEditable !== undefined) {
      result.problems.push({ file, span: { start: 0, end: file.text.length }, message: file.notEditable, isManual: true });
      continue;
    }
    const carriers = safely(result, file, () => {
      switch (file.kind) {
        case 'shell':
          return [...readShellCarriers(file), ...fromEmbedded(result, file, readShellHeredocCarriers(file))];
        case 'ruby':
          return fromEmbedded(result, file, readRubyHeredocCarriers(file));
        case 'markdown':
          return fromEmbedded(result, file, readMarkdownCarriers(file));
        case 'dockerfile':
          return fromEmbedded(result, file, readDockerfileCarriers(file));
        case 'jsonnet': {
          const read = readJsonnetCarriers(file);
          result.jsonnetLeftovers.push(read.leftovers);
          const thanosPeers = read.thanosPeers.map(({ span, valueText }) => ({ file, span, valueText, where: 'jsonnet', removal: [{ file, span, text: '' }] }));
          return fromEmbedded(result, file, { ...read, thanosPeers, documentation: [] });
        }
        case 'plain':
          return readPlainCarriers(file);
        case 'values':
          result.valuesKeys.push(...readValuesKeys(file));
          return fromYaml(result, file, readYamlCarriers(file));
        case 'yaml':
        case 'compose':
          return fromYaml(result, file, readYamlCarriers(file));
        case 'helm':
          result.templateDefines.push(...readTemplateDefines(file));
          if (/\.tpl$/i.test(file.path)) return [];
          return fromYaml(result, file, readHelmTemplateCarriers(file));
        case 'systemd': {
          const links = linkEnvironmentFiles(file, envFiles);
          for (const { envFile, reason } of links.reasons) result.links.push({ unit: file, envFile, reason });
          const carriers = readSystemdCarriers(file, links);
          result.unitSlots.push(...readUnitSlots(file, carriers, links));
          return carriers;
        }
        default:
          return [];
      }
    });
    if (carriers) result.carriers.push(...carriers);
  }
  // An env file no unit reads: its gossip flags are for a human, named by variable.
  const read = new Set(result.links.map((link) => link.envFile));
  for (const { file, assignments } of envFiles) {
    if (read.has(file)) continue;
    for (const assignment of assignments) {
      for (const span of gossipMentions(file.text, assignment.valueSpan)) {
        const why = `in ${assignment.name} (line ${assignment.line + 1}) of an env file no systemd unit in the input reads: add the unit to the input, or remove it by hand`;
        result.problems.push({ file, span, message: `manual: ${file.text.slice(span.start, span.end)} ${why}`, isManual: true });
      }
    }
  }
  return result;
}

function fromYaml(result: CarrierReadResult, file: SourceFile, read: YamlReadResult): ArgvCarrier[] {
  for (const problem of read.problems) result.problems.push({ file, span: problem.span, message: problem.message, isManual: problem.isManual === true });
  for (const object of read.objects) result.kubeObjects.push({ file, object });
  for (const service of read.composeServices) result.composeServices.push({ file, service });
  return read.carriers;
}

function fromEmbedded(result: CarrierReadResult, file: SourceFile, read: EmbeddedReadResult): ArgvCarrier[] {
  for (const problem of read.problems) result.problems.push({ file, span: problem.span, message: problem.message, isManual: problem.isManual, ...(problem.isBlock ? { isBlock: true } : {}) });
  result.embeddedThanosPeers.push(...read.thanosPeers);
  for (const block of read.documentation) result.documentation.push({ file, ...block });
  return read.carriers;
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
