import type { Finding } from '../model.js';
import { isLoopbackHost, isWildcardHost, splitHostPort } from '../analysis/endpoints.js';
import { where } from './discovery.js';
import type { Rule } from './types.js';

export const loopbackUnreachableRule: Rule = {
  id: 'loopback-unreachable',
  meta: {
    severity: 'warning',
    description: 'A StoreAPI endpoint on loopback while gossip peers live on other hosts: no remote Querier could ever reach it.',
    explanation:
      'The component listens or advertises on 127.0.0.1/localhost, yet its --cluster.peers name other machines, so Queriers there ' +
      'never reached it. The SD file lists the loopback address because that is all the input says; check where Query really runs ' +
      'and pass --store-endpoint with a routable address if it is elsewhere.',
    fixable: false,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const endpoint of [...context.stores.endpoints, ...context.queries.endpoints]) {
      const server = endpoint.servedBy;
      if (!server || !isLoopbackHost(splitHostPort(endpoint.address).host)) continue;
      const remotePeers = context.invocations
        .flatMap((inv) => inv.flags.filter((flag) => flag.name === 'cluster.peers'))
        .filter((flag) => {
          const host = splitHostPort(flag.value ?? '').host;
          return !/\$|\{\{|<%/.test(host) && !isWildcardHost(host) && !isLoopbackHost(host);
        });
      if (remotePeers.length === 0) continue;
      const anchor = server.componentWord ?? server.lastWord;
      findings.push({
        ruleId: this.id,
        severity: this.meta.severity,
        file: anchor.file,
        span: anchor.span,
        message: `${server.component} is reached at ${endpoint.address} (loopback) while --cluster.peers=${remotePeers[0]!.value} at ${where(remotePeers[0]!.nameWord)} names another host: a Querier there could never reach it`,
      });
    }
    return findings;
  },
};
