import type { Finding } from '../model.js';
import type { Rule } from './types.js';

export const helmGossipTemplateRule: Rule = {
  id: 'helm-gossip-template',
  meta: {
    severity: 'warning',
    description: 'A Helm named template (`define`) that renders a gossip address (port 10900) or gossip peers.',
    explanation:
      'Charts kept the gossip peers address in a helper such as `thanos.peers`. The flags that used it are migrated; the helper ' +
      'itself is template logic the tool does not rewrite: delete it once nothing includes it (manual).',
    fixable: false,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const define of context.templateDefines) {
      const line =
        define.lines.find((candidate) => /\b10900\b/.test(candidate.text)) ??
        (/peer|gossip/i.test(define.name) ? define.lines.find((candidate) => /\S/.test(candidate.text)) : undefined);
      if (!line) continue;
      findings.push({
        ruleId: this.id,
        severity: this.meta.severity,
        file: define.file,
        span: line.span,
        message: `named template "${define.name}" renders a gossip address: delete it once no template includes it (manual)`,
      });
    }
    return findings;
  },
};
