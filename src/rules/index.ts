// The rule registry: adding a rule is one module and one line here.

import { endpointUnresolvedRule } from './endpoint-unresolved.js';
import { endpointAnswerUnusedRule } from './endpoint-answer-unused.js';
import { gossipMeshOpenRule } from './gossip-mesh-open.js';
import { gossipDisabledRule } from './gossip-disabled.js';
import { gossipFlagRule } from './gossip-flag.js';
import { gossipPeerLabelRule } from './gossip-peer-label.js';
import { gossipPeersServiceRule } from './gossip-peers-service.js';
import { gossipPortRule } from './gossip-port.js';
import { helmGossipValuesRule } from './helm-gossip-values.js';
import { helmGossipTemplateRule } from './helm-gossip-template.js';
import { sdFileInvalidRule } from './sd-file-invalid.js';
import { flagUnsupportedRule } from './flag-unsupported.js';
import { gossipFlagManualRule } from './gossip-flag-manual.js';
import { gossipConsumerManualRule } from './gossip-consumer-manual.js';
import { configGossipVariableRule } from './config-gossip-variable.js';
import { gossipNetworkPolicyRule } from './gossip-network-policy.js';
import { gossipFirewallPortRule } from './gossip-firewall-port.js';
import { operatorThanosPeersRule } from './operator-thanos-peers.js';
import { loopbackUnreachableRule } from './loopback-unreachable.js';
import { listenAddressConflictRule } from './listen-address-conflict.js';
import { queryStoreDiscoveryRule } from './query-store-discovery.js';
import { ruleQueryDiscoveryRule } from './rule-query-discovery.js';
import { thanosLikelyRule } from './thanos-likely.js';
import { gossipFlagDocsRule } from './gossip-flag-docs.js';
import { unitEnvMissingRule } from './unit-env-missing.js';
import { unitGossipSlotRule } from './unit-gossip-slot.js';
import { unitComponentMismatchRule } from './unit-component-mismatch.js';
import { gossipPublishedPortRule } from './gossip-published-port.js';
import { gossipPortOpenedRule } from './gossip-port-opened.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [
  gossipFlagRule,
  queryStoreDiscoveryRule,
  ruleQueryDiscoveryRule,
  endpointUnresolvedRule,
  endpointAnswerUnusedRule,
  gossipMeshOpenRule,
  gossipDisabledRule,
  loopbackUnreachableRule,
  operatorThanosPeersRule,
  gossipPortRule,
  gossipPeersServiceRule,
  gossipPeerLabelRule,
  helmGossipValuesRule,
  helmGossipTemplateRule,
  sdFileInvalidRule,
  flagUnsupportedRule,
  configGossipVariableRule,
  gossipNetworkPolicyRule,
  gossipFirewallPortRule,
  thanosLikelyRule,
  gossipFlagDocsRule,
  unitEnvMissingRule,
  unitGossipSlotRule,
  unitComponentMismatchRule,
  gossipPublishedPortRule,
  listenAddressConflictRule,
];

/** Rules that run after the others, seeing what they found (leftovers no other rule reported; the catch-all accounting). */
export const LATE_RULES: readonly Rule[] = [gossipPortOpenedRule, gossipFlagManualRule, gossipConsumerManualRule];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}

export const ALL_RULES: readonly Rule[] = [...RULES, ...LATE_RULES];

export type { Rule, RuleContext } from './types.js';
