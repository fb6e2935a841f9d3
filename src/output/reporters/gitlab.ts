// GitLab Code Quality (`artifacts: reports: codequality:`): a JSON array of
// issues, the subset of the Code Climate spec GitLab reads (its docs, "Code
// Quality report format"): description, check_name, fingerprint, severity,
// location.path and location.lines.begin. The fingerprint is what GitLab
// compares between the merge request and its target branch, so it must not
// change when a finding only moves: it comes from finding-identity.ts, the
// same identity the baseline uses.
//
// Like json, the values are exact and the text is safe to print
// (escapeJsonText). error -> major, warning -> minor, info -> info; an
// unreadable input is a `major` issue named `parse` at its line (line 1
// when it has none).

import { createHash } from 'node:crypto';
import { fingerprints } from '../finding-identity.js';
import { escapeJsonText } from '../escape.js';
import type { ReportSeverity, Reporter } from './types.js';

const SEVERITY: Record<ReportSeverity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

export const gitlab: Reporter = ({ findings, problems }) => {
  const prints = fingerprints(findings);
  const issues = [
    ...problems.map((problem) => ({
      description: problem.message,
      check_name: 'parse',
      fingerprint: createHash('sha256').update(`parse\u0000${problem.path}\u0000${problem.message}`).digest('hex').slice(0, 32),
      severity: 'major',
      location: { path: problem.path, lines: { begin: problem.line ?? 1 } },
    })),
    ...findings.map((finding, index) => ({
      description: finding.message,
      check_name: finding.ruleId,
      fingerprint: prints[index]!,
      severity: SEVERITY[finding.severity],
      location: { path: finding.path, lines: { begin: finding.line, end: finding.endLine } },
    })),
  ];
  return `${escapeJsonText(JSON.stringify(issues, null, 2))}\n`;
};
