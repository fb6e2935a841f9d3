// eslint's "stylish" for people: problems first, then findings grouped by
// file under the underlined path, columns aligned, then a summary.
//
//   deploy/broken.yaml:3:1  error  bad indentation  parse
//
//   deploy/query.yaml
//     12:7  error    gossip flag --cluster.peers  gossip-flag
//      9:3  warning  ...                          loopback-unreachable
//
//   ✖ 3 problems (2 errors, 1 warning, 0 infos)
//     1 fixable with `thanos-gossip-migrate migrate --write`
//
// Parse problems count as errors in the summary (as eslint counts fatal
// parse errors). Nothing to say is the empty string. Alignment is computed
// on the uncoloured text; colour is applied afterwards.

import { FIX_COMMAND, groupByPath, summarize } from './common.js';
import { escapeForDisplay } from '../escape.js';
import type { ReportPalette, ReportSeverity, Reporter } from './types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function severityColor(palette: ReportPalette, severity: ReportSeverity): (s: string) => string {
  return severity === 'error' ? palette.red : severity === 'warning' ? palette.yellow : palette.dim;
}

function problemLocation(problem: { path: string; line?: number; column?: number }): string {
  if (problem.line === undefined) return escapeForDisplay(problem.path);
  return `${escapeForDisplay(problem.path)}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
}

export const stylish: Reporter = ({ findings, problems, palette }) => {
  if (findings.length === 0 && problems.length === 0) return '';
  const underline = palette.underline ?? ((s: string) => s);
  const out: string[] = [];

  if (problems.length > 0) {
    for (const problem of problems) {
      out.push(`${problemLocation(problem)}  ${palette.red('error')}  ${escapeForDisplay(problem.message)}  ${palette.dim('parse')}`);
    }
    out.push('');
  }

  for (const [path, group] of groupByPath(findings)) {
    const rows = group.map((f) => ({
      line: String(f.line),
      column: String(f.column),
      severity: f.severity,
      message: escapeForDisplay(f.message),
      ruleId: escapeForDisplay(f.ruleId),
    }));
    const width = (pick: (row: (typeof rows)[number]) => string) => Math.max(...rows.map((row) => pick(row).length));
    const lineWidth = width((r) => r.line);
    const columnWidth = width((r) => r.column);
    const severityWidth = width((r) => r.severity);
    const messageWidth = width((r) => r.message);
    out.push(underline(escapeForDisplay(path)));
    for (const row of rows) {
      const color = severityColor(palette, row.severity);
      out.push(
        `  ${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}` +
          `  ${color(row.severity)}${' '.repeat(severityWidth - row.severity.length)}` +
          `  ${row.message.padEnd(messageWidth)}  ${palette.dim(row.ruleId)}`,
      );
    }
    out.push('');
  }

  const summary = summarize(findings);
  const errors = summary.errors + problems.length;
  const total = errors + summary.warnings + summary.infos;
  const summaryColor = errors > 0 ? palette.red : summary.warnings > 0 ? palette.yellow : (s: string) => s;
  out.push(
    summaryColor(
      palette.bold(
        `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')})`,
      ),
    ),
  );
  if (summary.fixable > 0) out.push(`  ${summary.fixable} fixable with \`${FIX_COMMAND}\``);
  return `${out.join('\n')}\n`;
};
