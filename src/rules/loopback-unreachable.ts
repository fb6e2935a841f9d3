import type { Finding, Invocation } from '../model.js';
import type { GossipMember, Seed } from '../analysis/meshes.js';
import { isLoopbackHost, splitHostPort } from '../analysis/host-port.js';
import { locationOf } from '../argv/text-lines.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  loopbackOnly: '{{component}} is reached at {{address}} (loopback) while the gossip seed {{seed}} at {{seedAt}} is another host: a Querier there could never reach it',
} as const satisfies Messages;

const NO_MEMBERS: readonly GossipMember[] = [];
const NO_ADDRESSES: ReadonlySet<string> = new Set();

/**
 * The first seed of a server's mesh that names another host: among the
 * server's own members' seeds first, then the mesh's. A seed is on another
 * host when no member on the server's own machine answers to it. Worked out
 * per mesh and machine, not per endpoint: each Querier lists the mesh's
 * servers again, and each ask read the whole mesh (n² in one large mesh).
 */
function remoteSeedFinder(): (members: readonly GossipMember[], server: Invocation) => Seed | undefined {
  interface MeshIndex {
    ownMembers: Map<Invocation, GossipMember[]>;
    /** The addresses of the members on each machine (hostGroup). */
    local: Map<string, Set<string>>;
    firstRemote: Map<string | undefined, Seed | undefined>;
  }
  const indexes = new Map<readonly GossipMember[], MeshIndex>();
  const indexOf = (members: readonly GossipMember[]): MeshIndex => {
    let index = indexes.get(members);
    if (index) return index;
    const ownMembers = new Map<Invocation, GossipMember[]>();
    const own = (invocation: Invocation | undefined, member: GossipMember) => {
      if (invocation === undefined) return;
      const list = ownMembers.get(invocation);
      if (!list) ownMembers.set(invocation, [member]);
      else if (list[list.length - 1] !== member) list.push(member);
    };
    const local = new Map<string, Set<string>>();
    for (const member of members) {
      own(member.source, member);
      own(member.invocation, member);
      const machine = member.invocation?.carrier.context.hostGroup;
      if (machine === undefined) continue;
      let addresses = local.get(machine);
      if (!addresses) local.set(machine, (addresses = new Set()));
      for (const address of member.addresses) addresses.add(address);
    }
    indexes.set(members, (index = { ownMembers, local, firstRemote: new Map() }));
    return index;
  };
  return (members, server) => {
    const index = indexOf(members);
    const machine = server.carrier.context.hostGroup;
    const local = (machine !== undefined ? index.local.get(machine) : undefined) ?? NO_ADDRESSES;
    const isRemote = (seed: Seed) => !seed.isRunTime && !seed.key.startsWith('loopback@') && !local.has(seed.key);
    const own = (index.ownMembers.get(server) ?? NO_MEMBERS).flatMap((m) => m.seeds).find(isRemote);
    if (own) return own;
    if (!index.firstRemote.has(machine)) index.firstRemote.set(machine, members.flatMap((m) => m.seeds).find(isRemote));
    return index.firstRemote.get(machine);
  };
}

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
    const remoteSeedOf = remoteSeedFinder();
    for (const entry of context.consumers) {
      const members = entry.mesh?.members ?? NO_MEMBERS;
      for (const endpoint of entry.endpoints) {
        const server = endpoint.servedBy;
        if (!server || !isLoopbackHost(splitHostPort(endpoint.address).host)) continue;
        const remote = remoteSeedOf(members, server);
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
