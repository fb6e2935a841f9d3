import type { Finding, UnresolvedEndpoint } from '../model.js';
import type { ConsumerEndpoints } from '../analysis/consumers.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';
import { CONSUMER_ROLES } from '../thanos/components.js';

const CONSUMER = { store: CONSUMER_ROLES.store.consumer, query: CONSUMER_ROLES.query.consumer } as const;
const OPTION = { store: CONSUMER_ROLES.store.option, query: CONSUMER_ROLES.query.option } as const;

const messages = {
  covered: '{{server}}: no address in the input (missing {{missing}}); {{consumers}} covered by {{option}} as given, or by its static flags',
  unresolved: '{{server}}: cannot tell where {{consumers}} reaches it: missing {{missing}}. Pass {{option}} {{target}}=HOST:PORT',
} as const satisfies Messages;

export const endpointUnresolvedRule: Rule<typeof messages> = {
  id: 'endpoint-unresolved',
  meta: {
    severity: 'error',
    description: 'A StoreAPI (or Query) server whose reachable address the input does not determine.',
    explanation:
      'Gossip advertised an address it guessed at run time when a component listened on 0.0.0.0. The tool does not guess: it uses ' +
      '--grpc-advertise-address (certain), the host of --cluster.advertise-address (likely), a concrete --grpc-address host, or ' +
      'loopback when one script starts everything on one machine. Otherwise pass the address with --store-endpoint NAME=HOST:PORT ' +
      '(or --query-endpoint for Rule), NAME being the consumer the report names.',
    fixable: false,
    messages,
  },
  check(context) {
    // One finding per server, naming every consumer of its mesh that waits on it.
    const byServer = new Map<string, { unresolved: UnresolvedEndpoint; consumers: ConsumerEndpoints[] }>();
    for (const entry of context.consumers) {
      for (const unresolved of entry.unresolved) {
        const key = `${entry.role}\0${unresolved.file.path}\0${unresolved.span.start}\0${unresolved.missing}`;
        const seen = byServer.get(key);
        if (seen) seen.consumers.push(entry);
        else byServer.set(key, { unresolved, consumers: [entry] });
      }
    }
    const findings: Finding[] = [];
    for (const { unresolved, consumers } of byServer.values()) {
      const role = consumers[0]!.role;
      const waiting = consumers.filter((entry) => !entry.isAnswered && !entry.consumer.flags.some((flag) => STATIC[role].includes(flag.name)));
      const names = consumers.map((entry) => `${CONSUMER[role]} ${entry.name.name}`);
      if (waiting.length === 0) {
        findings.push({
          ...messageOf(this, 'covered', { server: unresolved.label, missing: unresolved.missing, consumers: names, option: OPTION[role] }),
          severity: 'info',
          file: unresolved.file,
          span: unresolved.span,
        });
        continue;
      }
      const first = waiting[0]!.name.name;
      findings.push({
        ...messageOf(this, 'unresolved', {
          server: unresolved.label,
          consumers: waiting.map((entry) => `${CONSUMER[role]} ${entry.name.name}`),
          missing: unresolved.missing,
          option: OPTION[role],
          target: first,
        }),
        severity: this.meta.severity,
        file: unresolved.file,
        span: unresolved.span,
        isBlocking: true,
        asks: unresolved.asks ?? { flag: OPTION[role], about: `where ${CONSUMER[role]} ${first} reaches ${unresolved.label}`, target: first },
      });
    }
    return findings;
  },
};

const STATIC: Record<'store' | 'query', string[]> = { store: ['store', 'endpoint'], query: ['query'] };
