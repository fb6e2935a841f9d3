import type { Finding } from '../model.js';
import { flagStatus } from '../thanos/flags.js';
import { looksLikeGossipFlag } from '../thanos/vocabulary.js';
import { formatVersion } from '../thanos/versions.js';
import type { Rule } from './types.js';

export const flagUnsupportedRule: Rule = {
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
        const message =
          status.status === 'renamed'
            ? `--${flag.name}: a flag of Thanos before v0.1, renamed --${status.renamedTo} in ${status.renamedIn}; ${formatVersion(target)} refuses to start with it`
            : status.status === 'removed'
            ? `--${flag.name}: thanos ${invocation.component} dropped it in ${status.removedIn}; ${formatVersion(target)} refuses to start with it`
            : status.status === 'not-yet'
              ? `--${flag.name}: thanos ${invocation.component} has it only since ${status.since}, not in ${formatVersion(target)}`
              : `--${flag.name}: no Thanos release knows this flag for ${invocation.component} (typo?)`;
        // A flag renamed before v0.1 keeps its value under the new name: rename it where the word spells it literally.
        const word = flag.nameWord;
        const source = word.file.text.slice(word.span.start, word.span.end);
        const at = status.status === 'renamed' ? source.indexOf(`--${flag.name}`) : -1;
        const fix = at === -1 || status.status !== 'renamed' ? undefined : [{
          kind: 'edits' as const,
          edits: [{ file: word.file, span: { start: word.span.start + at + 2, end: word.span.start + at + 2 + flag.name.length }, text: status.renamedTo }],
        }];
        findings.push({
          ruleId: this.id,
          severity: status.status === 'unknown' ? 'warning' : 'error',
          file: flag.nameWord.file,
          span: flag.nameWord.span,
          message: fix ? `${message}: renamed` : message,
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
