import type { CappedList, Finding } from '../model.js';
import { pushTo } from '../lists.js';
import { looksLikeGossipVariable } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  gossipVariables: '{{variables}}: gossip settings from EnvironmentFile={{files}}, which is not in the input; add it (or its template) and run again, or remove them by hand',
  variables: '{{variables}} from EnvironmentFile={{files}}, which is not in the input: the tool cannot tell whether they hold gossip flags',
  ambiguous: '{{variables}} from EnvironmentFile={{files}}, which any of {{candidates}} could be, none nearer the unit than the others: the tool cannot tell which this unit reads; put the unit beside its env file, or check one machine at a time',
  ambiguousAndMissing: '{{variables}} from EnvironmentFile={{files}}, which any of {{candidates}} could be, none nearer the unit than the others, and from EnvironmentFile={{missing}}, which is not in the input: the tool cannot tell which file this unit reads, nor what the missing one holds; put the unit beside its env file (or check one machine at a time) and add the missing one',
} as const satisfies Messages;

/** Candidates named in a finding; the rest are counted. */
const CANDIDATES_NAMED = 3;

/**
 * A few candidates named, the rest counted: units in one folder (units/)
 * with a copy of their env file in every host folder (env/h1 … env/hN) each
 * named all n copies, n² paths (2,000 units: a 255 MB report). Counted by
 * length, not flattened: the lists are one shared pool per folder.
 */
function namedAndCounted(lists: readonly { candidates: readonly string[] }[]): CappedList {
  const named: string[] = [];
  let count = 0;
  for (const { candidates } of lists) {
    for (let i = 0; i < candidates.length && named.length < CANDIDATES_NAMED; i++) named.push(candidates[i]!);
    count += candidates.length;
  }
  return { named, count };
}

export const unitEnvMissingRule: Rule<typeof messages> = {
  id: 'unit-env-missing',
  meta: {
    severity: 'error',
    description: 'A Thanos unit expands `$VARS` from an EnvironmentFile that is not in the input (or that several input files could be), so its gossip flags cannot be seen.',
    explanation:
      'Packaged units keep flags in /etc/default or /etc/sysconfig files (ExecStart=/usr/bin/thanos query $THANOS_QUERY_CLUSTER_PEERS). ' +
      'When that file is not in the input the tool cannot remove what it holds: an error when a variable has a gossip name, a ' +
      'warning otherwise (any variable may hold --cluster.* flags). Add the env file (or its template) to the input and run again.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const thanos = new Set(context.invocations.map((invocation) => invocation.carrier));
    const byCarrier = new Map<(typeof context.unitSlots)[number]['carrier'], (typeof context.unitSlots)[number][]>();
    for (const slot of context.unitSlots) {
      if (slot.missingFiles.length === 0 || !thanos.has(slot.carrier)) continue;
      pushTo(byCarrier, slot.carrier, slot);
    }
    for (const slots of byCarrier.values()) {
      const gossip = slots.filter((slot) => looksLikeGossipVariable(slot.name));
      const variables = (gossip.length > 0 ? gossip : slots).map((slot) => `$${slot.name}`).join(' ');
      const files = slots[0]!.missingFiles;
      const ambiguous = slots[0]!.ambiguousFiles;
      // A unit can name an env file the input holds several of and another it does not hold: both are said.
      const ambiguousPaths = ambiguous.map((entry) => entry.path);
      const missing = files.filter((path) => !ambiguousPaths.includes(path));
      const candidates = namedAndCounted(ambiguous);
      findings.push({
        ...(ambiguous.length === 0
          ? messageOf(this, gossip.length > 0 ? 'gossipVariables' : 'variables', { variables, files })
          : missing.length > 0
            ? messageOf(this, 'ambiguousAndMissing', { variables, files: ambiguousPaths, candidates, missing })
            : messageOf(this, 'ambiguous', { variables, files: ambiguousPaths, candidates })),
        severity: gossip.length > 0 ? 'error' : 'warning',
        file: slots[0]!.unit,
        span: (gossip[0] ?? slots[0]!).reference.span,
      });
    }
    return findings;
  },
};
