// What the user said about findings, applied the same way for migrate, check
// and the wizard: rule settings (`off` drops a rule, a severity replaces its
// own) and suppressions (inline comments, the config's ignore entries). A
// suppressed or `off` finding is neither reported nor fixed. A policy is plain
// data, so `check` can hand it to its worker thread.

import { dirname } from 'node:path';
import type { Finding, Severity, SourceFile } from '../model.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { applySuppressions } from './apply.js';
import type { ConfigFile, RuleSetting } from './config.js';
import { readInlineSuppressions, SUPPRESSION_MARKER, type InlineSuppression } from './inline.js';

export interface FindingPolicy {
  /** Rule id -> setting, the config's `rules:` overridden by `--rule`. */
  rules: Record<string, RuleSetting>;
  /** Its ignore entries apply to paths relative to its directory. */
  config: ConfigFile | null;
  /** The run's directory: finding paths are relative to it. */
  cwd: string;
}

export const NO_POLICY: FindingPolicy = { rules: {}, config: null, cwd: '.' };

export interface UnusedSuppression {
  path: string;
  line: number;
  message: string;
}

export interface PolicyResult {
  kept: Finding[];
  suppressed: { finding: Finding; by: string }[];
  /** Suppressions that matched nothing, and comments that name no rule. */
  unused: UnusedSuppression[];
}

/** A file's inline suppressions, keyed by its path with `/`; files without the marker are not scanned. */
export function inlineSuppressionsOf(files: readonly SourceFile[]): Map<string, InlineSuppression[]> {
  const inline = new Map<string, InlineSuppression[]>();
  for (const file of files) {
    if (!file.text.includes(SUPPRESSION_MARKER)) continue;
    inline.set(slashed(file.path), readInlineSuppressions(file.text));
  }
  return inline;
}

const slashed = (path: string) => path.split('\\').join('/');

export function applyPolicy(findings: readonly Finding[], files: readonly SourceFile[], policy: FindingPolicy): PolicyResult {
  const rated: Finding[] = [];
  for (const finding of findings) {
    const setting = policy.rules[finding.ruleId];
    if (setting === 'off') continue;
    rated.push(setting === undefined || setting === finding.severity ? finding : { ...finding, severity: setting as Severity });
  }
  const inline = inlineSuppressionsOf(files);
  const rows = rated.map((finding) => ({ ruleId: finding.ruleId, path: slashed(finding.file.path), line: lineColumnAt(finding.file, finding.span.start).line, finding }));
  const configDir = policy.config ? dirname(policy.config.path) : policy.cwd;
  const { kept, suppressed, unused } = applySuppressions(rows, inline, policy.config, configDir, policy.cwd);
  const malformed = [...inline].flatMap(([path, list]) =>
    list.filter((s) => s.ruleIds.length === 0).map((s) => ({ path, line: s.line, message: 'thanos-gossip-migrate-ignore needs a rule id (or *)' })),
  );
  return {
    kept: kept.map((row) => row.finding),
    suppressed: suppressed.map(({ finding, by }) => ({ finding: finding.finding, by })),
    unused: [...unused, ...malformed],
  };
}
