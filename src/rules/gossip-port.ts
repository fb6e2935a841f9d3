import type { Finding } from '../model.js';
import { GOSSIP_PORT } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';
import { kubeLookupOf, thanosContainersOf } from '../analysis/kube-lookup.js';

const messages = {
  gossipPort: '{{object}} container {{container}}: gossip port {{port}} is dead once gossip is gone',
  gossipPortReported: '{{object}} container {{container}}: gossip port {{port}} is dead once gossip is gone (reported only)',
  podMonitorScrapes: 'PodMonitor {{monitor}} scrapes port {{port}} of {{object}}, which this migration removes: point it at the http port (manual)',
  jsonnetPort: 'jsonnet container port {{port}} is the gossip port, dead once gossip is gone: remove it from the library by hand (manual)',
  jsonnetPodMonitor: 'jsonnet PodMonitor {{monitor}} scrapes the gossip port cluster: point it at the http port (manual)',
} as const satisfies Messages;

export const gossipPortRule: Rule<typeof messages> = {
  id: 'gossip-port',
  meta: {
    severity: 'warning',
    description: 'A container port for gossip (10900, or named `cluster`) on a Thanos container.',
    explanation:
      'Gossip listened on 10900 (TCP and UDP). Without gossip nothing listens there, so the port only misleads readers, Services ' +
      'and NetworkPolicies. migrate removes the port entry (--leftovers remove, the default); with --leftovers report it only reports it.',
    fixable: true,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const { file, object } of context.kubeObjects) {
      const thanosContainers = thanosContainersOf(context.invocations, file, object);
      for (const port of object.ports) {
        if (port.container === undefined || !thanosContainers.includes(port.container)) continue;
        if (port.containerPort !== GOSSIP_PORT && port.name !== 'cluster') continue;
        const removes = context.options.leftovers === 'remove' && !context.options.keepGossip;
        // A PodMonitor scraping this named port loses its target with it.
        const portName = port.name;
        for (const monitor of portName === undefined ? [] : kubeLookupOf(context.kubeObjects).selecting('PodMonitor', object.podLabels ?? {})) {
          const m = monitor.object;
          if (!(m.scrapePorts ?? []).includes(portName!)) continue;
          findings.push({
            ...messageOf(this, 'podMonitorScrapes', { monitor: m.name, port: portName!, object: `${object.kind}/${object.name}` }),
            severity: this.meta.severity,
            file: monitor.file,
            span: m.span,
          });
        }
        findings.push({
          ...messageOf(this, removes ? 'gossipPort' : 'gossipPortReported', { object: `${object.kind}/${object.name}`, container: port.container, port: port.name ?? port.containerPort ?? '' }),
          severity: this.meta.severity,
          file,
          span: port.span,
          ...(removes ? { fix: [{ kind: 'edits' as const, edits: port.removal() }] } : {}),
        });
      }
    }
    // jsonnet: container ports and PodMonitors scraping a `cluster` port, reported for a human.
    for (const { file, ports, monitors } of context.jsonnetLeftovers) {
      for (const port of ports.filter((candidate) => candidate.owner === 'container')) {
        const name = port.name !== undefined && port.port !== undefined ? `${port.name} (${port.port})` : String(port.name ?? port.port);
        findings.push({ ...messageOf(this, 'jsonnetPort', { port: name }), severity: this.meta.severity, file, span: port.span });
      }
      for (const monitor of monitors) {
        if (monitor.kind !== 'PodMonitor' || !monitor.ports.includes('cluster')) continue;
        findings.push({ ...messageOf(this, 'jsonnetPodMonitor', { monitor: monitor.name ?? '(unnamed)' }), severity: this.meta.severity, file, span: monitor.span });
      }
    }
    return findings;
  },
};
