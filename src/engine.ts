// The pipeline in one place: files -> carriers -> invocations -> findings ->
// edits -> changes. Pure: it reads SourceFiles and returns values; writing
// and printing belong to the callers.

import type { Endpoint, Finding, Invocation, SourceFile } from './model.js';
import type { Analysis, FileChange, InputProblem, MigrationPlan, ReadFile } from './plan.js';
import { readCarriers, shellAssignedVariables, whyNotEdited, wireDiscovery, type CarrierReadResult } from './carriers/index.js';
import { kustomizePatchFiles } from './carriers/yaml/kustomize-patches.js';
import type { SecondPass } from './load.js';

export { readCarriersOfFile } from './carriers/index.js';
import { findInvocation } from './analysis/invocations.js';
import { canReach } from './analysis/endpoints.js';
import { analyzeConsumers, type ConsumerEndpoints } from './analysis/consumers.js';
import { consumersInUneditedText } from './analysis/manual-consumers.js';
import { sdFileNames } from './analysis/sd-placement.js';
import { ownSdTargets, readBackDiscovery } from './analysis/read-back.js';
import { discoveryFlagsFor } from './thanos/versions.js';
import { accountGossipTokens, type GossipAccount } from './analysis/accounting.js';
import { LATE_RULES, RULES } from './rules/index.js';
import type { MigrationOptions } from './options.js';
import { planEdits } from './edits/plan.js';
import { applyEdits } from './edits/apply.js';
import { renderSdFile } from './sd/render.js';
import { unplannedYamlChanges } from './edits/yaml-check.js';
import { locateSdFile } from './analysis/sd-lookup.js';
import { locateMountedSdFile } from './analysis/sd-mounts.js';
import { kubeLookupOf } from './analysis/kube-lookup.js';
import { isConfigVariablesFile, readConfigVariables } from './carriers/config-vars.js';
import { workloadContextOf } from './model.js';
import { suppressionsFollowingTheirLine } from './suppress/follow-line.js';
import { applyPolicy, NO_POLICY, type FindingPolicy, type PolicyResult } from './suppress/policy.js';
import { append } from './lists.js';
import { firstContainingByFile } from './analysis/containing.js';

/**
 * Pod label values of the Kubernetes workloads that run Thanos: a Service
 * selecting one of them must name the value, which is how the second loading
 * pass finds Services the prefilter set aside.
 */
export function thanosPodLabelValues(files: SourceFile[]): string[] {
  return secondLoadingPass(files).labelValues;
}

/**
 * What loading reads in its second pass: the Services that select Thanos
 * pods (by their label values), and the patch files kustomizations apply,
 * which may patch a Service the migration would remove.
 */
export function secondLoadingPass(files: SourceFile[]): SecondPass {
  const read = readCarriers(files);
  return { labelValues: podLabelValuesOf(read), paths: kustomizePatchFiles(read.kubeObjects) };
}

function podLabelValuesOf(read: CarrierReadResult): string[] {
  const kube = kubeLookupOf(read.kubeObjects);
  const values = new Set<string>();
  for (const carrier of read.carriers) {
    const context = workloadContextOf(carrier.context);
    if (!context || !findInvocation(carrier)) continue;
    const labels = kube.inFile(carrier.file, context.workloadName)?.object.podLabels ?? {};
    // A workload already selected by a Service in hand needs no search.
    if (kube.selecting('Service', labels).length > 0) continue;
    for (const [key, value] of Object.entries(labels)) {
      // Generic values (`"true"`, numbers) would pull in every Service of the tree; gossip labels select nothing now.
      if (/^thanos-peers?$/.test(key) || /^(true|false|yes|no|\d+)$/i.test(value) || value.length < 3) continue;
      values.add(value);
    }
  }
  return [...values];
}

