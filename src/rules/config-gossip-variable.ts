import type { Finding, SourceFile, Span } from '../model.js';
import type { ConfigVariable } from '../facts.js';
import type { Rule, RuleContext } from './types.js';
import { messageOf, type Messages } from './messages.js';
import { furthestReachByFile } from '../analysis/containing.js';
import { removedGossipWords } from './gossip-flag.js';
import { pushTo } from '../lists.js';

/** Names that held gossip settings in real roles and modules (ansible-thanos, puppet-thanos). */
const GOSSIP_NAME = /cluster_peers|cluster_address|_cluster_port$|cluster_disable|cluster_advertise|cluster_secret|gossip/i;
const REPLACEMENT_NAME = /(^|_)stores?$|store_endpoints?|sd_files?$|query_endpoints?$|_queries$/i;

const messages = {
  opensGossipPort: '{{variable}} = {{value}} opens the gossip port: narrow the rule by hand, keeping any gRPC (10901) or HTTP (10902) port it also opens (manual)',
  configuresGossip: '{{setting}} configures gossip: remove it (manual)',
  configuresGossipReplaceable: '{{setting}} configures gossip: remove it; list StoreAPIs in {{replacements}} instead (manual)',
  onlyFedGossip: '{{setting}} only fed gossip flags, which are removed: removed with them',
} as const satisfies Messages;

/**
 * Whether every later use of a script's variable is inside a gossip flag
 * that is removed (`--cluster.peers "$PEERS"`): then the assignment goes
 * too, or the rewritten script keeps a variable nothing reads.
 */
function onlyFedRemovedGossipFlags(context: RuleContext): (variable: ConfigVariable) => boolean {
  const words = removedGossipWords(context);
  const reach = furthestReachByFile(words, (word) => word.file, (word) => word.span);
  // Per shared list of uses, whether each use and all after it are removed (a suffix AND): an `every` over
  // the later uses per assignment was n² in a script that reassigns one name n times.
  const allRemovedFrom = new Map<readonly Span[], boolean[]>();
  return (variable) => {
    const uses = variable.uses;
    if (uses === undefined || uses.from >= uses.spans.length) return false;
    let removed = allRemovedFrom.get(uses.spans);
    if (!removed) {
      removed = new Array<boolean>(uses.spans.length + 1);
      removed[uses.spans.length] = true;
      for (let i = uses.spans.length - 1; i >= 0; i--) removed[i] = reach(variable.file, uses.spans[i]!.start) >= uses.spans[i]!.end && removed[i + 1]!;
      allRemovedFrom.set(uses.spans, removed);
    }
    return removed[uses.from]!;
  };
}

export const configGossipVariableRule: Rule<typeof messages> = {
  id: 'config-gossip-variable',
  meta: {
    severity: 'warning',
    description: 'A configuration-management variable (Ansible, Puppet, Terraform) or a shell script variable that holds a gossip setting.',
    explanation:
      'Roles and modules of the gossip era exposed cluster peers, addresses and ports as variables; templates turned them into ' +
      '--cluster.* flags; scripts kept seeds in variables (`PEERS=10.0.0.1:10900`) that fed --cluster.peers. The templates and ' +
      'flags are migrated; a script variable whose every use was a removed gossip flag is removed with them; the other ' +
      'variables are reported with file:line for a human to remove (and, where the same role offers a store list or SD-file ' +
      'variable, to replace with it).',
    fixable: true,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const removes = context.options.leftovers === 'remove' && !context.options.keepGossip;
    const onlyFedGossip = onlyFedRemovedGossipFlags(context);
    // The store-list and SD-file variables of each file, named once: looked up per gossip variable
    // among every variable of the run, 4,000 security-group rules on 10900 took 3.9 s.
    const replacementsIn = new Map<SourceFile, string[]>();
    for (const other of context.configVariables) if (REPLACEMENT_NAME.test(other.name)) pushTo(replacementsIn, other.file, other.name);
    for (const variable of context.configVariables) {
      const onGossipPort = /(^|\D)10900(\D|$)/.test(variable.value);
      if (!GOSSIP_NAME.test(variable.name) && !onGossipPort) continue;
      const replacements = replacementsIn.get(variable.file) ?? [];
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
      if (removes && variable.removal && onlyFedGossip(variable)) {
        findings.push({
          ...messageOf(this, 'onlyFedGossip', { setting }),
          severity: this.meta.severity,
          file: variable.file,
          span: variable.span,
          fix: [{ kind: 'edits', edits: variable.removal() }],
        });
        continue;
      }
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
