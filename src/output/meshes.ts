// The gossip meshes and each consumer's endpoints, as the report, the wizard
// and `check` show them: who gossiped with whom, which seed leads outside the
// input, and what each Querier (Ruler) will be told, with the source and
// confidence of every address.

import { locationOf } from '../argv/text-lines.js';
import { provenanceSources, type Endpoint } from '../model.js';
import type { MigrationPlan } from '../plan.js';
import type { Palette } from './colors.js';
import { escapeForDisplay as shown } from './escape.js';
import { CONSUMER_ROLES } from '../thanos/components.js';

export function formatEndpoint(endpoint: Endpoint, palette: Pick<Palette, 'green' | 'yellow'>, indent = '  '): string {
  const sources = provenanceSources(endpoint);
  const confidence = endpoint.confidence === 'certain' || endpoint.confidence === 'user' ? palette.green(endpoint.confidence) : palette.yellow(endpoint.confidence);
  return `${indent}${shown(endpoint.address)}  ${confidence}: ${shown(`${endpoint.reason} (${sources})`)}`;
}

const CONSUMER = { store: CONSUMER_ROLES.store.consumer, query: CONSUMER_ROLES.query.consumer } as const;
const TITLE = { store: 'StoreAPI endpoints for', query: 'Query endpoints for' } as const;

/** One line per mesh and its members, then its openings; nothing when no process gossiped. */
export function renderMeshes(plan: Pick<MigrationPlan, 'meshes' | 'nameOf'>, palette: Palette, indent = '  '): string[] {
  if (plan.meshes.length === 0) return [];
  const out = [palette.bold(`gossip meshes: ${plan.meshes.length}`)];
  for (const mesh of plan.meshes) {
    const state = mesh.openings.length > 0 ? palette.yellow('open') : 'closed';
    out.push(`${indent}mesh ${mesh.id} (${state}): ${shown(mesh.seeds.length > 0 ? `seeds ${mesh.seeds.join(', ')}` : 'no seeds')}`);
    const counts = new Map<string, number>();
    for (const member of mesh.members) {
      const target = member.source ?? member.operator!.object;
      const label = `thanos ${member.component} ${plan.nameOf(target)?.name ?? locationOf(member.file, member.span.start)}`;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    out.push(`${indent}  ${shown([...counts].map(([label, n]) => (n > 1 ? `${label} (×${n})` : label)).join(', '))}`);
    for (const opening of mesh.openings) {
      out.push(`${indent}  ${palette.yellow('open')}: ${shown(`seed ${opening.seed.text} at ${locationOf(opening.seed.file, opening.seed.span.start)}: ${opening.reason}`)}`);
    }
  }
  return out;
}

/** Per consumer: the endpoints its discovery will list, what is unresolved, and what its open mesh may hide. */
export function renderConsumerEndpoints(plan: Pick<MigrationPlan, 'consumers'>, palette: Palette, indent = '  '): string[] {
  const out: string[] = [];
  for (const entry of plan.consumers) {
    if (entry.wiredBy || (entry.endpoints.length === 0 && entry.unresolved.length === 0 && entry.openings.length === 0)) continue;
    const where = entry.mesh ? `mesh ${entry.mesh.id}${entry.openings.length > 0 ? ', open' : ''}` : `meshes ${entry.meshes.map((mesh) => mesh.id).join(', ')}`;
    const hint = entry.name.hint ? `, ${entry.name.hint}` : '';
    out.push(palette.bold(shown(`${TITLE[entry.role]} ${CONSUMER[entry.role]} ${entry.name.name} (${where}${hint}):`)));
    for (const endpoint of entry.endpoints) out.push(formatEndpoint(endpoint, palette, indent));
    for (const unresolved of entry.unresolved) {
      out.push(`${indent}${palette.red('unresolved')}  ${shown(`${unresolved.label} at ${locationOf(unresolved.file, unresolved.span.start)}: missing ${unresolved.missing}`)}`);
    }
    if (entry.openings.length > 0 && !entry.isAnswered) {
      out.push(`${indent}${palette.yellow('maybe missing')}  ${shown(`whatever gossips behind ${[...new Set(entry.openings.map((o) => o.seed.text))].join(', ')} (answer with --${entry.role}-endpoint ${entry.name.name}=HOST:PORT, or --mesh-complete ${entry.name.name})`)}`);
    }
  }
  return out;
}

/** Consumers whose discovery flag already names a file: what they read (the state after a migration). */
export function renderDiscoveryReadBack(plan: Pick<MigrationPlan, 'discovery'>, palette: Palette, indent = '  '): string[] {
  if (plan.discovery.length === 0) return [];
  const out = [palette.bold('discovery already in place:')];
  for (const entry of plan.discovery) {
    const flag = `--${entry.flag.name}=${entry.flag.value}`;
    const lookup = entry.lookup;
    const source =
      lookup.status === 'found'
        ? `${lookup.path}${lookup.note ? `, ${lookup.note}` : ''}${entry.isOwn ? ', written by this tool' : ''}`
        : lookup.status === 'missing'
          ? `${lookup.path} is missing`
          : `not read: ${lookup.why}`;
    const targets = lookup.status === 'found' ? `: ${entry.targets.length > 0 ? entry.targets.join(', ') : 'no endpoints'}` : '';
    out.push(`${indent}${shown(`${CONSUMER[entry.role]} ${entry.name.name} reads ${flag} (${source})${targets}`)}`);
  }
  return out;
}
