// One spelling for every way a gossip address is written, so that a seed in
// `--cluster.peers` can be compared with the address another member listens
// or advertises on. Two spellings get one key only when they name the same
// thing by the rules of the place they are resolved in:
//   - `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local` inside a
//     Kubernetes namespace (the pod's DNS search path);
//   - a missing port is the gossip default 10900 (v0.4.0:cmd/thanos/flags.go);
//   - `dns+` / `dnssrv+` prefixes are Thanos's resolver hints, not part of the name;
//   - loopback means the member's own machine (a pod, a script's host…);
//   - a compose service name means that service, in that compose file;
//   - a value only known at run time (`$(POD_NAMESPACE)`, `{{ .Release.Namespace }}`,
//     `<%= @peers %>`) equals only the same text in the same rendering scope (one
//     chart, one role directory): the same variable is the same value there, and
//     it is never known to equal a literal.

import { isLoopbackHost, isWildcardHost, splitHostPort } from './host-port.js';

export const GOSSIP_DEFAULT_PORT = '10900';

/** Where an address is written: what its names resolve against. */
export interface AddressScope {
  /** The member's machine, for loopback (`pod:…`, `script:…`, `host:dir`). */
  machine: string;
  /** The member's Kubernetes namespace (literal or template text), when it runs in one. */
  namespace?: string;
  /** True for members that resolve names through Kubernetes DNS. */
  isKubernetes: boolean;
  /** docker-compose: the file and the service names it defines. */
  compose?: { file: string; services: { has(name: string): boolean } };
  /** Where run-time values are the same values: a chart root, a role directory. */
  renderScope: string;
  /** The directory of the file, for bare host names outside Kubernetes and compose. */
  directory: string;
}

export interface GossipAddress {
  /** The comparable key. */
  key: string;
  /** The text as written. */
  text: string;
  /** Holds a value only known at run time. */
  isRunTime: boolean;
  /** The host part is a Kubernetes Service-style name (`svc.ns.svc`), for messages. */
  serviceHost?: string;
}

const RUN_TIME = /\$|\{\{|<%|%\{|#\{/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** `{{- .Values.x -}}` and `{{ .Values.x }}` are the same value. */
function normaliseTemplates(text: string): string {
  if (!text.includes('{{') && !text.includes('<%')) return text;
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_, inner: string) => `{{${inner.replace(/\s+/g, ' ')}}}`).replace(/<%=?-?\s*(.*?)\s*-?%>/g, '<%=$1%>');
}

export function isRunTimeValue(text: string): boolean {
  return RUN_TIME.test(text);
}

/** The key of `text` (a seed, or an address a member is reached at) as seen from `scope`. */
export function gossipAddress(text: string, scope: AddressScope): GossipAddress {
  const raw = normaliseTemplates(text.trim().replace(/^dns(srv(noa)?)?\+/, ''));
  const isRunTime = isRunTimeValue(raw);
  const split = splitHostPort(raw);
  const port = split.port === '' ? GOSSIP_DEFAULT_PORT : split.port;
  let host = split.host.replace(/\.$/, '');
  if (!isRunTime) host = host.toLowerCase();
  const result = (hostKey: string, serviceHost?: string): GossipAddress => {
    const key = `${hostKey}:${port}`;
    return { key: isRunTime ? `${scope.renderScope}|${key}` : key, text, isRunTime, ...(serviceHost ? { serviceHost } : {}) };
  };
  if (isLoopbackHost(host) || isWildcardHost(host)) return result(`loopback@${scope.machine}`);
  if (IPV4.test(host) || host.includes(':')) return result(host);
  if (scope.compose && scope.compose.services.has(host)) return result(`compose@${scope.compose.file}/${host}`);
  const service = kubernetesServiceHost(host, scope);
  if (service) return result(service, service);
  // A bare name outside Kubernetes resolves through the machine's search
  // domain, which differs from site to site: it matches only in its own folder.
  if (!host.includes('.')) return result(`${host}@${scope.directory}`);
  return result(host);
}

/**
 * `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<cluster domain>` and
 * `pod.svc.ns.svc…` as `…ns.svc`; undefined when the name is no Kubernetes name.
 */
function kubernetesServiceHost(host: string, scope: AddressScope): string | undefined {
  const labels = host.split('.');
  const svcAt = labels.lastIndexOf('svc');
  if (svcAt >= 2) return labels.slice(0, svcAt + 1).join('.');
  if (!scope.isKubernetes) return undefined;
  if (labels.length === 1) return `${host}.${scope.namespace ?? `~${scope.directory}`}.svc`;
  if (labels.length === 2) return `${host}.svc`;
  return undefined;
}

/** The key a Kubernetes Service (or a pod under it) is reached at on `port`. */
export function serviceKey(name: string, namespace: string | undefined, port: string, scope: AddressScope): string {
  return gossipAddress(`${name}.${namespace ?? scope.namespace ?? `~${scope.directory}`}.svc:${port}`, scope).key;
}
