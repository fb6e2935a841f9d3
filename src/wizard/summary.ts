// What the wizard understood, before it asks anything: the candidate files
// by kind, the Thanos components and where each came from, the endpoints
// with provenance and confidence, and what is only reported.

import {
  escapeForDisplay as shown,
  type Finding,
  findingRecord,
  formatFinding,
  formatProblem,
  type InputProblem,
  locationOf,
  type MigrationPlan,
  type Palette,
  renderConsumerEndpoints,
  renderMeshes,
  type SecretMask,
  type SourceFile,
  type SourceKind,
  looksLikeGossipFlag,
} from '../index.js';
import { sdConfigMaps } from './questions.js';

const KIND_NAMES: Partial<Record<SourceKind, string>> = {
  yaml: 'Kubernetes manifest',
  compose: 'docker-compose file',
  helm: 'Helm template',
  values: 'Helm values file',
  shell: 'shell script',
  systemd: 'systemd unit',
  env: 'env file',
  plain: 'command line',
  unknown: 'other file',
};

/** A YAML file is named by what the carriers found in it: compose services or Kubernetes workloads. */
function kindName(plan: MigrationPlan, file: SourceFile): string {
  if (file.kind === 'yaml' || file.kind === 'compose') {
    const contexts = plan.invocations.filter((inv) => inv.carrier.file === file).map((inv) => inv.carrier.context);
    if (contexts.some((c) => c.kind === 'compose')) return 'docker-compose file';
    if (file.kind === 'yaml' && contexts.length === 0 && !/^\s*kind:/m.test(file.text)) return 'YAML file';
  }
  return KIND_NAMES[file.kind] ?? `${file.kind} file`;
}

export function renderFileCounts(plan: MigrationPlan, loadProblems: InputProblem[]): string {
  const counts = new Map<string, number>();
  for (const file of plan.files) {
    const name = kindName(plan, file);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${n} ${name}${n === 1 ? '' : 's'}`);
  const lines = [`Candidate files: ${plan.files.length}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`];
  for (const problem of [...loadProblems, ...plan.problems]) lines.push(`  ${formatProblem(problem)}`);
  return `${lines.join('\n')}\n`;
}


export function renderDeployment(plan: MigrationPlan, palette: Palette, mask: SecretMask): string {
  const out: string[] = [palette.bold('The deployment as the files describe it:')];
  if (plan.invocations.length === 0) out.push('  no Thanos process found');
  for (const invocation of plan.invocations) {
    const word = invocation.componentWord ?? invocation.lastWord;
    const gossip = invocation.flags.filter((flag) => looksLikeGossipFlag(flag.name)).length;
    out.push(`  ${(invocation.component ?? 'thanos').padEnd(8)} ${shown(invocation.carrier.context.label)}  ${palette.dim(shown(locationOf(word.file, word.span.start)))}${gossip > 0 ? `  ${gossip} gossip flag${gossip === 1 ? '' : 's'}` : ''}`);
  }
  out.push(...renderMeshes(plan, palette, '    ').map((line) => `  ${line}`), ...renderConsumerEndpoints(plan, palette, '    ').map((line) => `  ${line}`));
  return `${mask.inText(out.join('\n'))}\n`;
}

const TEMPLATE_RULES = new Set(['helm-gossip-template', 'helm-gossip-values']);

/** Findings in Helm values and helpers: reported for a human, never edited. */
export function templateFindings(plan: MigrationPlan): Finding[] {
  return plan.findings.filter((f) => TEMPLATE_RULES.has(f.ruleId) || (f.file.kind === 'helm' && !f.fix && f.ruleId !== 'gossip-flag'));
}

export function renderTemplateNote(plan: MigrationPlan, palette: Palette, mask: SecretMask): string {
  const findings = templateFindings(plan);
  if (findings.length === 0) return '';
  const lines = [
    palette.bold('Helm and template findings: reported only'),
    '  The wizard removes gossip flags that are their own line in a template, but it never edits values files or',
    '  template helpers: a value can feed any template of the chart, and a helper can be used anywhere. Change these',
    '  by hand (they stay in the report of `migrate` and `check` until you do):',
    ...findings.map((f) => `  ${formatFinding(findingRecord(f), palette)}`),
  ];
  return `${mask.inText(lines.join('\n'))}\n`;
}

export function renderSdNote(plan: MigrationPlan): string {
  const maps = sdConfigMaps(plan);
  if (maps.length === 0) return '';
  const names = [...new Set(maps.map((m) => m.name))];
  return `On Kubernetes the SD file is automatic: it goes into ConfigMap ${names.join(', ')}, mounted at ${maps[0]!.mountPath} in the consumer's container. Nothing to choose.\n`;
}

/**
 * Everything else migrate's report says, before the first question: what is
 * left for a human, what only warns, and the questions still open (asked
 * next, one at a time). Gossip flags are in the deployment above and in the
 * diffs; template findings in their own note.
 */
export function renderFindingsNote(plan: MigrationPlan, palette: Palette, mask: SecretMask): string {
  const templates = new Set(templateFindings(plan));
  const reported = plan.findings.filter((f) => f.ruleId !== 'gossip-flag' && !templates.has(f));
  if (reported.length === 0 && plan.unusedSuppressions.length === 0) return '';
  const open = reported.filter((f) => f.isBlocking);
  const manual = reported.filter((f) => !f.isBlocking && !f.fix && f.severity !== 'info');
  const rest = reported.filter((f) => !open.includes(f) && !manual.includes(f));
  const section = (title: string, findings: Finding[]) => (findings.length === 0 ? [] : [palette.bold(title), ...findings.map((f) => `  ${formatFinding(findingRecord(f), palette)}`)]);
  const lines = [
    ...section('Open questions (asked next, or answered by the options they name):', open),
    ...section('Left for a human, or to check (migrate reports them too):', manual),
    ...section('Also reported:', rest),
    ...plan.unusedSuppressions.map((u) => shown(`  ${u.path}:${u.line}: warning: ${u.message}`)),
  ];
  return `${mask.inText(lines.join('\n'))}\n`;
}
