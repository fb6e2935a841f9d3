import type { Finding } from '../model.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

/** Names that held gossip settings in real roles and modules (ansible-thanos, puppet-thanos). */
const GOSSIP_NAME = /cluster_peers|cluster_address|_cluster_port$|cluster_disable|cluster_advertise|cluster_secret|gossip/i;
const REPLACEMENT_NAME = /(^|_)stores?$|store_endpoints?|sd_files?$|query_endpoints?$|_queries$/i;

const messages = {
  opensGossipPort: '{{variable}} = {{value}} opens the gossip port: narrow the rule by hand, keeping any gRPC (10901) or HTTP (10902) port it also opens (manual)',
  configuresGossip: '{{setting}} configures gossip: remove it (manual)',
  configuresGossipReplaceable: '{{setting}} configures gossip: remove it; list StoreAPIs in {{replacements}} instead (manual)',
} as const satisfies Messages;

export const configGossipVariableRule: Rule<typeof messages> = {
  id: 'config-gossip-variable',
  meta: {
    severity: 'warning',
    description: 'A configuration-management variable (Ansible, Puppet, Terraform) or a shell script variable that holds a gossip setting.',
    explanation:
      'Roles and modules of the gossip era exposed cluster peers, addresses and ports as variables; templates turned them into ' +
      '--cluster.* flags; scripts kept seeds in variables (`PEERS=10.0.0.1:10900`) that fed --cluster.peers. The templates and ' +
      'flags are migrated; the variables are reported with file:line for a human to remove (and, where the same role offers ' +
      'a store list or SD-file variable, to replace with it).',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const variable of context.configVariables) {
      const onGossipPort = /(^|\D)10900(\D|$)/.test(variable.value);
      if (!GOSSIP_NAME.test(variable.name) && !onGossipPort) continue;
      const replacements = context.configVariables
        .filter((other) => other.file === variable.file && REPLACEMENT_NAME.test(other.name))
        .map((other) => other.name);
      if (onGossipPort && /^(from_port|to_port|port|ports)$/i.test(variable.name)) {
        findings.push({
          ...messageOf(this, 'opensGossipPort', { variable: variable.name, value: variable.value }),
          severity: this.meta.severity,
          file: variable.file,
          span: variable.span,
        });
        continue;
      }
      const setting = variable.value ? `${variable.name} (${variable.value})` : variable.name;
      findings.push({
        ...(replacements.length > 0
          ? messageOf(this, 'configuresGossipReplaceable', { setting, replacements: [...new Set(replacements)] })
          : messageOf(this, 'configuresGossip', { setting })),
        severity: this.meta.severity,
        file: variable.file,
        span: variable.span,
      });
    }
    return findings;
  },
};
