// `migrate --plan-out` and `apply`: a reviewed plan is applied exactly, or
// not at all. The plan records the trees it may write in (relative to the
// plan file), every edit as a span of the input's text in write order, the
// inferred endpoints with their provenance, and a SHA-256 of every input; if
// any input changed since, apply refuses and names the files.
//
// A plan file is input like any other: a pull request can hand one to CI. So
// apply trusts only the plan file's own location. A root must lie inside the
// plan's directory; every path must be relative, inside a root without `..`,
// and (checked again when writing) really inside it once links are resolved.

import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import type { Endpoint, SourceFile, UnresolvedEndpoint } from './model.js';
import type { MigrationPlan } from './plan.js';
import { applyEdits } from './edits/apply.js';
import { writeOrder } from './write/order.js';
import { isInsideRoots, resolveTarget, type WriteRoots } from './write/confine.js';
import { manualItems } from './write/manual.js';
import type { ManualItem } from './write/outcome.js';

/** 3: `manual` holds finding records (ruleId, messageId, data, path, line, column…), not location and message. */
export const PLAN_VERSION = 3;

interface PlanEdit {
  start: number;
  end: number;
  text: string;
}

export type PlanChange =
  | { path: string; kind: 'edit'; sha256: string; sha256After: string; edits: PlanEdit[]; requires: string[] }
  | { path: string; kind: 'create'; content: string; requires: string[] };

