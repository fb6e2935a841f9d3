import type { Finding } from '../model.js';
import { PEER_LABEL as GOSSIP_LABEL } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';
import { counted, messageOf, type Messages } from './messages.js';

const messages = {
  peerLabel: '{{object}}: label {{label}} only selected gossip peers; kept because selectors are immutable ({{places}})',
} as const satisfies Messages;

export const gossipPeerLabelRule: Rule<typeof messages> = {
  id: 'gossip-peer-label',
  meta: {
    severity: 'info',
    description: 'The `thanos-peer` label, which only served to select gossip members for the peers Service.',
    explanation:
      'The label is harmless once the peers Service is gone, and it often sits in a Deployment or StatefulSet selector, which ' +
      'Kubernetes does not allow to change in place (apps/v1 selectors are immutable): removing it there makes the next apply ' +
      'fail. So migrate only reports it; drop it when you next recreate the workload.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const { file, object } of context.kubeObjects) {
      if (object.kind === 'Service') continue;
      const spans = [object.labelKeySpans, object.podLabelKeySpans ?? {}, object.selectorKeySpans ?? {}]
        .flatMap((keySpans) => Object.entries(keySpans))
        .filter(([key]) => GOSSIP_LABEL.test(key));
      const first = spans.sort((a, b) => a[1].start - b[1].start)[0];
      if (!first) continue;
      findings.push({
        ...messageOf(this, 'peerLabel', { object: `${object.kind}/${object.name}`, label: first[0], places: counted(spans.length, 'place') }),
        severity: this.meta.severity,
        file,
        span: first[1],
      });
    }
    for (const { file, peerLabels } of context.jsonnetLeftovers) {
      const first = peerLabels[0];
      if (!first) continue;
      const key = file.text.slice(first.start, first.end).replace(/^['"]|['"]$/g, '');
      findings.push({
        ...messageOf(this, 'peerLabel', { object: 'jsonnet', label: key, places: counted(peerLabels.length, 'place') }),
        severity: this.meta.severity,
        file,
        span: first,
      });
    }
    return findings;
  },
};
