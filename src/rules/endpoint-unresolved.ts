import type { Finding, UnresolvedEndpoint } from '../model.js';
import { reliedOnGossip } from './discovery.js';
import type { Rule } from './types.js';

export const endpointUnresolvedRule: Rule = {
  id: 'endpoint-unresolved',
  meta: {
    severity: 'error',
    description: 'A StoreAPI (or Query) server whose reachable address the input does not determine.',
    explanation:
      'Gossip advertised an address it guessed at run time when a component listened on 0.0.0.0. The tool does not guess: it uses ' +
      '--grpc-advertise-address (certain), the host of --cluster.advertise-address (likely), a concrete --grpc-address host, or ' +
      'loopback when one script starts everything on one machine. Otherwise pass the address with --store-endpoint HOST:PORT ' +
      '(or --query-endpoint for Rule).',
    fixable: false,
  },
  check(context) {
    const findings: Finding[] = [];
    const report = (list: UnresolvedEndpoint[], consumer: 'query' | 'rule', option: string, supplied: boolean) => {
      if (!context.invocations.some((inv) => inv.component === consumer && reliedOnGossip(inv))) return;
      for (const unresolved of list) {
        findings.push({
          ruleId: this.id,
          severity: supplied ? 'info' : this.meta.severity,
          file: unresolved.file,
          span: unresolved.span,
          message: supplied
            ? `${unresolved.label}: no address in the input (missing ${unresolved.missing}); covered by ${option} as given`
            : `${unresolved.label}: cannot tell where thanos ${consumer} reaches it: missing ${unresolved.missing}. Pass ${option} HOST:PORT`,
          isBlocking: !supplied,
          ...(supplied ? {} : { asks: unresolved.asks ?? { flag: option, about: `where thanos ${consumer} reaches ${unresolved.label}` } }),
        });
      }
    };
    report(context.stores.unresolved, 'query', '--store-endpoint', context.options.storeEndpoints.length > 0);
    report(context.queries.unresolved, 'rule', '--query-endpoint', context.options.queryEndpoints.length > 0);
    return findings;
  },
};
