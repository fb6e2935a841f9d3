// `check`: the read-only lint over the same analysis `migrate` runs. It turns
// findings into report rows, applies suppressions, and decides pass or fail;
// printing belongs to the CLI and the reporters.

import { readTextOrNull } from './sources/read.js';
import { relative, resolve } from 'node:path';
import type { Finding, Severity } from './model.js';
import { analyze, thanosPodLabelValues, type InputProblem } from './engine.js';
import { loadDeployment, shownPath } from './load.js';
import { lineColumnAt } from './argv/text-lines.js';
import { ALL_RULES, type MigrationOptions } from './rules/index.js';
import { maskSecrets } from './output/secrets.js';
import { applyPolicy, type FindingPolicy } from './suppress/policy.js';
import type { ExcludeRule } from './suppress/exclude.js';
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
  /** Every file read, as reported (JUnit lists the clean ones too). */
  files: string[];
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

/** Whether findings fail the run: one at or above --fail-on, or more warnings than --max-warnings. */
export function isFailingRun(rows: readonly { severity: Severity }[], options: Pick<CheckOptions, 'failOn' | 'maxWarnings'>): boolean {
  const threshold = RANK[options.failOn];
  const warnings = rows.filter((row) => row.severity === 'warning').length;
  return rows.some((row) => RANK[row.severity] >= threshold) || (options.maxWarnings >= 0 && warnings > options.maxWarnings);
}

/** Where a run reads and what it leaves out: the same for migrate, check and the wizard. */
export interface CheckScope {
  /** Relative paths are read from here, and reported relative to it. */
  cwd: string;
  exclude: ExcludeRule[];
  policy: FindingPolicy;
}

export async function runCheck(paths: string[], options: CheckOptions, scope: CheckScope): Promise<CheckResult> {
  const { cwd } = scope;
  const loaded = await loadDeployment(paths, thanosPodLabelValues, { cwd, exclude: scope.exclude });
  const analysis = analyze(loaded.files, options, (path) => readTextOrNull(resolve(cwd, path)));
  const { kept, suppressed, unused } = applyPolicy(analysis.findings, loaded.files, { ...scope.policy, cwd });
  const rows = kept.map((finding) => toReportFinding(finding, options.showSecrets));
  const problems = [...loaded.problems, ...analysis.problems].filter((problem) => !problem.isSkip);
  const isFailing = isFailingRun(rows, options);
  return {
    findings: rows,
    problems: problems.map(toReportProblem),
    unusedSuppressions: unused.map((u) => ({ ...u, path: relative(cwd, resolve(cwd, u.path)) || u.path })),
    suppressedCount: suppressed.length,
    rules: ruleDescriptions(),
    isFailing,
    hasInputErrors: problems.length > 0,
    // With no candidate file, the inputs themselves were checked and passed.
    files: (loaded.files.length > 0 ? loaded.files.map((file) => file.path) : paths.map((path) => shownPath(path, cwd))).map((path) => path.split('\\').join('/')),
  };
}
