import type { Finding, Fix } from '../model.js';
import { GOSSIP_PORT } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  onlyGossipPort: 'NetworkPolicy {{policy}}: {{direction}} rule opens the gossip port 10900 and nothing else: the rule goes',
  onlyGossipPortReported: 'NetworkPolicy {{policy}}: {{direction}} rule opens the gossip port 10900 and nothing else: the rule goes (reported only)',
  gossipPort: 'NetworkPolicy {{policy}}: {{direction}} rule opens the gossip port 10900: that port goes, the others stay',
  gossipPortReported: 'NetworkPolicy {{policy}}: {{direction}} rule opens the gossip port 10900: that port goes, the others stay (reported only)',
} as const satisfies Messages;

export const gossipNetworkPolicyRule: Rule<typeof messages> = {
  id: 'gossip-network-policy',
  meta: {
    severity: 'warning',
    description: 'A NetworkPolicy rule that opens the gossip port 10900.',
    explanation:
      'Gossip-era NetworkPolicies let peers reach each other on 10900 (TCP and UDP). Without gossip nothing listens there. ' +
      'migrate narrows the rule: it removes the 10900 port entries, and removes the whole rule only when 10900 was all it ' +
      'opened (an empty `ports` list would open every port). A rule that also opens the gRPC or HTTP ports keeps them.',
    fixable: true,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const removes = context.options.leftovers === 'remove' && !context.options.keepGossip;
    for (const { file, object } of context.kubeObjects) {
      for (const rule of object.policyRules ?? []) {
        const gossip = rule.ports.filter((port) => port.port === GOSSIP_PORT || port.name === 'cluster');
        if (gossip.length === 0) continue;
        const onlyGossip = gossip.length === rule.ports.length;
        const fix: Fix[] = [{ kind: 'edits', edits: onlyGossip ? rule.removal() : gossip.flatMap((port) => port.removal()) }];
        findings.push({
          ...messageOf(this, `${onlyGossip ? 'onlyGossipPort' : 'gossipPort'}${removes ? '' : 'Reported'}`, { policy: object.name, direction: rule.direction }),
          severity: this.meta.severity,
          file,
          span: gossip[0]!.span,
          ...(removes ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