export function analyze(files: SourceFile[], options: MigrationOptions, readFile: ReadFile = () => null): Analysis {
  const byPath = new Map(files.map((file) => [file.path, file.text]));
  const readText: ReadFile = (path) => byPath.get(path) ?? readFile(path);
  // Where a refusal to read has nothing to say (our own SD file, a bind-mounted one), it is just no text.
  const readTextOrNone = (path: string): string | null => {
    const text = readText(path);
    return typeof text === 'string' ? text : null;
  };
  const read = readCarriers(files);
  const invocations = read.carriers.flatMap((carrier) => {
    const invocation = findInvocation(carrier);
    return invocation ? [invocation] : [];
  });
  const facts = {
    kube: { objects: read.kubeObjects, dnsStyle: options.kubeDns, ...(options.namespace !== undefined ? { defaultNamespace: options.namespace } : {}) },
    compose: { services: read.composeServices },
  };
  const { model, consumers, answers, nameOf } = analyzeConsumers(invocations, facts, options);
  const discovery = discoveryFlagsFor(options.target);
  const flagOf = (entry: ConsumerEndpoints) => (entry.role === 'store' ? discovery.queryStoreFileFlag : discovery.ruleQueryFileFlag);
  const sdNames = sdFileNames(consumers, flagOf, options);
  const context = {
    invocations,
    carriers: read.carriers,
    kubeObjects: read.kubeObjects,
    valuesKeys: read.valuesKeys,
    templateDefines: read.templateDefines,
    embeddedThanosPeers: read.embeddedThanosPeers,
    documentation: read.documentation,
    unitSlots: read.unitSlots,
    jsonnetLeftovers: read.jsonnetLeftovers,
    configVariables: [...files.filter((file) => isConfigVariablesFile(file.path)).flatMap(readConfigVariables), ...shellAssignedVariables(read.carriers)],
    files,
    consumers,
    meshes: model.meshes,
    answers,
    nameOf,
    options,
    sdFileName: (entry: ConsumerEndpoints) => sdNames.get(entry)!,
    wireDiscovery,
    whyNotEdited,
    canReach: (consumer: Invocation, endpoint: Endpoint) => canReach(consumer, endpoint, facts.compose),
    locateSdFile: (invocation: Invocation, value: string) => locateSdFile(invocation, value, readText),
    readOwnSdFile: (path: string, schema: 'file-sd' | 'endpoint-config') => ownSdTargets(readTextOrNone(path), path, schema),
    locateMountedSdFile: (invocation: Invocation, value: string) => locateMountedSdFile(invocation, value, { kubeObjects: read.kubeObjects, composeServices: read.composeServices }, readTextOrNone),
    earlier: [],
    unaccounted: [],
    manualConsumers: [],
    manualReason: () => undefined,
    manualNotes: [],
  };
  const early = RULES.flatMap((rule) => rule.check(context));
  const unreadable = new Map(read.problems.filter((p) => !p.isManual).map((p) => [p.file, p.message]));
  const { unaccounted } = accountGossipTokens(files, read.carriers, early, unreadable);
  // Carriers say where they will not edit: those are findings for a human, not unreadable input.
  // The catch-all reports each gossip token there with the carrier's reason.
  const manualNotes = read.problems.filter((p) => p.isManual);
  const manualNoteAt = firstContainingByFile(manualNotes, (note) => note.file, (note) => note.span);
  const manualReason = (file: SourceFile, offset: number) => manualNoteAt(file, offset)?.message;
  const manualConsumers = consumersInUneditedText(unaccounted, invocations, facts, options);
  const late = LATE_RULES.flatMap((rule) => rule.check({ ...context, earlier: early, unaccounted, manualReason, manualNotes, manualConsumers }));
  const findings = sortFindings([...early, ...late]);
  const problems: InputProblem[] = read.problems
    .filter((p) => !p.isManual)
    .map((p) => ({ path: p.file.path, file: p.file, span: p.span, message: p.message, isSkip: false }));
  const accounting = accountGossipTokens(files, read.carriers, findings, unreadable);
  // The catch-all turns every token left into a finding; one left here is a bug, and says so.
  for (const { file, token } of accounting.unaccounted) {
    problems.push({ path: file.path, file, span: token.span, message: `internal error: ${token.subject} is not accounted for`, isSkip: false });
  }
  return {
    files,
    invocations,
    findings,
    consumers,
    meshes: model.meshes,
    answers,
    nameOf,
    discovery: readBackDiscovery(invocations, nameOf, (invocation, value) => {
      // Kubernetes and compose consumers read their SD file through a ConfigMap or a bind mount.
      const mounted = context.locateMountedSdFile(invocation, value);
      if (mounted.status === 'found') return { status: 'found', path: mounted.file.path, text: mounted.text, note: mounted.note };
      if (mounted.status === 'missing') return { status: 'missing', path: mounted.note };
      return context.locateSdFile(invocation, value);
    }),
    accounting: accounting.accounts,
    links: read.links,
    problems,
  };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0) ||
      a.span.start - b.span.start ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

const YAML_KINDS = new Set(['yaml', 'compose', 'values']);

