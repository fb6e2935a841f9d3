// The order that makes an interrupted `--write` finishable by running it
// again. A rerun re-infers everything from the files as they are then, so:
// - what a consumer's wiring creates elsewhere (its SD file, a Service in
//   another file) is written before the consumer: once the consumer names its
//   SD file, a rerun no longer wires it and would never create them;
// - a file whose rewrite erases the evidence of a consumer's endpoints (an
//   advertise flag) is written after that consumer: while the consumer is not
//   wired, a rerun still needs that evidence.
// Among files free to go, SD files first, then consumers, then the rest, each
// by path. A file that must both precede and follow one consumer (a Querier
// and a Ruler that are each other's only evidence) is a cycle no order
// resolves; it is broken by rank and path.

import type { Endpoint, Finding, Fix, Provenance } from '../model.js';
import type { FileChange, MigrationPlan } from '../engine.js';
import { lineColumnAt } from '../argv/text-lines.js';

/** The rules whose fixes wire a consumer (Query, Rule) to discovery; their finding's file is the consumer. */
const WIRING_RULES: Record<string, 'store' | 'query'> = { 'query-store-discovery': 'store', 'rule-query-discovery': 'query' };

/** A finding that wires a consumer: its file is the consumer's, its fixes what the wiring writes. */
export function isWiring(finding: Finding): boolean {
  return WIRING_RULES[finding.ruleId] !== undefined && Boolean(finding.fix);
}

export interface OrderedChange {
  change: FileChange;
  /** Paths of changes that must be written before this one; if one of them fails, this one is not written. */
  requires: string[];
}

export type OrderInput = Pick<MigrationPlan, 'changes' | 'findings' | 'consumers'>;

export function writeOrder(plan: OrderInput): OrderedChange[] {
  const byPath = new Map(plan.changes.map((change) => [change.path, change]));
  const requires = new Map(plan.changes.map((change) => [change.path, new Set<string>()]));
  const before = (earlier: string, later: string) => {
    if (earlier !== later && byPath.has(earlier)) requires.get(later)?.add(earlier);
  };
  const consumers = new Set<string>();
  for (const finding of plan.findings) {
    if (!isWiring(finding)) continue;
    const role = WIRING_RULES[finding.ruleId]!;
    const consumer = finding.file.path;
    consumers.add(consumer);
    for (const path of createdElsewhere(finding.fix!)) before(path, consumer);
    const candidates = plan.consumers.filter((entry) => entry.role === role).flatMap((entry) => entry.endpoints);
    for (const provenance of endpointsOf(finding.fix!, candidates).flatMap((endpoint) => endpoint.provenance)) {
      const holder = byPath.get(provenance.file);
      if (holder && erases(holder, provenance)) before(consumer, provenance.file);
    }
  }
  const rank = (change: FileChange) => (!change.source ? 0 : consumers.has(change.path) ? 1 : 2);
  const byRankAndPath = (a: FileChange, b: FileChange) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

  const order: OrderedChange[] = [];
  const done = new Set<string>();
  const pending = [...plan.changes].sort(byRankAndPath);
  while (pending.length > 0) {
    const ready = pending.findIndex((change) => [...requires.get(change.path)!].every((path) => done.has(path)));
    const [next] = pending.splice(ready === -1 ? 0 : ready, 1);
    done.add(next!.path);
    order.push({ change: next!, requires: [...requires.get(next!.path)!].sort() });
  }
  return order;
}

/** Files a consumer's wiring writes besides the consumer itself. */
function createdElsewhere(fixes: Fix[]): string[] {
  return fixes.flatMap((fix) => (fix.kind === 'write-sd-file' ? [fix.file.path] : fix.kind === 'kube-add-service' ? [fix.service.file.path] : []));
}

/** The endpoints a consumer's wiring lists: in its SD files, or as static flags naming their addresses. */
function endpointsOf(fixes: Fix[], candidates: Endpoint[]): Endpoint[] {
  const listed: Endpoint[] = [];
  const inserted: string[] = [];
  for (const fix of fixes) {
    if (fix.kind === 'write-sd-file') listed.push(...fix.file.endpoints);
    else if (fix.kind === 'kube-sd-configmap') listed.push(...fix.sd.endpoints);
    else if (fix.kind === 'insert-args') inserted.push(...fix.args.map((arg) => ('value' in arg ? arg.value : arg.raw)));
  }
  return [...listed, ...candidates.filter((endpoint) => inserted.some((arg) => arg.endsWith(`=${endpoint.address}`)))];
}

/** Whether rewriting `change` removes or replaces the text a provenance points at. */
function erases(change: FileChange, provenance: Provenance): boolean {
  const source = change.source;
  if (!source) return false;
  const at = (line: number, column: number) => line * 1e9 + column;
  const point = at(provenance.line, provenance.column);
  return change.edits.some((edit) => {
    const start = lineColumnAt(source, edit.span.start);
    const end = lineColumnAt(source, edit.span.end);
    return at(start.line, start.column) <= point && point < at(end.line, end.column);
  });
}
