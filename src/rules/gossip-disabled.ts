import type { Finding } from '../model.js';
import { gossipState } from '../analysis/meshes.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  gossipOff: '{{process}}: {{because}}, so its gossip flags did nothing and it is in no gossip mesh',
} as const satisfies Messages;

export const gossipDisabledRule: Rule<typeof messages> = {
  id: 'gossip-disabled',
  meta: {
    severity: 'info',
    description: 'Gossip flags on a process whose gossip is switched off: they did nothing, and it is in no mesh.',
    explanation:
      '--cluster.disable (or Thanos v0.4, which switched gossip off unless --no-cluster.disable was given: v0.4.0:cmd/thanos/flags.go) ' +
      'means the --cluster.* flags of this process never joined a mesh. A Querier there found no StoreAPI through gossip, so the ' +
      'migration gives it none; its gossip flags are removed like any other. If gossip was in fact on (an environment or wrapper ' +
      'adds --no-cluster.disable), add that flag to the input and run again.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const invocation of context.invocations) {
      const state = gossipState(invocation);
      if (state.isOn || state.offBecause === undefined) continue;
      const anchor = invocation.componentWord ?? invocation.lastWord;
      findings.push({
        ...messageOf(this, 'gossipOff', { process: ['thanos', invocation.component, context.nameOf(invocation)?.name].filter(Boolean).join(' '), because: state.offBecause }),
        severity: this.meta.severity,
        file: anchor.file,
        span: anchor.span,
      });
    }
    return findings;
  },
};
