import { dirname, join, normalize } from 'node:path';
import type { Edit, Finding, Fix, Severity, SourceFile } from '../model.js';
import type { JsonnetLeftovers, JsonnetPort, KubeObject, KubePort } from '../facts.js';
import { GOSSIP_PORT } from '../thanos/vocabulary.js';
import { labelsMatch } from '../analysis/kubernetes.js';
import type { Rule } from './types.js';

function isGossipPort(port: KubePort): boolean {
  return port.port === GOSSIP_PORT || port.targetPort === GOSSIP_PORT || port.name === 'cluster' || port.targetPort === 'cluster';
}

type Objects = { file: SourceFile; object: KubeObject }[];

/** The gossip-only Services that are the only objects of their file: removing them empties it. */
function emptiedFiles(objects: Objects): Set<SourceFile> {
  const isEmptied = new Map<SourceFile, boolean>();
  for (const { file, object } of objects) {
    const isPeersDocument = object.kind === 'Service' && !object.inList && object.ports.length > 0 && object.ports.every(isGossipPort);
    isEmptied.set(file, (isEmptied.get(file) ?? true) && isPeersDocument);
  }
  return new Set([...isEmptied].filter(([, emptied]) => emptied).map(([file]) => file));
}

/**
 * The `resources` entries of kustomizations that name `file`: an emptied file
 * leaves them, so deleting it (which the tool leaves to the user) keeps
 * `kubectl kustomize` building.
 */
function kustomizationEntries(objects: Objects, file: SourceFile): { kustomization: SourceFile; removal(): Edit[] }[] {
  const target = normalize(file.path);
  return objects.flatMap(({ file: kustomization, object }) =>
    (object.resources ?? [])
      .filter((entry) => normalize(join(dirname(kustomization.path), entry.path)) === target)
      .map((entry) => ({ kustomization, removal: entry.removal })),
  );
}

function emptiedNote(file: SourceFile, entries: { kustomization: SourceFile }[]): string {
  const lists = [...new Set(entries.map((entry) => entry.kustomization.path))];
  return `; ${file.path} is then empty: delete it${lists.length > 0 ? ` (it leaves the resources of ${lists.join(', ')})` : ''}`;
}

export const gossipPeersServiceRule: Rule = {
  id: 'gossip-peers-service',
  meta: {
    severity: 'warning',
    description: 'A Service that exists for gossip: it exposes the gossip port 10900 (the `thanos-peers` Service of gossip-era manifests).',
    explanation:
      'Gossip-era manifests added a headless Service selecting every Thanos pod on 10900 so peers could find each other. Without ' +
      'gossip it routes to a port nobody listens on. migrate removes the Service when all its ports are gossip ports, or just its ' +
      'gossip ports when it also serves others (--leftovers remove, the default); --leftovers report only reports it.',
    fixable: true,
  },
  check(context) {
    const findings: Finding[] = [];
    const removes = context.options.leftovers === 'remove' && !context.options.keepGossip;
    const emptied = emptiedFiles(context.kubeObjects);
    const noted = new Set<SourceFile>();
    for (const { file, object } of context.kubeObjects) {
      if (object.kind !== 'Service') continue;
      const gossipPorts = object.ports.filter(isGossipPort);
      if (gossipPorts.length === 0) continue;
      const isAllGossip = gossipPorts.length === object.ports.length;
      const fix: Fix[] = [{ kind: 'edits', edits: isAllGossip ? object.removal() : gossipPorts.flatMap((port) => port.removal()) }];
      // The first Service of an emptied file carries the note and the kustomization edits (once per file).
      const empties = isAllGossip && emptied.has(file) && !noted.has(file);
      if (empties) noted.add(file);
      const listedBy = empties ? kustomizationEntries(context.kubeObjects, file) : [];
      if (listedBy.length > 0) fix.push({ kind: 'edits', edits: listedBy.flatMap((entry) => entry.removal()) });
      // Removing a Service silently stops whatever monitors it: say so where the monitor is.
      for (const monitor of context.kubeObjects) {
        const m = monitor.object;
        if (m.kind !== 'ServiceMonitor' || (m.namespace ?? object.namespace) !== object.namespace) continue;
        const selectsIt = m.selector !== undefined && Object.keys(m.selector).length > 0 && labelsMatch(m.selector, object.labels);
        const scrapesGossip = gossipPorts.some((port) => port.name !== undefined && (m.scrapePorts ?? []).includes(port.name));
        if (!selectsIt || (!isAllGossip && !scrapesGossip)) continue;
        findings.push({
          ruleId: this.id,
          severity: 'warning',
          file: monitor.file,
          span: m.span,
          message: `ServiceMonitor ${m.name} selects Service ${object.name}${isAllGossip ? ', which this migration removes: its scrapes stop' : ` and scrapes its gossip port, which this migration removes`}; point it at the component's own Service (manual)`,
        });
      }
      findings.push({
        ruleId: this.id,
        severity: this.meta.severity,
        file,
        span: object.span,
        message: isAllGossip
          ? `Service ${object.name} only serves the gossip port: dead once gossip is gone${removes ? (empties ? emptiedNote(file, listedBy) : '') : ' (reported only)'}`
          : `Service ${object.name} exposes the gossip port ${gossipPorts.map((p) => p.name ?? p.port).join(', ')}${removes ? '' : ' (reported only)'}`,
        ...(removes ? { fix } : {}),
      });
    }
    for (const found of context.jsonnetLeftovers) findings.push(...jsonnetSeedServices(this.id, this.meta.severity, found));
    return findings;
  },
};

const portLabel = (port: JsonnetPort) => (port.name !== undefined && port.port !== undefined ? `${port.name} (${port.port})` : String(port.name ?? port.port));

/** The jsonnet versions: seed Services from `service.new`, Service ports on 10900, and the monitors on them; reported for a human. */
function jsonnetSeedServices(ruleId: string, severity: Severity, found: JsonnetLeftovers): Finding[] {
  const findings: Finding[] = [];
  const file = found.file;
  for (const service of found.services) {
    if (service.ports.length === 0) continue;
    findings.push({ ruleId, severity, file, span: service.span, message: `jsonnet Service ${service.name ?? '(unnamed)'} (service.new) exposes the gossip port ${service.ports.map(portLabel).join(', ')}: remove it from the library by hand (manual)` });
    const labels = Object.keys(service.labels).length > 0 ? service.labels : service.selector;
    for (const monitor of found.monitors) {
      if (monitor.kind !== 'ServiceMonitor' || Object.keys(monitor.selector).length === 0 || !labelsMatch(monitor.selector, labels)) continue;
      findings.push({ ruleId, severity, file, span: monitor.span, message: `jsonnet ServiceMonitor ${monitor.name ?? '(unnamed)'} selects the seed Service ${service.name ?? '(unnamed)'}: point it at the component's own Service when the seed goes (manual)` });
    }
  }
  const owned = new Set(found.services.flatMap((service) => service.ports));
  for (const port of found.ports) {
    if (port.owner !== 'service' || owned.has(port)) continue;
    findings.push({ ruleId, severity, file, span: port.span, message: `jsonnet Service port ${portLabel(port)} is the gossip port: remove it from the library by hand (manual)` });
  }
  return findings;
}
