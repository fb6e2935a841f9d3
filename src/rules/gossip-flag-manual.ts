// The catch-all: a gossip token that no other rule, no named other program
// and no comment accounts for (a runbook, a heredoc, a Ruby string, a
// command line of a program the tool cannot identify) still counts. It
// becomes a finding for a human, so "every gossip flag is removed, manual,
// or left alone with a reason" holds for every file in the tree.

import type { Finding } from '../model.js';
import { gossipFlagMentions } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';
import { counted, messageOf, type Messages } from './messages.js';
import { firstContainingByFile } from '../analysis/containing.js';
import { pushTo } from '../lists.js';

const messages = {
  /** A carrier's own words for a token it would not edit (`manual: … in a heredoc …`). */
  carrierNote: '{{note}}',
  notEdited: '{{setting}}: manual: {{why}}',
  block: '{{note}} ({{count}}: {{settings}})',
  /** A place a carrier declined that holds no gossip token. */
  declinedPlace: '{{note}}',
} as const satisfies Messages;

export const gossipFlagManualRule: Rule<typeof messages> = {
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
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const blocks = context.manualNotes.filter((note) => note.isBlock);
    // Looked up by file and offset, and each block's subjects pushed: a scan of every block per token, and a copy
    // of the block's list per token, made one fence of 40,000 flags take 18.7 s.
    const blockAt = firstContainingByFile(blocks, (note) => note.file, (note) => note.span);
    const inBlock = new Map<(typeof blocks)[number], string[]>();
    for (const { file, token, program } of context.unaccounted) {
      const block = blockAt(file, token.span.start);
      if (block) {
        pushTo(inBlock, block, token.subject);
        continue;
      }
      const written = token.subject.startsWith('--') ? file.text.slice(token.span.start, token.span.end) : token.subject;
      const reason = context.manualReason(file, token.span.start);
      const why = program !== undefined ? `on a command line of ${program}, which the tool cannot identify as Thanos or as another program` : context.whyNotEdited(file);
      findings.push({
        ...(reason?.startsWith('manual:') ? messageOf(this, 'carrierNote', { note: reason }) : messageOf(this, 'notEdited', { setting: written, why: reason ?? why })),
        severity: this.meta.severity,
        file,
        span: token.span,
        outcome: 'manual',
        subject: token.subject,
      });
    }
    // One place for a human (a YAML fence that does not parse) is one finding, whatever it holds.
    for (const [block, subjects] of inBlock) {
      const names = [...new Set(subjects)];
      findings.push({ ...messageOf(this, 'block', { note: block.message, count: counted(subjects.length, 'gossip setting'), settings: names }), severity: this.meta.severity, file: block.file, span: block.span, outcome: 'manual', subject: names[0]! });
    }
    // A place a carrier declined that holds no gossip token still needs a look (a Thanos script it cannot map).
    for (const note of context.manualNotes) {
      if (note.isBlock || gossipFlagMentions(note.file.text, { start: note.span.start, end: Math.max(note.span.end, note.span.start + 1) }).length > 0) continue;
      findings.push({ ...messageOf(this, 'declinedPlace', { note: note.message }), severity: 'warning', file: note.file, span: note.span });
    }
    return findings;
  },
};
