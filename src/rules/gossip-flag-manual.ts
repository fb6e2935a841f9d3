// The catch-all: a gossip token that no other rule, no named other program
// and no comment accounts for (a runbook, a heredoc, a Ruby string, a
// command line of a program the tool cannot identify) still counts. It
// becomes a finding for a human, so "every gossip flag is removed, manual,
// or left alone with a reason" holds for every file in the tree.

import type { Finding } from '../model.js';
import { gossipFlagMentions } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';

export const gossipFlagManualRule: Rule = {
  id: 'gossip-flag-manual',
  meta: {
    severity: 'error',
    description: 'A gossip flag in text the tool does not rewrite: a file no carrier reads, a place inside one it cannot edit safely, or a command line of a program it cannot identify.',
    explanation:
      'Runbooks, jsonnet libraries, heredocs, Ruby strings and template helpers also start Thanos. Where a gossip flag sits on a ' +
      'Thanos command line the tool cannot edit byte for byte, it reports it with file:line:column for a human, so nothing ' +
      'gossip-related is left unaccounted. A flag is left alone only when its command line names another program ' +
      '(Alertmanager\'s --cluster.*) or it sits in a comment; a program word the tool cannot resolve is never taken for ' +
      'another program. Suppress the finding once you have checked that the program is not Thanos.',
    fixable: false,
  },
  check(context) {
    const findings: Finding[] = [];
    const blocks = context.manualNotes.filter((note) => note.isBlock);
    const inBlock = new Map<(typeof blocks)[number], string[]>();
    for (const { file, token, program } of context.unaccounted) {
      const block = blocks.find((note) => note.file === file && note.span.start <= token.span.start && token.span.start < note.span.end);
      if (block) {
        inBlock.set(block, [...(inBlock.get(block) ?? []), token.subject]);
        continue;
      }
      const written = token.subject.startsWith('--') ? file.text.slice(token.span.start, token.span.end) : token.subject;
      const reason = context.manualReason(file, token.span.start);
      const why = program !== undefined ? `on a command line of ${program}, which the tool cannot identify as Thanos or as another program` : context.whyNotEdited(file);
      findings.push({
        ruleId: this.id,
        severity: this.meta.severity,
        file,
        span: token.span,
        message: reason?.startsWith('manual:') ? reason : `${written}: manual: ${reason ?? why}`,
        outcome: 'manual',
        subject: token.subject,
      });
    }
    // One place for a human (a YAML fence that does not parse) is one finding, whatever it holds.
    for (const [block, subjects] of inBlock) {
      const names = [...new Set(subjects)];
      findings.push({ ruleId: this.id, severity: this.meta.severity, file: block.file, span: block.span, message: `${block.message} (${subjects.length} gossip setting${subjects.length === 1 ? '' : 's'}: ${names.join(', ')})`, outcome: 'manual', subject: names[0]! });
    }
    // A place a carrier declined that holds no gossip token still needs a look (a Thanos script it cannot map).
    for (const note of context.manualNotes) {
      if (note.isBlock || gossipFlagMentions(note.file.text, { start: note.span.start, end: Math.max(note.span.end, note.span.start + 1) }).length > 0) continue;
      findings.push({ ruleId: this.id, severity: 'warning', file: note.file, span: note.span, message: note.message });
    }
    return findings;
  },
};
