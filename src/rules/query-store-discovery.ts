import type { Finding } from '../model.js';
import { DISCOVERY_FILE_FLAGS, discoveryFlagsFor } from '../thanos/versions.js';
import { WIRING_MESSAGES, wireConsumer, type WiringRule } from './discovery.js';

export const queryStoreDiscoveryRule: WiringRule = {
  id: 'query-store-discovery',
  meta: {
    severity: 'error',
    description: 'A Querier that found its StoreAPIs through gossip has no file SD to find them once gossip is gone.',
    explanation:
      'Before v0.5.0 Query learnt every sidecar, store and rule from gossip metadata. Without gossip it knows only what --store, ' +
      '--store.sd-files (v0.2+) or --endpoint.sd-config-file (v0.38+) tell it. migrate writes an SD file with the StoreAPI endpoints ' +
      'inferred from the input (each with its source and confidence) and adds the flag that reads it. Where an address cannot be ' +
      'determined it refuses and asks for --store-endpoint HOST:PORT.',
    fixable: true,
    messages: WIRING_MESSAGES,
  },
  check(context) {
    const discovery = discoveryFlagsFor(context.options.target);
    const findings: Finding[] = [];
    for (const entry of context.consumers) {
      if (entry.role !== 'store') continue;
      const finding = wireConsumer(context, entry, {
        rule: this,
        role: 'store',
        consumerName: 'thanos query',
        serverNoun: 'StoreAPI',
        endpointOption: '--store-endpoint',
        wiredBy: DISCOVERY_FILE_FLAGS.store,
        flag: discovery.queryStoreFileFlag,
        schema: discovery.queryStoreFileFormat,
        staticFlags: ['store', 'endpoint'],
        staticFlag: discovery.queryStaticFlag,
      });
      if (finding) findings.push(finding);
    }
    return findings;
  },
};
