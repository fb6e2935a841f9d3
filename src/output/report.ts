// The human report on stderr: findings with file:line:col, what happened to
// every gossip flag, the endpoints with their sources and confidence, and
// what is still needed. It renders values; it knows no file format or rule.

import { locationOf } from '../argv/text-lines.js';
import type { Finding } from '../model.js';
import { renderConsumerEndpoints, renderDiscoveryReadBack, renderMeshes } from './meshes.js';
import type { InputProblem, MigrationPlan } from '../engine.js';
import type { Palette } from './colors.js';
import { maskSecrets } from './secrets.js';


export function formatProblem(problem: InputProblem): string {
  const location = problem.file && problem.span ? locationOf(problem.file, problem.span.start) : problem.path;
  return `${location}: ${problem.isSkip ? 'skipped' : 'error'}: ${problem.message}`;
}

export function formatFinding(finding: Finding, palette: Palette): string {
  const severity = finding.severity === 'error' ? palette.red('error') : finding.severity === 'warning' ? palette.yellow('warning') : palette.dim('info');
  return `${locationOf(finding.file, finding.span.start)}: ${severity}: ${finding.message} ${palette.dim(`[${finding.ruleId}]`)}`;
}


export function renderReport(plan: MigrationPlan, palette: Palette, showSecrets = false): string {
  const out: string[] = [];
  for (const problem of plan.problems) out.push(formatProblem(problem));
  const findings = plan.findings.filter((finding) => finding.ruleId !== 'gossip-flag');
  for (const finding of findings) out.push(formatFinding(finding, palette));

  if (plan.accounting.length > 0) {
    const counts = new Map<string, number>();
    for (const account of plan.accounting) counts.set(account.outcome, (counts.get(account.outcome) ?? 0) + 1);
    out.push(palette.bold(`gossip flags: ${[...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ')}`));
    for (const account of plan.accounting) {
      out.push(`  ${locationOf(account.file, account.span.start)}  ${account.outcome}  ${account.flag}${account.outcome === 'left-alone' || account.outcome === 'suppressed' ? ` (${account.why})` : ''}`);
    }
  }
  out.push(...renderMeshes(plan, palette), ...renderConsumerEndpoints(plan, palette), ...renderDiscoveryReadBack(plan, palette));
  for (const link of plan.links) out.push(palette.dim(`linked ${link.envFile.path} to ${link.unit.path}: ${link.reason}`));
  if (plan.blocking.length > 0) {
    out.push(palette.red(`not safe to write: ${plan.blocking.length} question(s) above need an answer (see the flags they name)`));
  }
  const text = out.join('\n');
  return text === '' ? '' : `${showSecrets ? text : maskSecrets(text)}\n`;
}
