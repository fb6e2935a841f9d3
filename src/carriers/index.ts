// Dispatch a file to the carrier reader of its kind. Systemd units are read
// with the env files they expand, so this is the one place that links files.

import { basename } from 'node:path';
import type { ArgvCarrier, SourceFile, Span } from '../model.js';
import { TokenizeError } from '../argv/tokenize.js';
import { readEnvAssignments, type EnvAssignment } from './env-file.js';
import { readPlainCarriers } from './plain.js';
import { readShellCarriers } from './shell.js';
import { environmentFilePaths, readSystemdCarriers, referencedVariables, type SystemdLinks } from './systemd.js';
import { readValuesKeys, type ValuesKey } from './helm-values.js';
import { readTemplateDefines, type TemplateDefine } from './helm-defines.js';
import { readHelmTemplateCarriers, readYamlCarriers, type ComposeService, type KubeObject, type YamlReadResult } from './yaml/index.js';
import { readDockerfileCarriers, readMarkdownCarriers, readRubyHeredocCarriers, readShellHeredocCarriers, type EmbeddedReadResult } from './embedded/index.js';
import { readJsonnetCarriers, type JsonnetThanosPeers } from './jsonnet/index.js';

export interface CarrierProblem {
  file: SourceFile;
  span: Span;
  message: string;
  /** The carrier declined to edit here (a finding for a human), rather than failing to read the file. */
  isManual?: boolean;
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
  /** `peers:` fields of jsonnet `thanos: { … }` objects (Prometheus-Operator spec.thanos). */
  jsonnetThanosPeers: JsonnetThanosPeers[];
}

/** Names an env file may carry for one EnvironmentFile= path: the file itself or its template. */
function envFileStem(path: string): string {
  return basename(path).replace(/\.(j2|erb|tmpl|tpl|env)$/i, '').replace(/^templates__/, '');
}

function linkEnvironmentFiles(unit: SourceFile, envFiles: { file: SourceFile; assignments: EnvAssignment[] }[]): SystemdLinks & { reasons: { envFile: SourceFile; reason: string }[] } {
  const wanted = environmentFilePaths(unit).map((path) => basename(path));
  const linked: { file: SourceFile; assignments: EnvAssignment[]; reason: string }[] = [];
  for (const candidate of envFiles) {
    const stem = envFileStem(candidate.file.path);
    const match = wanted.find((name) => name === stem || name === basename(candidate.file.path));
    if (match) linked.push({ ...candidate, reason: `EnvironmentFile=${match} names it` });
  }
  const unresolved = referencedVariables(unit).filter((name) => !linked.some((l) => l.assignments.some((a) => a.name === name)));
  if (unresolved.length > 0 && wanted.length > 0) {
    // A template's rendered name is often not its source name (Ansible's
    // thanos-sidecar-defaults.j2 -> /etc/default/thanos-sidecar): link the
    // env file that defines the variables ExecStart expands.
    const best = envFiles
      .filter((candidate) => !linked.includes(candidate as never))
      .map((candidate) => ({ candidate, hits: unresolved.filter((name) => candidate.assignments.some((a) => a.name === name)) }))
      .filter((entry) => entry.hits.length > 0)
      .sort((a, b) => b.hits.length - a.hits.length)[0];
    if (best) {
      linked.push({ ...best.candidate, reason: `defines ${best.hits.map((name) => `$${name}`).join(' ')} that ExecStart expands` });
    }
  }
  return {
    environmentFiles: linked.map((link) => ({ assignments: link.assignments, reason: link.reason })),
    reasons: linked.map((link) => ({ envFile: link.file, reason: link.reason })),
  };
}

export function readCarriers(files: SourceFile[]): CarrierReadResult {
  const result: CarrierReadResult = { carriers: [], problems: [], links: [], kubeObjects: [], composeServices: [], valuesKeys: [], templateDefines: [], jsonnetThanosPeers: [] };
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
          result.jsonnetThanosPeers.push(...read.thanosPeers);
          return fromEmbedded(result, file, read);
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
          return readSystemdCarriers(file, links);
        }
        default:
          return [];
      }
    });
    if (carriers) result.carriers.push(...carriers);
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
  for (const problem of read.problems) result.problems.push({ file, span: problem.span, message: problem.message, isManual: problem.isManual });
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
