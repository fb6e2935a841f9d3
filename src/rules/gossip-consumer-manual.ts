// A Querier (Ruler) whose gossip flags can only be reported as manual still
// loses what gossip found for it when a human removes them. Say which
// endpoints of its own mesh the input shows, with their provenance, so the
// human who edits that text can give it discovery in the same change.

import { provenanceSources, type Finding } from '../model.js';
import { CONSUMER_ROLES } from '../thanos/components.js';
import { discoveryFlagsFor } from '../thanos/versions.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  losesEndpoints: '{{consumer}} runs from text the tool does not rewrite: without gossip it loses the {{servers}} of its mesh; give it {{flag}} listing {{endpoints}}{{mayBeMore}}',
  losesUnknown: "{{consumer}} runs from text the tool does not rewrite: without gossip it loses the {{servers}} of its mesh; the input shows none of its mesh's {{servers}}{{mayBeMore}}: ask whoever runs them",
} as const satisfies Messages;

export const gossipConsumerManualRule: Rule<typeof messages> = {
  id: 'gossip-consumer-manual',
  meta: {
    severity: 'warning',
    description: 'A Querier or Ruler started from text the tool does not rewrite: it loses the endpoints gossip found once its gossip flags are removed by hand.',
    explanation:
      'Gossip told a Querier its StoreAPIs (a Ruler its Queriers). Where the command line sits in text the tool cannot rewrite ' +
      '(a string in Ruby or other code), its gossip flags are reported for a human, and so is what it loses: the endpoints of its ' +
      'own mesh that the input shows (from concrete --grpc-address and --http-address values of the other members), with where ' +
      'each was found. Add them with the discovery flag named in the message when you remove the gossip flags.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const discovery = discoveryFlagsFor(context.options.target);
    for (const entry of context.manualConsumers) {
      const role = CONSUMER_ROLES[entry.role];
      const flag = entry.role === 'store' ? `--${discovery.queryStoreFileFlag} (or --${discovery.queryStaticFlag})` : `--${discovery.ruleQueryFileFlag} (or --query)`;
      const found = entry.endpoints.map((endpoint) => `${endpoint.address} (${endpoint.confidence}: ${endpoint.reason}, ${provenanceSources(endpoint)})`);
      const open = entry.openings.length > 0 || entry.unresolved.length > 0 ? `; its mesh reaches outside the input, so there may be more` : '';
      const said = { consumer: `${role.consumer} ${entry.name.name}`, servers: `${role.server}s`, mayBeMore: open };
      const start = entry.consumer.carrier.words[0]!.span.start;
      findings.push({
        ...(found.length > 0 ? messageOf(this, 'losesEndpoints', { ...said, flag, endpoints: found }) : messageOf(this, 'losesUnknown', said)),
        severity: this.meta.severity,
        file: entry.consumer.carrier.file,
        span: { start, end: entry.consumer.carrier.words[1]?.span.end ?? entry.consumer.carrier.words[0]!.span.end },
      });
    }
    return findings;
  },
};
