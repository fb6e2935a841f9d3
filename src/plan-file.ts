// `migrate --plan-out` and `apply`: a reviewed plan is applied exactly, or
// not at all. The plan records every edit as a span of the input's text, the
// inferred endpoints with their provenance, and a SHA-256 of every input; if
// any input changed since, apply refuses and names the files.

import { createHash } from 'node:crypto';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Endpoint, SourceFile, UnresolvedEndpoint } from './model.js';
import type { MigrationPlan } from './engine.js';
import { applyEdits } from './edits/apply.js';

export const PLAN_VERSION = 1;

interface PlanEdit {
  start: number;
  end: number;
  text: string;
}

export interface PlanFile {
  version: typeof PLAN_VERSION;
  tool: { name: 'thanos-gossip-migrate'; version: string };
  /** Every input read, by path relative to the plan file, with its SHA-256. */
  inputs: { path: string; sha256: string }[];
  changes: ({ path: string; kind: 'edit'; sha256: string; edits: PlanEdit[] } | { path: string; kind: 'create'; content: string })[];
  endpoints: { role: string; address: string; confidence: string; reason: string; provenance: Endpoint['provenance'] }[];
  unresolved: { role: string; label: string; file: string; missing: string }[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function toPlanPath(planDir: string, path: string, cwd: string): string {
  return relative(planDir, resolve(cwd, path)).split(sep).join('/');
}

export function buildPlanFile(plan: MigrationPlan, inputs: SourceFile[], toolVersion: string, planPath: string, cwd: string): PlanFile {
  const planDir = dirname(resolve(cwd, planPath));
  const where = (path: string) => toPlanPath(planDir, path, cwd);
  const endpoint = (e: Endpoint) => ({ role: e.role, address: e.address, confidence: e.confidence, reason: e.reason, provenance: e.provenance });
  const unresolved = (u: UnresolvedEndpoint) => ({ role: u.role, label: u.label, file: where(u.file.path), missing: u.missing });
  return {
    version: PLAN_VERSION,
    tool: { name: 'thanos-gossip-migrate', version: toolVersion },
    inputs: inputs.filter((file) => !file.path.startsWith('<')).map((file) => ({ path: where(file.path), sha256: sha256(file.text) })),
    changes: plan.changes.map((change) =>
      change.before === null
        ? { path: where(change.path), kind: 'create' as const, content: change.after }
        : {
            path: where(change.path),
            kind: 'edit' as const,
            sha256: sha256(change.before),
            edits: change.edits.map((edit) => ({ start: edit.span.start, end: edit.span.end, text: edit.text })),
          },
    ),
    endpoints: plan.consumers.flatMap((entry) => entry.endpoints.map((e) => ({ consumer: entry.name.name, ...endpoint(e) }))),
    unresolved: plan.consumers.flatMap((entry) => entry.unresolved.map((u) => ({ consumer: entry.name.name, ...unresolved(u) }))),
  };
}

export type PlanCheck =
  | { ok: true; writes: { path: string; text: string }[] }
  | { ok: false; changed: string[]; reason: string };

/**
 * What applying `plan` (read from `planPath`) would write, given how files
 * read now (`read` returns null for a missing file); refuses when any input
 * or target differs from when the plan was made.
 */
export function resolvePlan(plan: PlanFile, planPath: string, read: (absolutePath: string) => string | null): PlanCheck {
  if (plan.version !== PLAN_VERSION) return { ok: false, changed: [], reason: `plan version ${String(plan.version)}; this tool reads version ${PLAN_VERSION}` };
  const base = dirname(resolve(planPath));
  const at = (path: string) => resolve(base, path);
  const changed: string[] = [];
  for (const input of plan.inputs) {
    const text = read(at(input.path));
    if (text === null || sha256(text) !== input.sha256) changed.push(input.path);
  }
  const writes: { path: string; text: string }[] = [];
  for (const change of plan.changes) {
    const current = read(at(change.path));
    if (change.kind === 'create') {
      if (current !== null && current !== change.content) changed.push(change.path);
      else writes.push({ path: at(change.path), text: change.content });
      continue;
    }
    if (current === null || sha256(current) !== change.sha256) {
      if (!changed.includes(change.path)) changed.push(change.path);
      continue;
    }
    const applied = applyEdits(current, change.edits.map((edit) => ({ file: { path: change.path, text: current, kind: 'unknown' }, span: { start: edit.start, end: edit.end }, text: edit.text })));
    if (applied.conflicts.length > 0) return { ok: false, changed: [change.path], reason: 'the plan holds overlapping edits' };
    writes.push({ path: at(change.path), text: applied.text });
  }
  if (changed.length > 0) return { ok: false, changed, reason: 'changed since the plan was made' };
  return { ok: true, writes };
}
