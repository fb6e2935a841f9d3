// Which carrier reads a file: decided from its name first, then its content.

import type { SourceKind } from '../model.js';

const YAML_NAME = /\.(ya?ml|json)(\.(j2|erb|tmpl|tpl))?$/i;

/**
 * A stream of Kubernetes or compose documents without a file name: its first
 * line that is not a comment or `---` is a top-level key (`apiVersion:`,
 * `kind:`, `items:`, `services:`), or it is a JSON object naming `apiVersion`.
 */
export function looksLikeManifestStream(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split('\n').find((line) => line.trim() !== '' && !/^\s*(#|---\s*$)/.test(line));
  if (first === undefined) return false;
  if (/^\s*\{/.test(first)) return /"apiVersion"\s*:/.test(text.slice(0, 4096));
  return /^(?:apiVersion|kind|items|metadata|services|version)\s*:/.test(first);
}

export function detectKind(path: string, text: string): SourceKind {
  const name = path.split(/[\\/]/).pop() ?? path;
  const head = text.slice(0, 4096);
  if (/\.(md|markdown)$/i.test(name)) return 'markdown';
  if (/^Dockerfile(\..+)?$/i.test(name) || /\.Dockerfile$/i.test(name)) return 'dockerfile';
  if (/\.(jsonnet|libsonnet)$/i.test(name)) return 'jsonnet';
  if (/\.rb$/i.test(name)) return 'ruby';
  // Nomad job files: `.nomad`, `.nomad.hcl`, or HCL whose top level is a `job` block (Consul and Vault configs are HCL too).
  if (/\.nomad(\.hcl)?$/i.test(name) || (/\.hcl$/i.test(name) && /^[ \t]*job[ \t]+"[^"\n]*"[ \t]*\{/m.test(text))) return 'nomad';
  // A script that writes a unit with a heredoc is still a script.
  if (/\.(sh|bash)$/i.test(name)) return 'shell';
  if (/\.(service|socket|target|timer)(\.(erb|j2|tmpl|tpl))?$/i.test(name) || (/^\s*\[Service\]/m.test(text) && /^\s*ExecStart\s*=/m.test(text))) {
    return 'systemd';
  }
  if (/\.(sh|bash|zsh|ksh)$/i.test(name) || /^(\uFEFF)?#!.*\b(ba|z|k|da)?sh\b/.test(head)) return 'shell';
  if (/\.tpl$/i.test(name)) return 'helm';
  // kustomize reads `Kustomization` as YAML whatever its first key (`resources:`, `namespace:`).
  if (name === 'Kustomization') return 'yaml';
  if (YAML_NAME.test(name)) {
    if (/^values[\w.-]*\.ya?ml$/i.test(name) || /__values\.ya?ml$/i.test(name)) return 'values';
    // Go template actions make a file a template whatever its folder (charts get flattened and copied).
    if (/\{\{-?\s*(?:[.$]|if\b|end\b|include\b|template\b|range\b|with\b|toYaml\b|required\b|default\b|-)/.test(text)) return 'helm';
    if (/^values[\w.-]*\.ya?ml$/i.test(name)) return 'values';
    return 'yaml';
  }
  if (/\.env$/i.test(name) || /(^|[\\/])default[\\/]/.test(path) || looksLikeEnvFile(text)) {
    return looksLikeEnvFile(text) ? 'env' : 'unknown';
  }
  if (/\.(txt|cmd|args)$/i.test(name)) return 'plain';
  return 'unknown';
}

/** The names kustomize looks for in a directory; `kind:` is optional in them. */
const KUSTOMIZATION_FILE = /(?:^|[\\/])(?:kustomization\.ya?ml|Kustomization)$/;

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILE.test(path);
}

/** An env-style assignment line: `KEY=…`, `export KEY=…`. */
export const ENV_ASSIGNMENT = /^([ \t]*(?:export[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*)=/;

/** An env-like file: most non-blank, non-comment, non-template lines are assignments. */
export function looksLikeEnvFile(text: string): boolean {
  let assignments = 0;
  let others = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^(\{%|\{#|<%|\{\{)/.test(line)) continue;
    if (ENV_ASSIGNMENT.test(line)) assignments++;
    else others++;
  }
  return assignments > 0 && others === 0;
}
