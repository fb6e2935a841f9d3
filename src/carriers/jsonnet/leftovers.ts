// Gossip leftovers built in jsonnet, found without evaluating anything (the
// shapes of kube-prometheus-thanos.libsonnet and ksonnet): port
// constructors and port objects on 10900 or named `cluster`, the seed
// Service built with `service.new(name, selector, ports)`, ServiceMonitors
// and PodMonitors written as objects, and `thanos-peer(s)` labels. They are
// facts for the leftover rules, which report them; nothing here is edited.

import type { SourceFile, Span } from '../../model.js';
import type { JGroup, JItem, JToken } from './tokenize.js';
import { GOSSIP_PORT, PEER_LABEL } from '../../thanos/vocabulary.js';
import type { JsonnetPort, JsonnetService, JsonnetMonitor, JsonnetLeftovers } from '../../facts.js';
export type { JsonnetPort, JsonnetService, JsonnetMonitor, JsonnetLeftovers } from '../../facts.js';






const isPunct = (item: JItem | undefined, text: string) => item !== undefined && item.kind === 'punct' && item.text === text;

/** Items of a group split at its own commas. */
function split(group: JGroup): JItem[][] {
  const parts: JItem[][] = [[]];
  for (const item of group.items) {
    if (isPunct(item, ',')) parts.push([]);
    else parts[parts.length - 1]!.push(item);
  }
  return parts.filter((part) => part.length > 0);
}

/** `name: value` members of an object literal (plain keys and quoted keys). */
function fields(group: JGroup): Map<string, { key: JItem; value: JItem[] }> {
  const map = new Map<string, { key: JItem; value: JItem[] }>();
  for (const member of split(group)) {
    const [key, ...rest] = member;
    if (!key || (key.kind !== 'ident' && key.kind !== 'string')) continue;
    let i = 0;
    if (isPunct(rest[i], '+')) i++;
    if (!isPunct(rest[i], ':')) continue;
    while (isPunct(rest[i], ':')) i++;
    map.set(key.kind === 'ident' ? key.text : key.value, { key, value: rest.slice(i) });
  }
  return map;
}

function single(value: JItem[] | undefined): JItem | undefined {
  return value && value.length === 1 ? value[0] : undefined;
}

function stringOf(value: JItem[] | undefined): string | undefined {
  const item = single(value);
  return item?.kind === 'string' ? item.value : undefined;
}

function numberOf(value: JItem[] | undefined): number | undefined {
  const item = single(value);
  return item?.kind === 'number' ? Number(item.text) : undefined;
}

function objectOf(value: JItem[] | undefined): JGroup | undefined {
  const item = single(value);
  return item?.kind === 'group' && item.open.text === '{' ? item : undefined;
}

/** An object literal of string values (a label set), or {} when it is anything else. */
function labelsOf(group: JGroup | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!group) return labels;
  for (const [key, { value }] of fields(group)) {
    const text = stringOf(value);
    if (text !== undefined) labels[key] = text;
  }
  return labels;
}

/** The dotted name right before `index` (`k.core.v1.service.new`) and where it starts. */
function calleeBefore(list: JItem[], index: number): { name: string; start: number } {
  const parts: string[] = [];
  let start = list[index]!.span.start;
  let i = index - 1;
  while (i >= 0 && list[i]!.kind === 'ident') {
    parts.unshift((list[i] as JToken & { kind: 'ident' }).text);
    start = list[i]!.span.start;
    if (!isPunct(list[i - 1], '.')) break;
    i -= 2;
  }
  return { name: parts.join('.'), start };
}

function portFromCall(callee: { name: string; start: number }, args: JGroup): JsonnetPort | null {
  if (!/port/i.test(callee.name) || !/\.new(?:Named)?$/.test(callee.name)) return null;
  const values = split(args);
  const name = callee.name.endsWith('newNamed') ? stringOf(values[0]) : undefined;
  const port = values.map(numberOf).find((n) => n !== undefined);
  if (port !== GOSSIP_PORT && name !== 'cluster') return null;
  const span = { start: callee.start, end: args.span.end };
  return { span, ...(name !== undefined ? { name } : {}), ...(port !== undefined ? { port } : {}), owner: /service/i.test(callee.name) ? 'service' : 'container' };
}

