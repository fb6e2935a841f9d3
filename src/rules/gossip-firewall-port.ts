import type { Finding } from '../model.js';
import { programWord } from '../analysis/invocations.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

/** Programs that open ports on a host. */
const FIREWALLS = new Set(['iptables', 'ip6tables', 'ufw', 'firewall-cmd', 'nft']);

const messages = {
  opensGossipPort: '{{program}} opens the gossip port 10900: close it by hand once gossip is gone (manual)',
} as const satisfies Messages;

export const gossipFirewallPortRule: Rule<typeof messages> = {
  id: 'gossip-firewall-port',
  meta: {
    severity: 'warning',
    description: 'A host firewall command (iptables, ufw, firewall-cmd, nft) that opens the gossip port 10900.',
    explanation:
      'Hosts that ran gossip opened 10900 (TCP and UDP) to their peers. Without gossip the opening is only exposure. The tool ' +
      'does not rewrite firewall commands: close 10900 by hand, and keep any rule for the gRPC (10901) and HTTP (10902) ports.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const carrier of context.carriers) {
      const program = programWord(carrier.words);
      if (!program || !FIREWALLS.has(program.value.split('/').pop() ?? '')) continue;
      const port = carrier.words.find((word) => /(^|[^\d])10900([^\d]|$)/.test(word.value));
      if (!port) continue;
      findings.push({
        ...messageOf(this, 'opensGossipPort', { program: program.value }),
        severity: this.meta.severity,
        file: port.file,
        span: port.span,
      });
    }
    return findings;
  },
};
