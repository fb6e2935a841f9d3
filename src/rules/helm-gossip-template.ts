import type { Finding } from '../model.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  rendersGossipAddress: 'named template "{{template}}" renders a gossip address: delete it once no template includes it (manual)',
} as const satisfies Messages;

export const helmGossipTemplateRule: Rule<typeof messages> = {
  id: 'helm-gossip-template',
  meta: {
    severity: 'warning',
    description: 'A Helm named template (`define`) that renders a gossip address (port 10900) or gossip peers.',
    explanation:
      'Charts kept the gossip peers address in a helper such as `thanos.peers`. The flags that used it are migrated; the helper ' +
      'itself is template logic the tool does not rewrite: delete it once nothing includes it (manual).',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const define of context.templateDefines) {
      const line =
        define.lines.find((candidate) => /\b10900\b/.test(candidate.text)) ??
        (/peer|gossip/i.test(define.name) ? define.lines.find((candidate) => /\S/.test(candidate.text)) : undefined);
      if (!line) continue;
      findings.push({
        ...messageOf(this, 'rendersGossipAddress', { template: define.name }),
        severity: this.meta.severity,
        file: define.file,
        span: line.span,
      });
    }
    return findings;
  },
};
