// The rule registry: adding a rule is one module and one line here.

import { endpointUnresolvedRule } from './endpoint-unresolved.js';
import { gossipFlagRule } from './gossip-flag.js';
import { loopbackUnreachableRule } from './loopback-unreachable.js';
import { queryStoreDiscoveryRule } from './query-store-discovery.js';
import { ruleQueryDiscoveryRule } from './rule-query-discovery.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [gossipFlagRule, queryStoreDiscoveryRule, ruleQueryDiscoveryRule, endpointUnresolvedRule, loopbackUnreachableRule];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

export type { Rule, RuleContext, MigrationOptions } from './types.js';
