// The human report on stderr: findings with file:line:col, what happened to
// every gossip flag, the endpoints with their sources and confidence, and
// what is still needed. It renders values; it knows no file format or rule.
// Every value from the input goes through `shown` (escaped, then masked)
// before colour is added, so a file name or flag value can neither forge a
// line nor drive the terminal.

import { locationOf } from '../argv/text-lines.js';
import type { FindingRecord } from '../model.js';
import { findingRecord, recordLocation } from './finding-record.js';
import { renderConsumerEndpoints, renderDiscoveryReadBack, renderMeshes } from './meshes.js';
import type { InputProblem, MigrationPlan } from '../plan.js';
import type { Palette } from './colors.js';
import type { SecretMask } from './secrets.js';
import { escapeForDisplay as shown } from './escape.js';
import { append } from '../lists.js';

export function formatProblem(problem: InputProblem): string {
  const location = problem.file && problem.span ? locationOf(problem.file, problem.span.start) : problem.path;
  return `${shown(location)}: ${problem.isSkip ? 'skipped' : 'error'}: ${shown(problem.message)}`;
}

export function formatFinding(finding: FindingRecord, palette: Palette): string {
  const severity = finding.severity === 'error' ? palette.red('error') : finding.severity === 'warning' ? palette.yellow('warning') : palette.dim('info');
  return `${shown(recordLocation(finding))}: ${severity}: ${shown(finding.message)} ${palette.dim(`[${finding.ruleId}]`)}`;
}

export function renderReport(plan: MigrationPlan, palette: Palette, mask: SecretMask): string {
  const out: string[] = [];
  for (const problem of plan.problems) out.push(formatProblem(problem));
  const findings = plan.findings.filter((finding) => finding.ruleId !== 'gossip-flag');
  for (const finding of findings) out.push(formatFinding(findingRecord(finding), palette));

  if (plan.accounting.length > 0) {
    const counts = new Map<string, number>();
    for (const account of plan.accounting) counts.set(account.outcome, (counts.get(account.outcome) ?? 0) + 1);
    out.push(palette.bold(`gossip flags: ${[...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ')}`));
    for (const account of plan.accounting) {
      out.push(shown(`  ${locationOf(account.file, account.span.start)}  ${account.outcome}  ${account.flag}${account.outcome === 'left-alone' || account.outcome === 'suppressed' ? ` (${account.why})` : ''}`));
    }
  }
  for (const lines of [renderMeshes(plan, palette), renderConsumerEndpoints(plan, palette), renderDiscoveryReadBack(plan, palette)]) append(out, lines);
  for (const link of plan.links) out.push(palette.dim(shown(`linked ${link.envFile.path} to ${link.unit.path}: ${link.reason}`)));
  if (plan.blocking.length > 0) {
    out.push(palette.red(`not safe to write: ${plan.blocking.length} question(s) above need an answer (see the flags they name)`));
  }
  const text = out.join('\n');
  return text === '' ? '' : `${mask.inText(text)}\n`;
}
