import type { Finding, UnresolvedEndpoint } from '../model.js';
import type { ConsumerEndpoints } from '../analysis/consumers.js';
import type { Rule } from './types.js';
import { CONSUMER_ROLES } from '../thanos/components.js';

const CONSUMER = { store: CONSUMER_ROLES.store.consumer, query: CONSUMER_ROLES.query.consumer } as const;
const OPTION = { store: CONSUMER_ROLES.store.option, query: CONSUMER_ROLES.query.option } as const;

export const endpointUnresolvedRule: Rule = {
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
      const names = consumers.map((entry) => `${CONSUMER[role]} ${entry.name.name}`).join(', ');
      if (waiting.length === 0) {
        findings.push({
          ruleId: this.id,
          severity: 'info',
          file: unresolved.file,
          span: unresolved.span,
          message: `${unresolved.label}: no address in the input (missing ${unresolved.missing}); ${names} covered by ${OPTION[role]} as given, or by its static flags`,
        });
        continue;
      }
      const first = waiting[0]!.name.name;
      findings.push({
        ruleId: this.id,
        severity: this.meta.severity,
        file: unresolved.file,
        span: unresolved.span,
        message: `${unresolved.label}: cannot tell where ${waiting.map((entry) => `${CONSUMER[role]} ${entry.name.name}`).join(', ')} reaches it: missing ${unresolved.missing}. Pass ${OPTION[role]} ${first}=HOST:PORT`,
        isBlocking: true,
        asks: unresolved.asks ?? { flag: OPTION[role], about: `where ${CONSUMER[role]} ${first} reaches ${unresolved.label}`, target: first },
      });
    }
    return findings;
  },
};

const STATIC: Record<'store' | 'query', string[]> = { store: ['store', 'endpoint'], query: ['query'] };
