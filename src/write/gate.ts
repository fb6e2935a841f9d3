// What makes a plan unsafe to write although no question blocks it: a
// Querier or Ruler would lose gossip while the list that replaces it may be
// incomplete. Gossip still finds every peer; a wrong SD list silently drops
// some. So writing waits (unless --force) when
// - a discovery flag it already has names an SD file that is missing or
//   invalid (stripping gossip leaves it with nothing), or
// - an input could not be read while its SD list is being written (the
//   unreadable file may start servers of its mesh).

import type { Finding, Invocation } from '../model.js';
import type { MigrationPlan } from '../plan.js';
import { locationOf } from '../argv/text-lines.js';
import { locateSdFile } from '../analysis/sd-lookup.js';
import { COMPONENTS } from '../thanos/components.js';
import { isWiring } from './order.js';

const SD_FLAGS = new Set(['store.sd-files', 'query.sd-files', 'endpoint.sd-config-file']);

export interface UnsafeWrite {
  /** path:line:column of the consumer or its flag. */
  location: string;
  message: string;
}

export type GateInput = Pick<MigrationPlan, 'invocations' | 'findings' | 'changes' | 'problems'>;

export function unsafeWrites(plan: GateInput): UnsafeWrite[] {
  const unsafe: UnsafeWrite[] = [];
  const changed = new Set(plan.changes.map((change) => change.path));
  const invalid = plan.findings.filter((finding) => finding.ruleId === 'sd-file-invalid' && finding.severity === 'error');
  for (const consumer of plan.invocations.filter((invocation) => isConsumer(invocation) && changed.has(invocation.carrier.file.path) && losesGossip(invocation, plan.findings))) {
    for (const flag of consumer.flags) {
      if (!SD_FLAGS.has(flag.name) || flag.value === null) continue;
      const word = flag.valueWord ?? flag.nameWord;
      // Only the path is wanted here: a reader that finds everything makes the lookup say where it would read.
      const lookup = locateSdFile(consumer, flag.value, () => '');
      const sdPath = lookup.status === 'unknown' ? null : lookup.path;
      const problem = invalid.find((finding) => (finding.file === word.file && finding.span.start === word.span.start) || finding.file.path === sdPath);
      if (!problem) continue;
      unsafe.push({
        location: locationOf(word.file, word.span.start),
        message: `thanos ${consumer.component} would lose gossip while --${flag.name} names ${sdPath ?? flag.value}, which is missing or invalid (${problem.message}): it would find no ${consumer.component === 'query' ? 'StoreAPIs' : 'Queriers'} there`,
      });
    }
  }
  const unreadable = plan.problems.filter((problem) => !problem.isSkip && !problem.message.startsWith('internal error'));
  if (unreadable.length > 0) {
    const names = unreadable.map((problem) => problem.path).join(', ');
    for (const finding of plan.findings.filter(isWiring)) {
      unsafe.push({ location: locationOf(finding.file, finding.span.start), message: `the SD list written for this ${finding.ruleId === 'query-store-discovery' ? 'Querier' : 'Ruler'} may be incomplete: ${names} could not be read` });
    }
  }
  return unsafe;
}

function isConsumer(invocation: Invocation): boolean {
  const known = invocation.component === null ? undefined : COMPONENTS[invocation.component];
  return Boolean(known && (known.needsStores || known.needsQueries));
}

function losesGossip(invocation: Invocation, findings: Finding[]): boolean {
  return findings.some((finding) => finding.ruleId === 'gossip-flag' && finding.fix?.some((fix) => fix.kind === 'remove-words' && fix.carrier === invocation.carrier));
}
