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

import type { Finding, Provenance } from '../model.js';
import { filesWrittenBy, wiringsOf } from '../edits/wirings.js';
import type { FileChange, MigrationPlan } from '../plan.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { furthestReach } from '../sorted.js';

/** A finding that wires a consumer: its fix carries the wiring. */
export function isWiring(finding: Finding): boolean {
  return (finding.fix ?? []).some((fix) => fix.kind === 'wire-discovery');
}

export interface OrderedChange {
  change: FileChange;
  /** Paths of changes that must be written before this one; if one of them fails, this one is not written. */
  requires: string[];
}

export type OrderInput = Pick<MigrationPlan, 'changes' | 'findings'>;

export function writeOrder(plan: OrderInput): OrderedChange[] {
  const byPath = new Map(plan.changes.map((change) => [change.path, change]));
  const requires = new Map(plan.changes.map((change) => [change.path, new Set<string>()]));
  const before = (earlier: string, later: string) => {
    if (earlier !== later && byPath.has(earlier)) requires.get(later)?.add(earlier);
  };
  const consumers = new Set<string>();
  for (const wiring of wiringsOf(plan.findings)) {
    const consumer = wiring.consumer.carrier.file.path;
    consumers.add(consumer);
    for (const path of filesWrittenBy(wiring)) before(path, consumer);
    for (const provenance of wiring.endpoints.flatMap((endpoint) => endpoint.provenance)) {
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

const at = (line: number, column: number) => line * 1e9 + column;

// A change's edits as ranges of (line, column) points, built once per change: one
// file of thousands of workloads has as many provenances as edits, and
// converting every edit for every provenance made --write quadratic.
const editReach = new WeakMap<FileChange, (point: number) => number>();

/** Whether rewriting `change` removes or replaces the text a provenance points at. */
function erases(change: FileChange, provenance: Provenance): boolean {
  const source = change.source;
  if (!source) return false;
  let reach = editReach.get(change);
  if (!reach) {
    reach = furthestReach(
      change.edits.map((edit) => {
        const start = lineColumnAt(source, edit.span.start);
        const end = lineColumnAt(source, edit.span.end);
        return { start: at(start.line, start.column), end: at(end.line, end.column) };
      }),
    );
    editReach.set(change, reach);
  }
  // Some edit starting at or before the point reaches past it: the point is inside that edit.
  const point = at(provenance.line, provenance.column);
  return reach(point) > point;
}
