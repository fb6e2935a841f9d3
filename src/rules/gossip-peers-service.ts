import { dirname, join, normalize } from 'node:path';
import type { Edit, Finding, Fix, SourceFile } from '../model.js';
import type { JsonnetLeftovers, JsonnetPort, KubeObject, KubePort } from '../facts.js';
import { GOSSIP_PORT } from '../thanos/vocabulary.js';
import { kubeLookupOf, labelsMatch } from '../analysis/kube-lookup.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';
import { append, pushTo } from '../lists.js';

function isGossipPort(port: KubePort): boolean {
  return port.port === GOSSIP_PORT || port.targetPort === GOSSIP_PORT || port.name === 'cluster' || port.targetPort === 'cluster';
}

type Objects = { file: SourceFile; object: KubeObject }[];

/** The gossip-only Services that are the only objects of their file: removing them empties it. */
function emptiedFiles(objects: Objects): Set<SourceFile> {
  const isEmptied = new Map<SourceFile, boolean>();
  for (const { file, object } of objects) {
    const isPeersDocument = object.kind === 'Service' && !object.inList && !object.patchedBy && object.ports.length > 0 && object.ports.every(isGossipPort);
    isEmptied.set(file, (isEmptied.get(file) ?? true) && isPeersDocument);
  }
  return new Set([...isEmptied].filter(([, emptied]) => emptied).map(([file]) => file));
}

/**
 * The `resources` entries of kustomizations, by the file each names: an
 * emptied file leaves them, so deleting it (which the tool leaves to the
 * user) keeps `kubectl kustomize` building. Indexed once: every kustomization
 * scanned per emptied file was n² over a kustomize tree.
 */
function kustomizationEntries(objects: Objects): Map<string, { kustomization: SourceFile; removal(): Edit[] }[]> {
  const byTarget = new Map<string, { kustomization: SourceFile; removal(): Edit[] }[]>();
  for (const { file: kustomization, object } of objects) {
    for (const entry of object.resources ?? []) pushTo(byTarget, normalize(join(dirname(kustomization.path), entry.path)), { kustomization, removal: entry.removal });
  }
  return byTarget;
}


const messages = {
  onlyGossip: 'Service {{service}} only serves the gossip port: dead once gossip is gone',
  onlyGossipEmpties: 'Service {{service}} only serves the gossip port: dead once gossip is gone; {{file}} is then empty: delete it',
  onlyGossipEmptiesListed: 'Service {{service}} only serves the gossip port: dead once gossip is gone; {{file}} is then empty: delete it (it leaves the resources of {{kustomizations}})',
  onlyGossipReported: 'Service {{service}} only serves the gossip port: dead once gossip is gone (reported only)',
  onlyGossipPatched: 'Service {{service}} only serves the gossip port: dead once gossip is gone; kept, because kustomize patches it ({{patches}}) and a patch of a Service the build no longer has fails the build: remove it and those patches together (manual)',
  exposesGossipPort: 'Service {{service}} exposes the gossip port {{ports}}',
  exposesGossipPortReported: 'Service {{service}} exposes the gossip port {{ports}} (reported only)',
  monitorLosesService: "ServiceMonitor {{monitor}} selects Service {{service}}, which this migration removes: its scrapes stop; point it at the component's own Service (manual)",
  monitorLosesPort: "ServiceMonitor {{monitor}} selects Service {{service}} and scrapes its gossip port, which this migration removes; point it at the component's own Service (manual)",
  jsonnetSeedService: 'jsonnet Service {{service}} (service.new) exposes the gossip port {{ports}}: remove it from the library by hand (manual)',
  jsonnetMonitor: "jsonnet ServiceMonitor {{monitor}} selects the seed Service {{service}}: point it at the component's own Service when the seed goes (manual)",
  jsonnetServicePort: 'jsonnet Service port {{port}} is the gossip port: remove it from the library by hand (manual)',
} as const satisfies Messages;

