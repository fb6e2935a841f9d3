import type { CappedList, Finding } from '../model.js';
import type { Rule } from './types.js';
import type { ConsumerEndpoints } from '../analysis/consumers.js';
import type { Mesh } from '../analysis/meshes.js';
import { messageOf, type Messages } from './messages.js';
import { pushTo } from '../lists.js';
import { CONSUMER_ROLES } from '../thanos/components.js';

const messages = {
  open: 'gossip seed {{seed}} leads outside the input ({{reason}}): mesh {{mesh}} is open; {{consumers}} may miss what is there',
  openNoQuerier: 'gossip seed {{seed}} leads outside the input ({{reason}}): mesh {{mesh}} is open; no Querier of this mesh is in the input: the one elsewhere must be told this mesh\'s StoreAPIs',
  openAnswered: 'gossip seed {{seed}} leads outside the input ({{reason}}): mesh {{mesh}} is open; answered for {{consumers}} on the command line',
} as const satisfies Messages;

/** How many of a mesh's Queriers and Rulers an open seed's finding names before it counts the rest. */
const CONSUMERS_NAMED = 3;

export const gossipMeshOpenRule: Rule<typeof messages> = {
  id: 'gossip-mesh-open',
  meta: {
    severity: 'warning',
    description: 'A gossip seed that leads outside the input: the mesh may have members (StoreAPIs, Queriers) the files do not show.',
    explanation:
      'Members joined a gossip mesh through the seeds of --cluster.peers (spec.thanos.peers). A seed that is only known at run ' +
      'time, a Service that selects no pod in the input, or an address no member listens on or advertises means part of the mesh ' +
      'is described elsewhere. Its Queriers lose those StoreAPIs once gossip is gone, and the tool cannot list them: migrate asks ' +
      'for them (--store-endpoint NAME=HOST:PORT), or for --mesh-complete NAME when the input does hold the whole mesh. Include ' +
      'the files that start the rest of the mesh to have them inferred.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    // Grouped once: a filter of every consumer per open seed was n² on an input of many open meshes.
    const consumersOf = new Map<Mesh | undefined, ConsumerEndpoints[]>();
    for (const entry of context.consumers) pushTo(consumersOf, entry.mesh, entry);
    // A few named, the rest counted: each open seed of a mesh of 500 Queriers named all of them,
    // 40 MB of a 47 MB report (the mesh report lists them all once).
    const labels = (entries: ConsumerEndpoints[]): CappedList => ({
      named: entries.slice(0, CONSUMERS_NAMED).map((entry) => `${CONSUMER_ROLES[entry.role].consumer} ${entry.name.name}`),
      count: entries.length,
    });
    for (const mesh of context.meshes) {
      const consumers = consumersOf.get(mesh) ?? [];
      // Once per mesh, not per open seed: a mesh of n members each seeding outside has n open seeds.
      const waiting = consumers.filter((entry) => !entry.isAnswered);
      const named = { waiting: labels(waiting), all: labels(consumers) };
      for (const opening of mesh.openings) {
        const key = `${opening.seed.file.path}\0${opening.seed.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const seed = { seed: opening.seed.text, reason: opening.reason, mesh: mesh.id };
        const message = consumers.length === 0
          ? messageOf(this, 'openNoQuerier', seed)
          : waiting.length > 0
            ? messageOf(this, 'open', { ...seed, consumers: named.waiting })
            : messageOf(this, 'openAnswered', { ...seed, consumers: named.all });
        findings.push({
          ...message,
          // Answered on the command line for every consumer: said, not a problem any more.
          severity: consumers.length > 0 && waiting.length === 0 ? 'info' : this.meta.severity,
          file: opening.seed.file,
          span: opening.seed.span,
          subject: opening.seed.text,
        });
      }
    }
    return findings;
  },
};
