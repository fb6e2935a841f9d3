import type { Finding } from '../model.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { looksLikeGossipVariable } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';

export const unitGossipSlotRule: Rule = {
  id: 'unit-gossip-slot',
  meta: {
    severity: 'warning',
    description: 'A Thanos unit\'s ExecStart expands a gossip-named variable that its env files leave undefined or commented out.',
    explanation:
      'systemd expands an undefined $NAME to nothing, so the slot is dead today; it becomes a gossip flag again the day someone ' +
      'sets the variable, and sibling units of one package end up treated differently (the one whose env file set it is migrated, ' +
      'the other keeps its slot). The unit and every env file it names are in the input, so migrate removes the slot.',
    fixable: true,
  },
  check(context) {
    const findings: Finding[] = [];
    const thanos = new Set(context.invocations.map((invocation) => invocation.carrier));
    for (const slot of context.unitSlots) {
      if (slot.missingFiles.length > 0 || !thanos.has(slot.carrier) || !looksLikeGossipVariable(slot.name)) continue;
      const where = slot.commentedOut
        ? `commented out at ${slot.commentedOut.file.path}:${lineColumnAt(slot.commentedOut.file, slot.commentedOut.span.start).line}`
        : 'defined nowhere in the input';
      findings.push({
        ruleId: this.id,
        severity: this.meta.severity,
        file: slot.unit,
        span: slot.reference.span,
        message: `$${slot.name}: a gossip variable ${where}; its slot in ExecStart is removed`,
        fix: [{ kind: 'remove-words', carrier: slot.carrier, words: [slot.reference] }],
      });
    }
    return findings;
  },
};
