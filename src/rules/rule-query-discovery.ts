import type { Finding } from '../model.js';
import { DISCOVERY_FILE_FLAGS, discoveryFlagsFor } from '../thanos/versions.js';
import { WIRING_MESSAGES, wireConsumer, type WiringRule } from './discovery.js';

export const ruleQueryDiscoveryRule: WiringRule = {
  id: 'rule-query-discovery',
  meta: {
    severity: 'error',
    description: 'A Ruler that found its Queriers through gossip has no file SD to find them once gossip is gone.',
    explanation:
      'Before v0.5.0 Rule learnt the Query HTTP endpoints (peer type query) from gossip. Without gossip it knows only --query and ' +
      '--query.sd-files (v0.2+). migrate writes an SD file with the Query HTTP endpoints inferred from the input and adds ' +
      '--query.sd-files; where an address cannot be determined it refuses and asks for --query-endpoint HOST:PORT.',
    fixable: true,
    messages: WIRING_MESSAGES,
  },
  check(context) {
    const discovery = discoveryFlagsFor(context.options.target);
    const findings: Finding[] = [];
    for (const entry of context.consumers) {
      if (entry.role !== 'query') continue;
      const finding = wireConsumer(context, entry, {
        rule: this,
        role: 'query',
        consumerName: 'thanos rule',
        serverNoun: 'Query endpoint',
        endpointOption: '--query-endpoint',
        wiredBy: DISCOVERY_FILE_FLAGS.query,
        flag: discovery.ruleQueryFileFlag,
        schema: 'file-sd',
        staticFlags: ['query'],
        staticFlag: 'query',
      });
      if (finding) findings.push(finding);
    }
    return findings;
  },
};
