// The GitHub job summary (Markdown, appended to $GITHUB_STEP_SUMMARY by
// `check --format github`, and so by the action): totals, what the exit code
// means, and a table of the findings. GitHub caps a summary at 1 MiB, so the
// table stops after MAX_ROWS and says where the rest is.

import { summarize } from './common.js';
import type { ReportInput } from './types.js';

export const MAX_ROWS = 100;

const EXIT_MEANING: Record<number, string> = {
  0: 'clean',
  1: 'findings at or above fail-on',
  2: 'usage or config error (see the step log)',
  3: 'some input could not be read or parsed',
};

/** A table cell: no line breaks, no column breaks, no HTML (summaries render HTML). */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

function location(entry: { path: string; line?: number; column?: number }): string {
  const where = entry.line === undefined ? entry.path : `${entry.path}:${entry.line}:${entry.column ?? 1}`;
  return `\`${cell(where).replace(/`/g, "'")}\``;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function meaningOf(exitCode: number): string {
  return EXIT_MEANING[exitCode] ?? 'unexpected exit code';
}

/** The summary of a run that wrote no report (a usage error), for the action. */
export function noReportSummary(exitCode: number): string {
  return `## thanos-gossip-migrate check\n\nExit code ${exitCode}: ${meaningOf(exitCode)}. No report was written.\n\n`;
}

export function renderJobSummary(input: Pick<ReportInput, 'findings' | 'problems' | 'elsewhere'>, exitCode: number): string {
  const { findings, problems } = input;
  const lines = ['## thanos-gossip-migrate check', ''];
  if (findings.length === 0 && problems.length === 0) {
    lines.push('No gossip left: no findings.', '');
    return `${lines.join('\n')}\n`;
  }
  const { errors, warnings, infos, fixable } = summarize(findings);
  lines.push(`**${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}** (exit code ${exitCode}: ${meaningOf(exitCode)}).`);
  if (fixable > 0) lines.push(`${fixable} fixable with \`thanos-gossip-migrate migrate --write\`.`);
  lines.push('');
  if (findings.length > 0) {
    lines.push('| severity | rule | where | message |', '|---|---|---|---|');
    for (const finding of findings.slice(0, MAX_ROWS)) {
      lines.push(`| ${finding.severity} | ${cell(finding.ruleId)} | ${location(finding)} | ${cell(finding.message)} |`);
    }
    if (findings.length > MAX_ROWS) {
      const where = ['the step log', ...input.elsewhere.map((path) => `\`${cell(path).replace(/`/g, "'")}\``)].join(', ');
      lines.push('', `… and ${findings.length - MAX_ROWS} more: see ${where}.`);
    }
    lines.push('');
  }
  if (problems.length > 0) {
    lines.push('Inputs that could not be read:', '');
    for (const problem of problems) lines.push(`- ${location(problem)} ${cell(problem.message)}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
