import type { Finding } from '../model.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  specPeers: 'Prometheus/{{prometheus}}: spec.thanos.peers={{peers}} configures gossip for the injected sidecar',
  embeddedPeers: "thanos.peers: {{peers}} configures gossip for the operator's sidecar ({{where}})",
} as const satisfies Messages;

export const operatorThanosPeersRule: Rule<typeof messages> = {
  id: 'operator-thanos-peers',
  meta: {
    severity: 'error',
    description: 'A Prometheus-Operator `Prometheus` resource sets `spec.thanos.peers`, which configured the injected sidecar\'s --cluster.peers.',
    explanation:
      'prometheus-operator passed spec.thanos.peers to the sidecar as --cluster.peers, and dropped it for Thanos >= v0.5 ' +
      '(prometheus-operator 901346bd, 2019-06-05). Left in place it is dead configuration at best and a gossip flag on older ' +
      'operators. migrate removes the field; Query then finds the sidecars through the SD file (prometheus-<name>-<i>.prometheus-operated).',
    fixable: true,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const { file, object } of context.kubeObjects) {
      if (object.kind !== 'Prometheus' || !object.thanos?.peersSpan) continue;
      const removes = !context.options.keepGossip;
      findings.push({
        ...messageOf(this, 'specPeers', { prometheus: object.name, peers: object.thanos.peers ?? '' }),
        severity: this.meta.severity,
        file,
        span: object.thanos.peersSpan,
        outcome: removes ? 'removed' : 'kept',
        subject: 'spec.thanos.peers',
        ...(removes && object.thanos.peersRemoval ? { fix: [{ kind: 'edits' as const, edits: object.thanos.peersRemoval() }] } : {}),
      });
    }
    for (const peers of context.embeddedThanosPeers) {
      const removes = !context.options.keepGossip;
      findings.push({
        ...messageOf(this, 'embeddedPeers', { peers: peers.valueText, where: peers.where }),
        severity: this.meta.severity,
        file: peers.file,
        span: peers.span,
        outcome: removes ? 'removed' : 'kept',
        subject: 'spec.thanos.peers',
        ...(removes ? { fix: [{ kind: 'edits' as const, edits: peers.removal }] } : {}),
      });
    }
    return findings;
  },
};
