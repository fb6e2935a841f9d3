// The catch-all: a gossip flag in any text no carrier claims (a runbook, a
// jsonnet library, a heredoc, a Ruby string, a Dockerfile) still counts. It
// becomes a finding for a human, so "every gossip flag is removed, manual,
// or left alone with a reason" holds for every file in the tree.

import type { Finding, SourceFile } from '../model.js';
import type { Rule } from './types.js';

const GOSSIP_TOKEN = /--(?:no-)?(?:cluster\.[a-z][a-z-]*|grpc-advertise-address|http-advertise-address)\b/g;

const WHY_BY_KIND: Partial<Record<string, string>> = {
  unknown: 'in a file no carrier reads',
  shell: 'outside any command the tool can edit (a heredoc, a string, a function body)',
  systemd: 'outside ExecStart (or in a template expression)',
  env: 'in an env file no unit expands',
  yaml: 'outside any argv the tool can edit (a string, a ConfigMap, a comment)',
  helm: 'inside a template expression or helper',
  values: 'in a values string',
  plain: 'outside a command line',
};

/** Where the command holding `offset` starts: back over `\` continuations to the line start. */
function commandStart(text: string, offset: number): number {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  for (;;) {
    if (start === 0) return 0;
    const previousEnd = start - 1;
    const previousStart = text.lastIndexOf('\n', previousEnd - 1) + 1;
    if (!/\\\r?$/.test(text.slice(previousStart, previousEnd))) return start;
    start = previousStart;
  }
}

/**
 * Whether the occurrence sits on another program's command line: the first
 * word of its command names a program, and nothing up to the flag says thanos.
 */
function isOtherProgram(text: string, offset: number): boolean {
  const before = text.slice(commandStart(text, offset), offset);
  if (/thanos/i.test(before)) return false;
  const program = /^[\s$#>*+\-`"'[(]*(?:(?:RUN|CMD|ENTRYPOINT|exec|sudo|nohup)\s+)?([A-Za-z0-9_./-]+)/.exec(before)?.[1];
  return program !== undefined && !program.startsWith('--');
}

/** After `#` or `//` on its line (not Ruby's `#{`): prose about a flag, not a command line. */
export function isInComment(text: string, offset: number): boolean {
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return /(^|\s)(#(?!\{)|\/\/)/.test(before);
}

export const gossipFlagManualRule: Rule = {
  id: 'gossip-flag-manual',
  meta: {
    severity: 'error',
    description: 'A gossip flag in text the tool does not rewrite: a file no carrier reads, or a place inside one it cannot edit safely.',
    explanation:
      'Runbooks, jsonnet libraries, heredocs, Ruby strings and template helpers also start Thanos. Where a gossip flag sits on a ' +
      'Thanos command line the tool cannot edit byte for byte, it reports it with file:line:column for a human, so nothing ' +
      'gossip-related is left unaccounted. Flags on another program\'s command line (Alertmanager\'s --cluster.*) are not ours.',
    fixable: false,
  },
  check(context) {
    const covered = (file: SourceFile, offset: number) =>
      context.accounted(file, offset);
    const findings: Finding[] = [];
    for (const file of context.files) {
      GOSSIP_TOKEN.lastIndex = 0;
      for (let match = GOSSIP_TOKEN.exec(file.text); match !== null; match = GOSSIP_TOKEN.exec(file.text)) {
        const offset = match.index;
        if (covered(file, offset) || isInComment(file.text, offset)) continue;
        const reason = context.manualReason(file, offset);
        // A carrier that declined this place with its own `manual:` message knows it is a Thanos argv: no guess overrides it.
        if (!reason?.startsWith('manual:') && isOtherProgram(file.text, offset)) continue;
        findings.push({
          ruleId: this.id,
          severity: this.meta.severity,
          file,
          span: { start: offset, end: offset + match[0].length },
          message: reason?.startsWith('manual:')
            ? reason
            : `${match[0]}: manual: ${reason ?? WHY_BY_KIND[file.kind] ?? `in a ${file.kind} file the tool does not rewrite`}`,
          outcome: 'manual',
          subject: match[0].replace(/^--no-/, '--'),
        });
      }
    }
    // A place a carrier declined that holds no gossip flag still needs a look (a Thanos script it cannot map).
    for (const note of context.manualNotes) {
      GOSSIP_TOKEN.lastIndex = 0;
      if (GOSSIP_TOKEN.test(note.file.text.slice(note.span.start, Math.max(note.span.end, note.span.start + 1)))) continue;
      findings.push({ ruleId: this.id, severity: 'warning', file: note.file, span: note.span, message: note.message });
    }
    return findings;
  },
};
