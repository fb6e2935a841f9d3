import type { Finding } from '../model.js';
import { isLoopbackHost, splitHostPort } from '../analysis/host-port.js';
import { locationOf } from '../argv/text-lines.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  loopbackOnly: '{{component}} is reached at {{address}} (loopback) while the gossip seed {{seed}} at {{seedAt}} is another host: a Querier there could never reach it',
} as const satisfies Messages;

export const loopbackUnreachableRule: Rule<typeof messages> = {
  id: 'loopback-unreachable',
  meta: {
    severity: 'warning',
    description: 'A StoreAPI endpoint on loopback while gossip peers live on other hosts: no remote Querier could ever reach it.',
    explanation:
      'The component listens or advertises on 127.0.0.1/localhost, yet the --cluster.peers of its mesh name other machines, so ' +
      'Queriers there never reached it. The SD file lists the loopback address because that is all the input says; check where ' +
      'Query really runs and pass --store-endpoint NAME=HOST:PORT with a routable address if it is elsewhere.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const entry of context.consumers) {
      const members = entry.mesh?.members ?? [];
      for (const endpoint of entry.endpoints) {
        const server = endpoint.servedBy;
        if (!server || !isLoopbackHost(splitHostPort(endpoint.address).host)) continue;
        // A seed is on another host when no member on the server's own machine answers to it.
        const machine = server.carrier.context.hostGroup;
        const local = new Set(members.filter((m) => machine !== undefined && m.invocation?.carrier.context.hostGroup === machine).flatMap((m) => m.addresses));
        const ownFirst = [...members.filter((m) => m.source === server || m.invocation === server), ...members];
        const remote = ownFirst.flatMap((m) => m.seeds).find((seed) => !seed.isRunTime && !seed.key.startsWith('loopback@') && !local.has(seed.key));
        if (!remote) continue;
        const key = `${endpoint.address}\0${server.carrier.file.path}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const anchor = server.componentWord ?? server.lastWord;
        findings.push({
          ...messageOf(this, 'loopbackOnly', { component: server.component ?? 'thanos', address: endpoint.address, seed: remote.text, seedAt: locationOf(remote.file, remote.span.start) }),
          severity: this.meta.severity,
          file: anchor.file,
          span: anchor.span,
        });
      }
    }
    return findings;
  },
};
