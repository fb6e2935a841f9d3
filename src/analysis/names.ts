// The name a report prints for a Thanos process and the name a user types to
// aim an answer at it (`--store-endpoint NAME=HOST:PORT`). Short where the
// short form is unique in the run, longer only as far as needed:
//   Kubernetes   deployment/thanos-query  ->  team-a/deployment/thanos-query
//   compose      query                    ->  sites/a/docker-compose.yml:query
//   systemd      thanos-query.service     ->  hosts/node-a/thanos-query.service
//   named by its carrier  site-a/query     ->  thanos-sites/site-a/query (a Nomad task)
//   anything else  run-local.sh:54 (a command has no name of its own)
// `--debug.name` and the bare object name are accepted as aliases when unique.

import { basename } from 'node:path';
import type { Invocation, SourceFile, Span } from '../model.js';
import { lineColumnAt } from '../argv/text-lines.js';

/** A process that can be named: a Thanos command line, or a Prometheus-Operator `Prometheus` (its injected sidecar). */
export interface Nameable {
  invocation?: Invocation;
  operator?: { file: SourceFile; name: string; namespace?: string };
}

export interface ProcessName {
  /** What the report prints and `NAME=` matches. */
  name: string;
  /** Other spellings that reach it when they are unique (`--debug.name`, the bare object name). */
  aliases: string[];
  /** Extra words for a reader when the name is a file:line (`--debug.name query-1, --http-address :19491`). */
  hint?: string;
}

function place(file: SourceFile, span: Span): string {
  return `${file.path}:${lineColumnAt(file, span.start).line}`;
}

function lastValue(invocation: Invocation, flag: string): string | undefined {
  const matches = invocation.flags.filter((f) => f.name === flag && f.value !== null);
  return matches[matches.length - 1]?.value ?? undefined;
}

/** Candidate spellings, shortest first; the last is unique by construction (a file position). */
function candidates(target: Nameable): { forms: string[]; aliases: string[]; hint?: string } {
  if (target.operator) {
    const { file, name, namespace } = target.operator;
    const short = `prometheus/${name}`;
    return { forms: [short, ...(namespace !== undefined ? [`${namespace}/${short}`] : []), `${file.path}:${short}`], aliases: [] };
  }
  const invocation = target.invocation!;
  const context = invocation.carrier.context;
  const file = invocation.carrier.file;
  const anchor = invocation.componentWord ?? invocation.lastWord;
  const position = place(anchor.file, anchor.span);
  const debugName = lastValue(invocation, 'debug.name');
  const aliases = debugName !== undefined && !/[$`{<%]/.test(debugName) ? [debugName] : [];
  if (context.kind === 'workload') {
    const short = `${context.workloadKind.toLowerCase()}/${context.workloadName}`;
    const container = context.container !== undefined ? `/${context.container}` : '';
    const namespaced = context.namespace !== undefined ? [`${context.namespace}/${short}`] : [];
    return { forms: [short, ...namespaced, `${file.path}:${short}`, `${file.path}:${short}${container}`, position], aliases: [...aliases, context.workloadName] };
  }
  if (context.kind === 'compose') return { forms: [context.service, `${file.path}:${context.service}`, position], aliases };
  if (file.kind === 'systemd') return { forms: [basename(file.path), file.path, position], aliases };
  const named = context.names ?? [];
  if (named.length > 0) return { forms: [...named, `${file.path}:${named[named.length - 1]}`, position], aliases };
  const hints = [debugName !== undefined ? `--debug.name ${debugName}` : undefined, ...['http-address', 'grpc-address'].map((flag) => {
    const value = lastValue(invocation, flag);
    return value !== undefined ? `--${flag} ${value}` : undefined;
  })].filter((hint): hint is string => hint !== undefined);
  return { forms: [position], aliases, ...(hints.length > 0 ? { hint: hints.slice(0, 2).join(', ') } : {}) };
}

/** Names for every target, each unique among them; aliases only where unique too. */
export function assignNames<T extends Nameable>(targets: T[]): Map<T, ProcessName> {
  const forms = targets.map(candidates);
  const chosen = new Map<T, ProcessName>();
  const used = new Set<string>();
  let level = 0;
  let pending = targets.map((_, i) => i);
  while (pending.length > 0) {
    const counts = new Map<string, number>();
    for (const i of pending) {
      const options = forms[i]!.forms;
      const form = options[Math.min(level, options.length - 1)]!;
      counts.set(form, (counts.get(form) ?? 0) + 1);
    }
    const next: number[] = [];
    for (const i of pending) {
      const options = forms[i]!.forms;
      const isLast = level >= options.length - 1;
      const form = options[Math.min(level, options.length - 1)]!;
      // The same position twice is one command line started more than once (a loop): one name serves them.
      if (isLast || (counts.get(form) === 1 && !used.has(form))) {
        chosen.set(targets[i]!, { name: form, aliases: [], ...(forms[i]!.hint ? { hint: forms[i]!.hint } : {}) });
      } else next.push(i);
    }
    for (const i of pending) if (!next.includes(i)) used.add(chosen.get(targets[i]!)!.name);
    pending = next;
    level++;
  }
  const aliasCounts = new Map<string, number>();
  for (const entry of forms) for (const alias of new Set(entry.aliases)) aliasCounts.set(alias, (aliasCounts.get(alias) ?? 0) + 1);
  targets.forEach((target, i) => {
    const name = chosen.get(target)!;
    name.aliases = [...new Set(forms[i]!.aliases)].filter((alias) => aliasCounts.get(alias) === 1 && alias !== name.name && !used.has(alias));
  });
  return chosen;
}
