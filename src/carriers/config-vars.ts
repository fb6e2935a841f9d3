// Configuration-management variables (Ansible defaults, vars and inventories,
// Puppet class parameters, Terraform variables): name, value and place. The
// gossip ones are picked by name in a rule; this module only knows syntax.

import type { SourceFile } from '../model.js';
import { readValuesKeys } from './helm/values.js';
import type { ConfigVariable } from '../facts.js';
export type { ConfigVariable } from '../facts.js';


const PUPPET_PARAMETER = /^\s*(?:[A-Z][\w:[\], ]*\s+)?\$([a-z_][a-z0-9_]*)\s*=\s*([^,\n]*)/gm;
const TERRAFORM_VARIABLE = /^\s*variable\s+"([^"]+)"\s*\{/gm;
// Security-group and firewall rules name their ports as attributes (`from_port = 10900`).
const TERRAFORM_PORT = /^\s*(from_port|to_port|port|ports)\s*=\s*(.+)$/gm;
const INI_ASSIGNMENT = /^\s*([A-Za-z_][\w.]*)\s*=\s*(.*)$/gm;
// An inventory's host line: the host, then its variables (`prom-0 thanos_cluster_peers_addr=q-0:10900`).
const INVENTORY_HOST_LINE = /^[ \t]*[^\s=[#;][^\s=]*[ \t]+(?=[A-Za-z_]\w*=)(.*)$/gm;
const HOST_VARIABLE = /([A-Za-z_]\w*)=("[^"]*"|'[^']*'|[^\s#]*)/gy;

/** The `name=value` pairs after the host on an inventory host line (up to a comment), each at its offset. */
function hostLineVariables(text: string, from: number, to: number, push: (name: string, value: string, start: number, length: number) => void): void {
  let at = from;
  while (at < to) {
    while (at < to && (text[at] === ' ' || text[at] === '\t')) at++;
    if (at >= to || text[at] === '#' || text[at] === ';') return;
    HOST_VARIABLE.lastIndex = at;
    const pair = HOST_VARIABLE.exec(text);
    if (pair === null || pair.index + pair[0].length > to) return;
    push(pair[1]!, pair[2]!.replace(/^(["'])(.*)\1$/, '$2'), at, pair[0].length);
    at += pair[0].length;
  }
}

export function readConfigVariables(file: SourceFile): ConfigVariable[] {
  const name = file.path.split(/[\\/]/).pop() ?? '';
  const found: ConfigVariable[] = [];
  const push = (variable: string, value: string, start: number, length: number) =>
    found.push({ file, name: variable, value: value.trim(), span: { start, end: start + length } });
  if (/\.pp$/.test(name)) {
    for (const match of file.text.matchAll(PUPPET_PARAMETER)) push(match[1]!, match[2] ?? '', match.index! + match[0].indexOf('$'), match[0].trim().length);
  } else if (/\.tf$/.test(name)) {
    for (const match of file.text.matchAll(TERRAFORM_VARIABLE)) {
      const bodyEnd = file.text.indexOf('}', match.index!);
      const body = file.text.slice(match.index! + match[0].length, bodyEnd);
      const start = match.index! + match[0].indexOf('"');
      // The span runs to the block's end so the default (a 10900 address) is inside it.
      push(match[1]!, /default\s*=\s*(.*)/.exec(body)?.[1] ?? '', start, (bodyEnd === -1 ? start + match[1]!.length + 2 : bodyEnd + 1) - start);
    }
    for (const match of file.text.matchAll(TERRAFORM_PORT)) push(match[1]!, match[2] ?? '', match.index! + match[0].indexOf(match[1]!), match[0].trim().length);
  } else if (/(^|\.)(ini|hosts|inventory)$|^hosts$/.test(name)) {
    for (const match of file.text.matchAll(INI_ASSIGNMENT)) push(match[1]!, match[2] ?? '', match.index! + match[0].indexOf(match[1]!), match[0].trim().length);
    for (const match of file.text.matchAll(INVENTORY_HOST_LINE)) {
      const end = match.index! + match[0].length;
      hostLineVariables(file.text, end - match[1]!.length, end, push);
    }
  } else {
    // Ansible defaults/vars/group_vars/host_vars: YAML mappings, leaf keys by their last segment.
    for (const key of readValuesKeys(file)) found.push({ file, name: key.path.split('.').pop()!, value: key.value, span: key.span });
  }
  return found;
}

/** Files that hold config-management variables, by where roles and modules keep them. */
export function isConfigVariablesFile(path: string): boolean {
  return /(^|[\\/_])(defaults|vars|group_vars|host_vars|inventory|inventories)([\\/_]|$)/.test(path) || /\.(pp|tf)$/.test(path) || /(^|[\\/])hosts$/.test(path);
}