export interface PlanFile {
  version: typeof PLAN_VERSION;
  tool: { name: 'thanos-gossip-migrate'; version: string };
  /** The directories apply may write in, relative to the plan file's directory. */
  roots: string[];
  /** Every input read, by path relative to the plan file, with its SHA-256. */
  inputs: { path: string; sha256: string }[];
  /** In write order; `requires` names the changes that must be written first. */
  changes: PlanChange[];
  endpoints: { role: string; address: string; confidence: string; reason: string; provenance: Endpoint['provenance'] }[];
  unresolved: { role: string; label: string; file: string; missing: string }[];
  /** Findings no edit resolves, left for a human after applying. */
  manual: ManualItem[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A plan that could not be applied from where it would be written. */
export class PlanLocationError extends Error {}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function buildPlanFile(plan: MigrationPlan, inputs: SourceFile[], toolVersion: string, planPath: string, cwd: string, inputPaths: string[]): PlanFile {
  const planDir = dirname(resolve(cwd, planPath));
  const where = (path: string) => relative(planDir, resolve(cwd, path)).split(sep).join('/') || '.';
  const roots = [...new Set(inputPaths.map((input) => where(isDirectory(resolve(cwd, input)) ? input : dirname(input))))];
  for (const root of roots) {
    if (pathProblem(root) !== null) throw new PlanLocationError(`write the plan at or above the tree it plans for: ${resolve(planDir, root)} is not under ${planDir}`);
  }
  const endpoint = (e: Endpoint) => ({ role: e.role, address: e.address, confidence: e.confidence, reason: e.reason, provenance: e.provenance });
  const unresolved = (u: UnresolvedEndpoint) => ({ role: u.role, label: u.label, file: where(u.file.path), missing: u.missing });
  const files = plan.changes.filter((change) => !change.path.startsWith('<'));
  return {
    version: PLAN_VERSION,
    tool: { name: 'thanos-gossip-migrate', version: toolVersion },
    roots,
    inputs: inputs.filter((file) => !file.path.startsWith('<')).map((file) => ({ path: where(file.path), sha256: sha256(file.text) })),
    changes: writeOrder({ ...plan, changes: files }).map(({ change, requires }): PlanChange => {
      const first = requires.map(where);
      if (change.before === null) return { path: where(change.path), kind: 'create', content: change.after, requires: first };
      return {
        path: where(change.path),
        kind: 'edit',
        sha256: sha256(change.before),
        sha256After: sha256(change.after),
        edits: change.edits.map((edit) => ({ start: edit.span.start, end: edit.span.end, text: edit.text })),
        requires: first,
      };
    }),
    endpoints: plan.consumers.flatMap((entry) => entry.endpoints.map((e) => ({ consumer: entry.name.name, ...endpoint(e) }))),
    unresolved: plan.consumers.flatMap((entry) => entry.unresolved.map((u) => ({ consumer: entry.name.name, ...unresolved(u) }))),
    manual: manualItems(plan),
  };
}

/** Why a path from a plan may not be used as given, or null: absolute, or climbing with `..`. */
function pathProblem(path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return 'not a path';
  if (isAbsolute(path) || /^[A-Za-z]:|^[\\/]/.test(path)) return 'an absolute path';
  const normalized = posix.normalize(path.split('\\').join('/'));
  if (normalized === '..' || normalized.startsWith('../')) return 'climbs out with ..';
  return null;
}

export interface PlannedWrite {
  /** The plan's path, which `requires` refers to. */
  key: string;
  path: string;
  text: string;
  /** What the file holds now, checked again just before the rename; null for a file to create. */
  expected: string | null;
  requires: string[];
}

export type PlanCheck =
  | { ok: true; roots: WriteRoots; writes: PlannedWrite[]; manual: ManualItem[] }
  | { ok: false; kind: 'plan-invalid' | 'outside' | 'plan-changed'; paths: string[]; reason: string };

/**
 * What applying the plan read from `planPath` would write, given how files
 * read now (`read` returns null for a missing file). Refuses a plan that
 * reaches outside its roots, or whose inputs or targets differ from when it
 * was made; a change already applied (an interrupted apply) is passed over.
 */
export function checkPlan(raw: unknown, planPath: string, read: (absolutePath: string) => string | null): PlanCheck {
  const plan = raw as Partial<PlanFile> | null;
  if (typeof plan !== 'object' || plan === null || plan.version !== PLAN_VERSION || !Array.isArray(plan.roots) || !Array.isArray(plan.inputs) || !Array.isArray(plan.changes)) {
    const version = typeof plan === 'object' && plan !== null ? plan.version : undefined;
    return { ok: false, kind: 'plan-invalid', paths: [], reason: version === PLAN_VERSION ? 'not a plan file (roots, inputs and changes expected)' : `plan version ${String(version)}; this tool reads version ${PLAN_VERSION} (make the plan again)` };
  }
  const malformed = plan.changes.find((change) => !(change?.kind === 'create' && typeof change.content === 'string') && !(change?.kind === 'edit' && Array.isArray(change.edits)));
  if (malformed !== undefined) return { ok: false, kind: 'plan-invalid', paths: [], reason: 'a change is neither an edit nor a create' };
  const planDir = dirname(resolve(planPath));
  const realPlanDir = realpathSync(planDir);
  const outside: string[] = [];
  const rootDirs: string[] = [];
  for (const root of plan.roots) {
    const problem = pathProblem(root);
    const real = problem === null ? realOrNull(resolve(planDir, root)) : null;
    const isInside = real !== null && (real === realPlanDir || isInsideRoots(real, { directories: [realPlanDir], files: [] }));
    if (problem !== null || !isInside) {
      outside.push(`root ${String(root)}: ${problem ?? 'not a directory inside the plan\'s directory'}`);
    } else rootDirs.push(resolve(planDir, root));
  }
  const lexicalRoots: WriteRoots = { directories: rootDirs, files: [] };
  const realRoots: WriteRoots = { directories: rootDirs.map((root) => realOrNull(root) ?? root), files: [] };
  // Lexically inside a root, then really (a link inside the tree must not carry a read or a write out of it).
  const confined = (path: unknown): path is string => {
    const problem = pathProblem(path);
    const absolute = resolve(planDir, String(path));
    const target = problem === null && isInsideRoots(absolute, lexicalRoots) ? resolveTarget(absolute) : null;
    if (target && (!target.ok || isInsideRoots(target.realPath, realRoots))) return true;
    outside.push(`${String(path)}: ${problem ?? (target?.ok ? `it leads to ${target.realPath}, outside the plan's roots` : "outside the plan's roots")}`);
    return false;
  };
  for (const input of plan.inputs) confined(input?.path);
  for (const change of plan.changes) confined(change?.path);
  if (outside.length > 0) return { ok: false, kind: 'outside', paths: outside, reason: 'the plan reaches outside the tree it was made for' };

  const at = (path: string) => resolve(planDir, path);
  const edited = new Set(plan.changes.filter((change) => change.kind === 'edit').map((change) => change.path));
  const changed: string[] = [];
  for (const input of plan.inputs) {
    if (edited.has(input.path)) continue; // checked with its change, which may already be applied
    const text = read(at(input.path));
    if (text === null || sha256(text) !== input.sha256) changed.push(input.path);
  }
  const writes: PlannedWrite[] = [];
  for (const change of plan.changes) {
    const current = read(at(change.path));
    if (change.kind === 'create') {
      if (current === change.content) continue;
      if (current !== null) changed.push(change.path);
      else writes.push({ key: change.path, path: at(change.path), text: change.content, expected: null, requires: change.requires ?? [] });
      continue;
    }
    if (current !== null && sha256(current) === change.sha256After) continue;
    if (current === null || sha256(current) !== change.sha256) {
      changed.push(change.path);
      continue;
    }
    const applied = applyEdits(current, change.edits.map((edit) => ({ file: { path: change.path, text: current, kind: 'unknown' }, span: { start: edit.start, end: edit.end }, text: edit.text })));
    if (applied.conflicts.length > 0 || sha256(applied.text) !== change.sha256After) return { ok: false, kind: 'plan-invalid', paths: [change.path], reason: 'the plan\'s edits do not produce the result it records' };
    writes.push({ key: change.path, path: at(change.path), text: applied.text, expected: current, requires: change.requires ?? [] });
  }
  if (changed.length > 0) return { ok: false, kind: 'plan-changed', paths: changed, reason: 'changed since the plan was made' };
  return { ok: true, roots: realRoots, writes, manual: Array.isArray(plan.manual) ? plan.manual : [] };
}

function realOrNull(path: string): string | null {
  try {
    return statSync(path).isDirectory() ? realpathSync(path) : null;
  } catch {
    return null;
  }
}
