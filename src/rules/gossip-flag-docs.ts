import type { Finding } from '../model.js';
import { gossipTokens } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  documentation: '{{settings}} in {{kind}}: documentation, not configuration; not edited (update the text by hand)',
} as const satisfies Messages;

export const gossipFlagDocsRule: Rule<typeof messages> = {
  id: 'gossip-flag-docs',
  meta: {
    severity: 'info',
    description: 'Gossip flags in documentation: Markdown prose, pasted `--help` output, a flag table, pasted command output.',
    explanation:
      'Runbooks and docs quote gossip flags without running them: a paragraph about --cluster.peers, the `--help` text of a ' +
      'v0.4 component, a `kubectl describe` of an old pod. The tool never edits them (an edit would falsify what was pasted); ' +
      'each block is reported once so a human can update the text. Command lines in fences are migrated, not reported here.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const block of context.documentation) {
      const tokens = gossipTokens(block.file.text.slice(block.span.start, block.span.end));
      if (tokens.length === 0) continue;
      const names = [...new Set(tokens.map((token) => token.subject))];
      findings.push({
        ...messageOf(this, 'documentation', { settings: names, kind: block.kind }),
        severity: this.meta.severity,
        file: block.file,
        span: block.span,
        outcome: 'documentation',
        subject: names[0]!,
      });
    }
    return findings;
  },
};