export function planMigration(files: SourceFile[], options: MigrationOptions, existing: ReadFile, policy: FindingPolicy = NO_POLICY): MigrationPlan {
  const analysis = analyze(files, options, existing);
  const policed = applyPolicy(analysis.findings, files, policy);
  const plan = planEdits(policed.kept);
  const changes: FileChange[] = [];
  const problems = [...analysis.problems];
  for (const failure of plan.failures) {
    problems.push({ path: failure.file.path, file: failure.file, message: `internal error: ${failure.message}; file left untouched`, isSkip: false });
  }
  for (const file of files) {
    const planned = plan.editsByFile.get(file);
    if (!planned || planned.length === 0) continue;
    const edits = [...planned, ...suppressionsFollowingTheirLine(file, planned)];
    const applied = applyEdits(file.text, edits);
    if (applied.conflicts.length > 0) {
      problems.push({ path: file.path, file, span: applied.conflicts[0]!.span, message: 'internal error: overlapping edits; file left untouched', isSkip: false });
      continue;
    }
    if (applied.text !== file.text) changes.push({ path: file.path, before: file.text, after: applied.text, source: file, edits });
  }
  for (const sd of plan.sdFiles) {
    const text = renderSdFile(sd);
    const read = existing(sd.path);
    const before = typeof read === 'string' ? read : null;
    if (before !== text) changes.push({ path: sd.path, before, after: text, edits: [] });
  }
  append(problems, selfCheck(files, changes, options, analysis.problems, policy));
  const failed = new Set(problems.filter((p) => p.message.startsWith('internal error')).map((p) => p.path));
  const blocking = analysis.findings.filter((finding) => finding.isBlocking);
  return {
    ...analysis,
    findings: policed.kept,
    accounting: markSuppressed(analysis.accounting, policed.suppressed),
    problems,
    changes: changes.filter((change) => !failed.has(change.path)),
    sdFiles: plan.sdFiles,
    blocking,
    suppressed: policed.suppressed,
    unusedSuppressions: policed.unused,
  };
}

/** A suppressed gossip flag stays where it is, and the accounting says who kept it. */
function markSuppressed(accounting: GossipAccount[], suppressed: PolicyResult['suppressed']): GossipAccount[] {
  if (suppressed.length === 0) return accounting;
  return accounting.map((account) => {
    const hit = suppressed.find(({ finding }) => finding.outcome && finding.file === account.file && finding.span.start === account.span.start);
    return hit ? { ...account, outcome: 'suppressed', why: `suppressed by ${hit.by}` } : account;
  });
}

/**
 * The rewritten files must parse again and leave nothing for the gossip rule
 * to remove (prettier's idempotence check, run on every migration).
 */
function selfCheck(files: SourceFile[], changes: FileChange[], options: MigrationOptions, original: InputProblem[], policy: FindingPolicy): InputProblem[] {
  if (changes.length === 0) return [];
  const treeProblems: InputProblem[] = [];
  for (const change of changes) {
    if (!change.source || !YAML_KINDS.has(change.source.kind) || change.before === null) continue;
    const unplanned = unplannedYamlChanges(change.before, change.after);
    if (unplanned && unplanned.length > 0) {
      treeProblems.push({ path: change.path, file: change.source, message: `internal error: the rewrite changes more than planned (${unplanned.slice(0, 3).join('; ')}); file left untouched`, isSkip: false });
    }
  }
  const changed = new Map(changes.filter((c) => c.source).map((c) => [c.source!, c.after]));
  const rewritten = files.map((file) => (changed.has(file) ? { ...file, text: changed.get(file)! } : file));
  let again: Analysis;
  try {
    again = analyze(rewritten, options);
  } catch (error) {
    return [...changed.keys()].map((file) => ({ path: file.path, message: `internal error: rewritten file no longer parses (${(error as Error).message}); file left untouched`, isSkip: false }));
  }
  // Only problems the rewrite introduced count: a file that had a manual note before may keep it.
  const before = new Set(original.map((p) => `${p.path}\0${p.message}`));
  const changedPaths = new Set([...changed.keys()].map((file) => file.path));
  const problems: InputProblem[] = [
    ...treeProblems,
    ...again.problems
      .filter((p) => changedPaths.has(p.path) && !before.has(`${p.path}\0${p.message}`))
      .map((p) => ({ path: p.path, message: `internal error: rewritten file no longer parses (${p.message}); file left untouched`, isSkip: false })),
  ];
  if (!options.keepGossip) {
    for (const finding of applyPolicy(again.findings, rewritten, policy).kept) {
      if (finding.ruleId === 'gossip-flag' && finding.fix) {
        problems.push({ path: finding.file.path, message: `internal error: gossip flag left after rewrite (${finding.message}); file left untouched`, isSkip: false });
      }
    }
  }
  return problems;
}