function portFromObject(group: JGroup): JsonnetPort | null {
  const members = fields(group);
  const containerPort = numberOf(members.get('containerPort')?.value);
  const port = containerPort ?? numberOf(members.get('port')?.value);
  const name = stringOf(members.get('name')?.value);
  if (port === undefined || (port !== GOSSIP_PORT && name !== 'cluster')) return null;
  return { span: group.span, ...(name !== undefined ? { name } : {}), port, owner: containerPort !== undefined ? 'container' : 'service' };
}

function monitorFrom(group: JGroup): JsonnetMonitor | null {
  const members = fields(group);
  const kind = stringOf(members.get('kind')?.value);
  if (kind !== 'ServiceMonitor' && kind !== 'PodMonitor') return null;
  const name = stringOf(fields(objectOf(members.get('metadata')?.value) ?? group).get('name')?.value);
  const spec = objectOf(members.get('spec')?.value);
  const specFields = spec ? fields(spec) : new Map();
  const selector = labelsOf(objectOf(fields(objectOf(specFields.get('selector')?.value) ?? group).get('matchLabels')?.value));
  const endpoints = single(specFields.get(kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints')?.value);
  const ports: string[] = [];
  if (endpoints?.kind === 'group') {
    for (const endpoint of endpoints.items) {
      if (endpoint.kind !== 'group' || endpoint.open.text !== '{') continue;
      const port = stringOf(fields(endpoint).get('port')?.value);
      if (port !== undefined) ports.push(port);
    }
  }
  return { span: group.span, kind, ...(name !== undefined ? { name } : {}), selector, ports };
}

export function readJsonnetLeftovers(file: SourceFile, items: JItem[]): JsonnetLeftovers {
  const found: JsonnetLeftovers = { file, ports: [], services: [], monitors: [], peerLabels: [] };
  const visit = (list: JItem[]) => {
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      if (item.kind !== 'group') continue;
      if (item.open.text === '(') {
        const callee = calleeBefore(list, i);
        const port = portFromCall(callee, item);
        if (port) found.ports.push(port);
        if (/(?:^|\.)service\.new$/i.test(callee.name)) found.services.push(serviceFrom(item, { start: callee.start, end: item.span.end }, list.slice(i + 1)));
      }
      if (item.open.text === '{') {
        const port = portFromObject(item);
        if (port) found.ports.push(port);
        const monitor = monitorFrom(item);
        if (monitor) found.monitors.push(monitor);
        for (const { key } of fields(item).values()) {
          const name = key.kind === 'string' ? key.value : key.kind === 'ident' ? key.text : '';
          if (PEER_LABEL.test(name)) found.peerLabels.push(key.span);
        }
      }
      visit(item.items);
    }
  };
  visit(items);
  // A seed Service owns the gossip ports inside its constructor call.
  for (const service of found.services) service.ports = found.ports.filter((port) => service.span.start <= port.span.start && port.span.end <= service.span.end);
  return found;
}

/** `service.new(name, selector, ports) + service.mixin.metadata.withLabels({…})`. */
function serviceFrom(args: JGroup, span: Span, after: JItem[]): JsonnetService {
  const values = split(args);
  let labels: Record<string, string> = {};
  // The labels come from the rest of the same `+` chain, up to the member's comma.
  for (let i = 0; i < after.length && !isPunct(after[i], ','); i++) {
    const item = after[i]!;
    if (item.kind === 'group' && item.open.text === '(' && calleeBefore(after, i).name.endsWith('withLabels')) labels = { ...labels, ...labelsOf(objectOf(split(item)[0])) };
  }
  const name = stringOf(values[0]);
  return { span, ...(name !== undefined ? { name } : {}), selector: labelsOf(objectOf(values[1])), labels, ports: [] };
}
