// The job summary of the GitHub Action: Markdown from check's JSON report
// (format version 1), appended by the action to $GITHUB_STEP_SUMMARY.
// Plain JavaScript, so it runs from the action's checkout without a build.
//
//   node action/summary.mjs EXIT_CODE [REPORT.json]

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Rows shown before the rest is counted; a summary is capped at 1 MiB by GitHub. */
export const MAX_ROWS = 100;

const EXIT_MEANING = {
  0: 'clean',
  1: 'findings at or above fail-on',
  2: 'usage or config error (see the step log)',
  3: 'some input could not be read or parsed',
};

/** A table cell: no line breaks, no column breaks, no HTML (summaries render HTML). */
function cell(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

function location(entry) {
  const where = entry.line === undefined ? entry.path : `${entry.path}:${entry.line}:${entry.column ?? 1}`;
  return `\`${cell(where).replace(/`/g, "'")}\``;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** @param {number} exitCode @param {null | {findings: any[], problems: any[], summary: {errors: number, warnings: number, infos: number, fixable: number}}} report */
export function renderSummary(exitCode, report) {
  const lines = ['## thanos-gossip-migrate check', ''];
  const meaning = EXIT_MEANING[exitCode] ?? 'unexpected exit code';
  if (report === null) {
    lines.push(`Exit code ${exitCode}: ${meaning}. No report was written.`, '');
    return `${lines.join('\n')}\n`;
  }
  const { errors, warnings, infos, fixable } = report.summary;
  if (report.findings.length === 0 && report.problems.length === 0) {
    lines.push('No gossip left: no findings.', '');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`**${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}** (exit code ${exitCode}: ${meaning}).`);
  if (fixable > 0) lines.push(`${fixable} fixable with \`thanos-gossip-migrate migrate --write\`.`);
  lines.push('');
  if (report.findings.length > 0) {
    lines.push('| severity | rule | where | message |', '|---|---|---|---|');
    for (const finding of report.findings.slice(0, MAX_ROWS)) {
      lines.push(`| ${finding.severity} | ${cell(finding.ruleId)} | ${location(finding)} | ${cell(finding.message)} |`);
    }
    if (report.findings.length > MAX_ROWS) lines.push('', `… and ${report.findings.length - MAX_ROWS} more: see the annotations, or the SARIF report.`);
    lines.push('');
  }
  if (report.problems.length > 0) {
    lines.push('Inputs that could not be read:', '');
    for (const problem of report.problems) lines.push(`- ${location(problem)} ${cell(problem.message)}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [exitArg, reportPath] = process.argv.slice(2);
  const exitCode = Number(exitArg);
  let report = null;
  if (reportPath) {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
    if (report.version !== 1) throw new Error(`${reportPath}: report format version ${report.version}, this summary reads version 1`);
  }
  process.stdout.write(renderSummary(exitCode, report));
}
