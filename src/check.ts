// `check`: the read-only lint over the same analysis `migrate` runs. It turns
// findings into report rows, applies suppressions, and decides pass or fail;
// printing belongs to the CLI and the reporters.

import { readTextOrNull } from './sources/read.js';
import { dirname, relative, resolve } from 'node:path';
import type { Finding, Severity } from './model.js';
import { analyze, thanosPodLabelValues, type InputProblem } from './engine.js';
import { loadDeployment } from './load.js';
import { lineColumnAt } from './argv/text-lines.js';
import { ALL_RULES, type MigrationOptions } from './rules/index.js';
import { maskSecrets } from './output/secrets.js';
import { readInlineSuppressions, SUPPRESSION_MARKER, type InlineSuppression } from './suppress/inline.js';
import { applySuppressions } from './suppress/apply.js';
import type { ConfigFile } from './suppress/config.js';
import type { ReportFinding, ReportProblem, RuleDescription } from './output/reporters/index.js';

export interface CheckOptions extends MigrationOptions {
  failOn: Severity;
  /** Fail when warnings exceed this many; -1 for no limit. */
  maxWarnings: number;
  showSecrets: boolean;
}

export interface CheckResult {
  findings: ReportFinding[];
  problems: ReportProblem[];
  /** Suppressions that matched nothing, reported so they can be cleaned up. */
  unusedSuppressions: { path: string; line: number; message: string }[];
  suppressedCount: number;
  /** Every rule known, for reporters (SARIF lists them). */
  rules: RuleDescription[];
  /** Whether the findings fail the run under --fail-on and --max-warnings. */
  isFailing: boolean;
  hasInputErrors: boolean;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function ruleDescriptions(): RuleDescription[] {
  return ALL_RULES.map((rule) => ({ id: rule.id, description: rule.meta.description, severity: rule.meta.severity, fixable: rule.meta.fixable, helpText: rule.meta.explanation }));
}

function toReportFinding(finding: Finding, showSecrets: boolean): ReportFinding {
  const start = lineColumnAt(finding.file, finding.span.start);
  const end = lineColumnAt(finding.file, finding.span.end);
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    path: finding.file.path.split('\\').join('/'),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: showSecrets ? finding.message : maskSecrets(finding.message),
    fixable: Boolean(finding.fix),
  };
}

function toReportProblem(problem: InputProblem): ReportProblem {
  if (problem.file && problem.span) {
    const { line, column } = lineColumnAt(problem.file, problem.span.start);
    return { path: problem.path, line, column, message: problem.message };
  }
  return { path: problem.path, message: problem.message };
}

/** `cwd` is where relative paths are read from and what reported paths are relative to. */
export async function runCheck(paths: string[], options: CheckOptions, config: ConfigFile | null, cwd = process.cwd()): Promise<CheckResult> {
  const loaded = await loadDeployment(paths, thanosPodLabelValues, { cwd });
  const analysis = analyze(loaded.files, options, (path) => readTextOrNull(resolve(cwd, path)));
  const rows = analysis.findings.map((finding) => toReportFinding(finding, options.showSecrets));
  const inline = new Map<string, InlineSuppression[]>();
  for (const file of loaded.files) {
    if (!file.text.includes(SUPPRESSION_MARKER)) continue;
    inline.set(file.path.split('\\').join('/'), readInlineSuppressions(file.text));
  }
  const configDir = config ? dirname(config.path) : cwd;
  const { kept, suppressed, unused } = applySuppressions(rows, inline, config, configDir, cwd);
  const problems = [...loaded.problems, ...analysis.problems].filter((problem) => !problem.isSkip);
  const malformed = [...inline].flatMap(([path, list]) =>
    list.filter((s) => s.ruleIds.length === 0).map((s) => ({ path, line: s.line, message: 'thanos-gossip-migrate-ignore needs a rule id (or *)' })),
  );
  const threshold = RANK[options.failOn];
  const warnings = kept.filter((row) => row.severity === 'warning').length;
  const isFailing = kept.some((row) => RANK[row.severity] >= threshold) || (options.maxWarnings >= 0 && warnings > options.maxWarnings);
  return {
    findings: kept,
    problems: problems.map(toReportProblem),
    unusedSuppressions: [...unused, ...malformed].map((u) => ({ ...u, path: relative(cwd, resolve(cwd, u.path)) || u.path })),
    suppressedCount: suppressed.length,
    rules: ruleDescriptions(),
    isFailing,
    hasInputErrors: problems.length > 0,
  };
}
