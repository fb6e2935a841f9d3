import type { Finding } from '../model.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { looksLikeGossipVariable } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const messages = {
  commentedOut: '{{variable}}: a gossip variable commented out at {{at}}; its slot in ExecStart is removed',
  undefined: '{{variable}}: a gossip variable defined nowhere in the input; its slot in ExecStart is removed',
} as const satisfies Messages;

export const unitGossipSlotRule: Rule<typeof messages> = {
  id: 'unit-gossip-slot',
  meta: {
    severity: 'warning',
    description: 'A Thanos unit\'s ExecStart expands a gossip-named variable that its env files leave undefined or commented out.',
    explanation:
      'systemd expands an undefined $NAME to nothing, so the slot is dead today; it becomes a gossip flag again the day someone ' +
      'sets the variable, and sibling units of one package end up treated differently (the one whose env file set it is migrated, ' +
      'the other keeps its slot). The unit and every env file it names are in the input, so migrate removes the slot.',
    fixable: true,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const thanos = new Set(context.invocations.map((invocation) => invocation.carrier));
    for (const slot of context.unitSlots) {
      if (slot.missingFiles.length > 0 || !thanos.has(slot.carrier) || !looksLikeGossipVariable(slot.name)) continue;
      const variable = `$${slot.name}`;
      findings.push({
        ...(slot.commentedOut
          ? messageOf(this, 'commentedOut', { variable, at: `${slot.commentedOut.file.path}:${lineColumnAt(slot.commentedOut.file, slot.commentedOut.span.start).line}` })
          : messageOf(this, 'undefined', { variable })),
        severity: this.meta.severity,
        file: slot.unit,
        span: slot.reference.span,
        fix: [{ kind: 'remove-words', carrier: slot.carrier, words: [slot.reference] }],
      });
    }
    return findings;
  },
};
