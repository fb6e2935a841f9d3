import type { Finding, Invocation, SourceFile, Span } from '../model.js';
import { wordsOfFlag } from '../analysis/invocations.js';
import { gossipFlag } from '../thanos/gossip-flags.js';
import { looksLikeGossipFlag } from '../thanos/vocabulary.js';
import type { Rule, RuleContext } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  foreignBinary: '{{flag}}: gossip flag on {{program}}, a binary built on Thanos but not thanos: remove it by hand once that binary runs without gossip (manual)',
  kept: '{{flag}}: kept (--keep-gossip); run again without it before upgrading to v0.5+',
  removed: '{{flag}}: gossip flag on thanos {{component}}, removed in v0.5.0',
} as const satisfies Messages;

/** Whether this rule removes the gossip flags of `invocation`: a thanos argv (not a binary built on it), without --keep-gossip. */
function removesGossipFlags(invocation: Invocation, context: RuleContext): boolean {
  return invocation.foreignBinary === undefined && !context.options.keepGossip;
}

/** The words of the gossip flags this rule removes, with their files: what a script's seed variable fed. */
export function removedGossipWords(context: RuleContext): { file: SourceFile; span: Span }[] {
  return context.invocations.flatMap((invocation) =>
    removesGossipFlags(invocation, context)
      ? invocation.flags.filter((flag) => looksLikeGossipFlag(flag.name)).flatMap((flag) => wordsOfFlag(flag).map((word) => ({ file: word.file, span: word.span })))
      : [],
  );
}

export const gossipFlagRule: Rule<typeof messages> = {
  id: 'gossip-flag',
  meta: {
    severity: 'error',
    description: 'A gossip flag on a Thanos command line: Thanos >= v0.5.0 refuses to start with it.',
    explanation:
      'Thanos v0.5.0 removed gossip clustering and every --cluster.* flag with it, plus --grpc-advertise-address and --http-advertise-address. ' +
      'Gossip could not sit behind a load balancer, guessed private IPs wrongly and made every peer talk to every other. ' +
      'migrate removes the flag; the addresses it advertised become entries of the file-SD file that Query (--store.sd-files) and Rule (--query.sd-files) read.',
    fixable: true,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const invocation of context.invocations) {
      for (const flag of invocation.flags) {
        if (!looksLikeGossipFlag(flag.name)) continue;
        const known = gossipFlag(flag.name);
        const shown = known?.isSecret ? `--${flag.name}=***` : flag.value === null ? `--${flag.name}` : `--${flag.name}=${flag.value}`;
        const words = wordsOfFlag(flag);
        const span = { start: flag.nameWord.span.start, end: words[words.length - 1]!.span.end };
        if (invocation.foreignBinary !== undefined) {
          findings.push({
            ...messageOf(this, 'foreignBinary', { flag: shown, program: invocation.foreignBinary }),
            severity: this.meta.severity,
            file: flag.nameWord.file,
            span,
            outcome: 'manual',
            subject: `--${flag.name}`,
          });
          continue;
        }
        if (!removesGossipFlags(invocation, context)) {
          findings.push({
            ...messageOf(this, 'kept', { flag: shown }),
            severity: 'info',
            file: flag.nameWord.file,
            span,
            outcome: 'kept',
            subject: `--${flag.name}`,
          });
          continue;
        }
        findings.push({
          ...messageOf(this, 'removed', { flag: shown, component: invocation.component ?? '(no subcommand)' }),
          severity: this.meta.severity,
          file: flag.nameWord.file,
          span,
          outcome: 'removed',
          subject: `--${flag.name}`,
          fix: [{ kind: 'remove-words', carrier: invocation.carrier, words }],
        });
      }
    }
    return findings;
  },
};
