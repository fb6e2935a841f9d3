import type { Finding } from '../model.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

/** Values keys that configured gossip in real charts (banzaicloud, arthur-c, sapcc). */
const GOSSIP_KEY = /(^|\.)(peers|clusterPeers|clusterPort|clusterService|clusterDisabled|clusterAddress|cluster\.(enabled|port|address|peers|advertiseAddress))$/;

const messages = {
  configuresGossip: 'Helm value {{value}} configures gossip: remove it with the template lines that read it (manual)',
} as const satisfies Messages;

export const helmGossipValuesRule: Rule<typeof messages> = {
  id: 'helm-gossip-values',
  meta: {
    severity: 'warning',
    description: 'A Helm values key that configures gossip (`peers`, `cluster.*`, `clusterPort: 10900`…).',
    explanation:
      'Values are read by templates; removing a key without its template changes the rendered output in ways the tool cannot ' +
      'see, so these are reported with file:line for a human to remove together with the template lines that read them (the ' +
      'gossip flags in templates are migrated and listed in the same report).',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const key of context.valuesKeys) {
      const isGossipKey = GOSSIP_KEY.test(key.path);
      const isGossipPort = /port/i.test(key.path) && /^["']?10900["']?$/.test(key.value);
      if (!isGossipKey && !isGossipPort) continue;
      // thanos.peers is spec.thanos.peers once rendered: the sidecar's --cluster.peers, so check must not pass over it.
      const isThanosPeers = /(^|\.)thanos\.peers$/.test(key.path);
      findings.push({
        ...messageOf(this, 'configuresGossip', { value: key.value ? `${key.path}: ${key.value}` : key.path }),
        severity: isThanosPeers ? 'error' : this.meta.severity,
        file: key.file,
        span: key.span,
        ...(isThanosPeers ? { outcome: 'manual' as const, subject: 'thanos.peers' } : {}),
      });
    }
    return findings;
  },
};
