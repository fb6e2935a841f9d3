import type { Finding } from '../model.js';
import { flagStatus } from '../thanos/flags.js';
import { looksLikeGossipFlag } from '../thanos/vocabulary.js';
import { formatVersion } from '../thanos/versions.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  renamed: '--{{flag}}: a flag of Thanos before v0.1, renamed --{{renamedTo}} in {{renamedIn}}; {{target}} refuses to start with it: renamed',
  renamedByHand: '--{{flag}}: a flag of Thanos before v0.1, renamed --{{renamedTo}} in {{renamedIn}}; {{target}} refuses to start with it',
  removed: '--{{flag}}: thanos {{component}} dropped it in {{removedIn}}; {{target}} refuses to start with it',
  notYet: '--{{flag}}: thanos {{component}} has it only since {{since}}, not in {{target}}',
  unknown: '--{{flag}}: no Thanos release knows this flag for {{component}} (typo?)',
} as const satisfies Messages;

export const flagUnsupportedRule: Rule<typeof messages> = {
  id: 'flag-unsupported',
  meta: {
    severity: 'error',
    description: 'A flag the target Thanos version does not accept: removed, not yet added, or unknown to every release.',
    explanation:
      'Thanos (kingpin) refuses to start on a flag it does not know. The flag table (src/thanos/flag-table.json, every release ' +
      'tag from v0.1.0, see docs/thanos-flags.md) says when each flag of each component came and went. Gossip flags have their ' +
      'own rule. Flags renamed before v0.1 (--api-address, --metrics-address, store --tsdb.path) are renamed by migrate, value ' +
      'kept; rename or drop any other for --thanos-version. An unknown flag is often a typo.',
    fixable: true,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const target = context.options.target;
    for (const invocation of context.invocations) {
      // Another binary built on Thanos has flags of its own.
      if (!invocation.component || invocation.foreignBinary !== undefined) continue;
      for (const flag of invocation.flags) {
        if (looksLikeGossipFlag(flag.name) || /[${}<%]/.test(flag.name) || flag.name === 'help' || flag.name === 'version') continue;
        const status = flagStatus(invocation.component, flag.name, target);
        if (status.status === 'known') continue;
        // A flag renamed before v0.1 keeps its value under the new name: rename it where the word spells it literally.
        const word = flag.nameWord;
        const source = word.file.text.slice(word.span.start, word.span.end);
        const at = status.status === 'renamed' ? source.indexOf(`--${flag.name}`) : -1;
        const fix = at === -1 || status.status !== 'renamed' ? undefined : [{
          kind: 'edits' as const,
          edits: [{ file: word.file, span: { start: word.span.start + at + 2, end: word.span.start + at + 2 + flag.name.length }, text: status.renamedTo }],
        }];
        const version = formatVersion(target);
        const message =
          status.status === 'renamed'
            ? messageOf(this, fix ? 'renamed' : 'renamedByHand', { flag: flag.name, renamedTo: status.renamedTo, renamedIn: status.renamedIn, target: version })
            : status.status === 'removed'
            ? messageOf(this, 'removed', { flag: flag.name, component: invocation.component, removedIn: status.removedIn, target: version })
            : status.status === 'not-yet'
              ? messageOf(this, 'notYet', { flag: flag.name, component: invocation.component, since: status.since, target: version })
              : messageOf(this, 'unknown', { flag: flag.name, component: invocation.component });
        findings.push({
          ...message,
          severity: status.status === 'unknown' ? 'warning' : 'error',
          file: flag.nameWord.file,
          span: flag.nameWord.span,
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
