// `check`: the read-only lint over the same analysis `migrate` runs. It turns
// findings into report rows, applies suppressions, and decides pass or fail;
// printing belongs to the CLI and the reporters.

import { confinedReader } from './sources/confined-read.js';
import { relative, resolve } from 'node:path';
import type { Severity, SourceFile } from './model.js';
import { analyze, readCarriersOfFile, secondLoadingPass } from './engine.js';
import type { InputProblem } from './plan.js';
import { loadDeployment, shownPath, type LoadOptions } from './load.js';
import { lineColumnAt } from './argv/text-lines.js';
import { ALL_RULES } from './rules/index.js';
import type { MigrationOptions } from './options.js';
import { valuesMask } from './output/secrets.js';
import { findingRecord } from './output/finding-record.js';
import { secretValues } from './analysis/secrets.js';
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
  /** Of those, the ones the config file suppressed (inline comments win when both apply). */
  suppressedByConfigCount: number;
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

/** `mask`: hides the secret values in a message (the identity when there are none to hide, as with --show-secrets). */
function toReportProblem(problem: InputProblem, mask: (text: string) => string): ReportProblem {
  const message = mask(problem.message);
  if (problem.file && problem.span) {
    const { line, column } = lineColumnAt(problem.file, problem.span.start);
    return { path: problem.path, line, column, message };
  }
  return { path: problem.path, message };
}

/** Sources that are not files (stdin), and what could not be read of them. */
export interface GivenSources {
  files: SourceFile[];
  problems: InputProblem[];
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

/** `given`: sources that are not files (stdin), checked with the files of `paths`; `readerHelper`: see LoadOptions. */
export async function runCheck(paths: string[], options: CheckOptions, scope: CheckScope, given: GivenSources = { files: [], problems: [] }, onProgress?: LoadOptions['onProgress'], readerHelper?: LoadOptions['readerHelper']): Promise<CheckResult> {
  const { cwd, policy } = scope;
  const loaded = await loadDeployment(paths, secondLoadingPass, { cwd, exclude: scope.exclude, onFile: readCarriersOfFile, ...(onProgress ? { onProgress } : {}), ...(readerHelper ? { readerHelper } : {}) });
  loaded.files = [...given.files, ...loaded.files];
  loaded.problems = [...given.problems, ...loaded.problems];
  const analysis = analyze(loaded.files, options, confinedReader(paths, cwd));
  const problems = [...loaded.problems, ...analysis.problems].filter((problem) => !problem.isSkip);
  const { kept, suppressed, unused } = applyPolicy(analysis.findings, loaded.files, { ...policy, cwd });
  // Found only when there is something to say: a clean tree is not searched for secrets.
  const secrets = options.showSecrets || (kept.length === 0 && problems.length === 0) ? [] : secretValues(loaded.files);
  // One mask for the findings and the problems: the values are sorted once.
  const mask = valuesMask(secrets);
  const rows = kept.map((finding) => findingRecord(finding, mask));
  const config = policy.config;
  return {
    findings: rows,
    problems: problems.map((problem) => toReportProblem(problem, mask)),
    unusedSuppressions: unused.map((u) => ({ ...u, path: relative(cwd, resolve(cwd, u.path)) || u.path })),
    suppressedCount: suppressed.length,
    suppressedByConfigCount: config ? suppressed.filter((s) => s.by.startsWith(`${config.path}:`)).length : 0,
    rules: ruleDescriptions(),
    isFailing: isFailingRun(rows, options),
    hasInputErrors: problems.length > 0,
    // With no candidate file, the inputs themselves were checked and passed.
    files: (loaded.files.length > 0 ? loaded.files.map((file) => file.path) : paths.map((path) => shownPath(path, cwd))).map((path) => path.split('\\').join('/')),
  };
}
