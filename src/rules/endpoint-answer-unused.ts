import type { Finding, SourceFile } from '../model.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';
import { CONSUMER_ROLES } from '../thanos/components.js';

const OPTION = { store: CONSUMER_ROLES.store.option, query: CONSUMER_ROLES.query.option } as const;
const CONSUMER = { store: CONSUMER_ROLES.store.consumer, query: CONSUMER_ROLES.query.consumer } as const;

const messages = {
  notNeeded: '{{option}}: {{who}} no longer gossips (already migrated); the answer is not needed',
  noSuchName: '{{option}}: no {{consumer}} is called {{target}}; the answer is not used',
  noSuchNameKnown: '{{option}}: no {{consumer}} is called {{target}} (known: {{known}}); the answer is not used',
  listsComplete: '{{option}}: every {{consumer}} already has a complete list from the input; the answer is not used (aim it with NAME={{address}} to add it anyway)',
} as const satisfies Messages;

export const endpointAnswerUnusedRule: Rule<typeof messages> = {
  id: 'endpoint-answer-unused',
  meta: {
    severity: 'warning',
    description: 'A --store-endpoint / --query-endpoint / --mesh-complete answer that no Querier or Ruler takes.',
    explanation:
      'An answer without NAME= goes to every consumer whose list the input leaves incomplete (an open mesh, an unresolved server, ' +
      'no server at all); with NAME= it goes to the consumer the report calls NAME. An answer nobody takes is reported instead of ' +
      'dropped: either every list was complete already, or NAME is misspelt (the message lists the names).',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const at = (text: string): Pick<Finding, 'file' | 'span'> => {
      const file: SourceFile = { path: '<command line>', text, kind: 'plain' };
      return { file, span: { start: 0, end: text.length } };
    };
    // Queriers and Rulers that no longer gossip (a rerun over a migrated tree): an answer for them is moot, not wrong.
    const gossiping = new Set(context.consumers.map((entry) => entry.consumer));
    const settled = context.invocations
      .filter((invocation) => (invocation.component === 'query' || invocation.component === 'rule') && !gossiping.has(invocation))
      .map((invocation) => ({ role: invocation.component === 'query' ? ('store' as const) : ('query' as const), name: context.nameOf(invocation) }))
      .filter((entry): entry is { role: 'store' | 'query'; name: NonNullable<typeof entry.name> } => entry.name !== undefined);
    const isSettled = (role: 'store' | 'query' | undefined, target: string | undefined) =>
      settled.some((entry) => (role === undefined || entry.role === role) && (target === undefined || entry.name.name === target || entry.name.aliases.includes(target)));
    for (const use of context.answers) {
      if (use.usedBy.length > 0) continue;
      const option = `${OPTION[use.role]} ${use.text}`;
      const noneGossips = !context.consumers.some((entry) => entry.role === use.role);
      if (isSettled(use.role, use.target) && (use.target !== undefined || noneGossips)) {
        findings.push({ ...messageOf(this, 'notNeeded', { option, who: use.target !== undefined ? `${CONSUMER[use.role]} ${use.target}` : `every ${CONSUMER[use.role]}` }), severity: 'info', ...at(option) });
        continue;
      }
      const consumer = CONSUMER[use.role];
      const message = use.target === undefined
        ? messageOf(this, 'listsComplete', { option, consumer, address: use.address })
        : use.known && use.known.length > 0
          ? messageOf(this, 'noSuchNameKnown', { option, consumer, target: use.target, known: use.known })
          : messageOf(this, 'noSuchName', { option, consumer, target: use.target });
      findings.push({ ...message, severity: this.meta.severity, ...at(option) });
    }
    const names = context.consumers.map((entry) => entry.name);
    for (const target of context.options.completeMeshes) {
      if (names.some((name) => name.name === target || name.aliases.includes(target))) continue;
      const option = `--mesh-complete ${target}`;
      if (isSettled(undefined, target)) {
        findings.push({ ...messageOf(this, 'notNeeded', { option, who: target }), severity: 'info', ...at(option) });
        continue;
      }
      const known = [...new Set(names.map((name) => name.name))];
      const message = known.length > 0
        ? messageOf(this, 'noSuchNameKnown', { option, consumer: 'Querier or Ruler', target, known })
        : messageOf(this, 'noSuchName', { option, consumer: 'Querier or Ruler', target });
      findings.push({ ...message, severity: this.meta.severity, ...at(option) });
    }
    return findings;
  },
};
