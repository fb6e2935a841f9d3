import type { Finding } from '../model.js';
import { programWord } from '../analysis/invocations.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  likely: 'taken for {{process}} (likely): {{identifiedBy}}',
} as const satisfies Messages;

export const thanosLikelyRule: Rule<typeof messages> = {
  id: 'thanos-likely',
  meta: {
    severity: 'info',
    description: 'A command line taken for Thanos though its program is not named thanos: its subcommand and flags are Thanos\'s.',
    explanation:
      'Scripts start Thanos through variables the script does not set (`${THANOS_EXECUTABLE} query …`), versioned binaries ' +
      'and forks (a prototype receiver with --grpc-address and --cluster.*). "Not Thanos" is never concluded from a program ' +
      'word the tool cannot resolve: when the subcommand and every flag are Thanos\'s, the line is migrated as Thanos, and the ' +
      'endpoints it serves are at most `likely`. A binary that is not thanos itself keeps its flags for a human. Set the ' +
      'variable in the script, or suppress this finding, once you have checked.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const invocation of context.invocations) {
      if (invocation.identified !== 'likely') continue;
      const words = invocation.carrier.words;
      const anchor = (invocation.carrier.image !== undefined ? words[0] : programWord(words)) ?? invocation.lastWord;
      findings.push({
        ...messageOf(this, 'likely', { process: invocation.component ? `thanos ${invocation.component}` : 'thanos', identifiedBy: invocation.identifiedBy }),
        severity: this.meta.severity,
        file: anchor.file,
        span: anchor.span,
      });
    }
    return findings;
  },
};