export const gossipPeersServiceRule: Rule<typeof messages> = {
  id: 'gossip-peers-service',
  meta: {
    severity: 'warning',
    description: 'A Service that exists for gossip: it exposes the gossip port 10900 (the `thanos-peers` Service of gossip-era manifests).',
    explanation:
      'Gossip-era manifests added a headless Service selecting every Thanos pod on 10900 so peers could find each other. Without ' +
      'gossip it routes to a port nobody listens on. migrate removes the Service when all its ports are gossip ports, or just its ' +
      'gossip ports when it also serves others (--leftovers remove, the default); --leftovers report only reports it.',
    fixable: true,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const removes = context.options.leftovers === 'remove' && !context.options.keepGossip;
    const emptied = emptiedFiles(context.kubeObjects);
    let listing: ReturnType<typeof kustomizationEntries> | undefined;
    const noted = new Set<SourceFile>();
    for (const { file, object } of context.kubeObjects) {
      if (object.kind !== 'Service') continue;
      const gossipPorts = object.ports.filter(isGossipPort);
      if (gossipPorts.length === 0) continue;
      const isAllGossip = gossipPorts.length === object.ports.length;
      if (isAllGossip && object.patchedBy) {
        findings.push({ ...messageOf(this, 'onlyGossipPatched', { service: object.name, patches: object.patchedBy }), severity: this.meta.severity, file, span: object.span });
        continue;
      }
      const fix: Fix[] = [{ kind: 'edits', edits: isAllGossip ? object.removal() : gossipPorts.flatMap((port) => port.removal()) }];
      // The first Service of an emptied file carries the note and the kustomization edits (once per file).
      const empties = isAllGossip && emptied.has(file) && !noted.has(file);
      if (empties) noted.add(file);
      const listedBy = empties ? ((listing ??= kustomizationEntries(context.kubeObjects)).get(normalize(file.path)) ?? []) : [];
      if (listedBy.length > 0) fix.push({ kind: 'edits', edits: listedBy.flatMap((entry) => entry.removal()) });
      // Removing a Service silently stops whatever monitors it: say so where the monitor is.
      for (const monitor of kubeLookupOf(context.kubeObjects).selecting('ServiceMonitor', object.labels)) {
        const m = monitor.object;
        if ((m.namespace ?? object.namespace) !== object.namespace) continue;
        const selectsIt = Object.keys(m.selector!).length > 0;
        const scrapesGossip = gossipPorts.some((port) => port.name !== undefined && (m.scrapePorts ?? []).includes(port.name));
        if (!selectsIt || (!isAllGossip && !scrapesGossip)) continue;
        findings.push({
          ...messageOf(this, isAllGossip ? 'monitorLosesService' : 'monitorLosesPort', { monitor: m.name, service: object.name }),
          severity: 'warning',
          file: monitor.file,
          span: m.span,
        });
      }
      const service = object.name;
      const listedIn = [...new Set(listedBy.map((entry) => entry.kustomization.path))];
      const message = !isAllGossip
        ? messageOf(this, removes ? 'exposesGossipPort' : 'exposesGossipPortReported', { service, ports: gossipPorts.map((p) => p.name ?? p.port ?? '') })
        : !removes
          ? messageOf(this, 'onlyGossipReported', { service })
          : !empties
            ? messageOf(this, 'onlyGossip', { service })
            : listedIn.length > 0
              ? messageOf(this, 'onlyGossipEmptiesListed', { service, file: file.path, kustomizations: listedIn })
              : messageOf(this, 'onlyGossipEmpties', { service, file: file.path });
      findings.push({
        ...message,
        severity: this.meta.severity,
        file,
        span: object.span,
        ...(removes ? { fix } : {}),
      });
    }
    for (const found of context.jsonnetLeftovers) append(findings, jsonnetSeedServices(this, found));
    return findings;
  },
};

const portLabel = (port: JsonnetPort) => (port.name !== undefined && port.port !== undefined ? `${port.name} (${port.port})` : String(port.name ?? port.port));

/** The jsonnet versions: seed Services from `service.new`, Service ports on 10900, and the monitors on them; reported for a human. */
function jsonnetSeedServices(rule: Rule<typeof messages>, found: JsonnetLeftovers): Finding[] {
  const findings: Finding[] = [];
  const severity = rule.meta.severity;
  const file = found.file;
  for (const service of found.services) {
    if (service.ports.length === 0) continue;
    findings.push({ ...messageOf(rule, 'jsonnetSeedService', { service: service.name ?? '(unnamed)', ports: service.ports.map(portLabel) }), severity, file, span: service.span });
    const labels = Object.keys(service.labels).length > 0 ? service.labels : service.selector;
    for (const monitor of found.monitors) {
      if (monitor.kind !== 'ServiceMonitor' || Object.keys(monitor.selector).length === 0 || !labelsMatch(monitor.selector, labels)) continue;
      findings.push({ ...messageOf(rule, 'jsonnetMonitor', { monitor: monitor.name ?? '(unnamed)', service: service.name ?? '(unnamed)' }), severity, file, span: monitor.span });
    }
  }
  const owned = new Set(found.services.flatMap((service) => service.ports));
  for (const port of found.ports) {
    if (port.owner !== 'service' || owned.has(port)) continue;
    findings.push({ ...messageOf(rule, 'jsonnetServicePort', { port: portLabel(port) }), severity, file, span: port.span });
  }
  return findings;
}
