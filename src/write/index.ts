// The one write path of the library: `writePlan` for a plan made in this
// run (in place, or under --out-dir), `apply` for a plan file made earlier.
// Both end in commitWrites; the CLI and the wizard call nothing else to write.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { FileChange, MigrationPlan } from '../plan.js';
import { locationOf } from '../argv/text-lines.js';
import { writeRoots, type WriteRoots } from './confine.js';
import { commitWrites, type CommitTarget, type WriteHooks } from './commit.js';
import { uncommittedFiles, type GitRunner } from './dirty.js';
import { unsafeWrites } from './gate.js';
import { writeOrder } from './order.js';
import { hasInputErrors, manualItems } from './manual.js';
import { emptyOutcome, type WriteOutcome } from './outcome.js';
import { fsPath, realpathName } from '../sources/names.js';

export type WriteMode =
  /** Rewrite the inputs where they are; `inputs` are the paths given (the tree writes are confined to). */
  | { kind: 'in-place'; inputs: string[]; allowDirty?: boolean }
  /** Write rewritten copies and SD files under `dir`, mirroring their paths. */
  | { kind: 'out-dir'; dir: string };

export interface WriteOptions {
  /** Relative paths in the plan and the mode are relative to this. */
  cwd: string;
  /** Write even when the SD list a consumer gets may be incomplete (gate.ts). */
  force?: boolean;
  /** Only these changes (the wizard's accepted files); the rest stay untouched. */
  select?: (change: FileChange) => boolean;
  signal?: AbortSignal;
  hooks?: WriteHooks;
  /** How git is run for the dirty check (tests). */
  git?: GitRunner;
}

/** stdin and --cmd are data on stdout, never files. */
function isFile(change: FileChange): boolean {
  return !change.path.startsWith('<');
}

export async function writePlan(plan: MigrationPlan, mode: WriteMode, options: WriteOptions): Promise<WriteOutcome> {
  const outcome = emptyOutcome(manualItems(plan), hasInputErrors(plan));
  if (plan.blocking.length > 0) {
    return { ...outcome, refusal: { kind: 'blocking', message: 'answer the questions above first', details: plan.blocking.map((finding) => locationOf(finding.file, finding.span.start)) } };
  }
  const unsafe = options.force ? [] : unsafeWrites(plan);
  if (unsafe.length > 0) {
    return { ...outcome, refusal: { kind: 'unsafe', message: 'a Querier or Ruler would lose gossip with an incomplete SD list (fix the input, or pass --force)', details: unsafe.map((u) => `${u.location}: ${u.message}`) } };
  }
  const selected = plan.changes.filter((change) => isFile(change) && (options.select?.(change) ?? true));
  const ordered = writeOrder({ ...plan, changes: selected });
  const display = (path: string) => relative(options.cwd, path) || path;

  if (mode.kind === 'out-dir') {
    const root = resolve(options.cwd, mode.dir);
    await mkdir(fsPath(root), { recursive: true });
    const roots: WriteRoots = { directories: [await realpathName(root)], files: [] };
    const targets = ordered.map(({ change, requires }): CommitTarget => {
      const path = outputPath(root, change.path, options.cwd);
      return { key: change.path, display: display(path), path, text: change.after, isNew: change.before === null, requires };
    });
    return { ...outcome, ...(await commitWrites(targets, { roots, signal: options.signal, hooks: options.hooks })) };
  }

  if (!mode.allowDirty) {
    const existing = ordered.filter(({ change }) => change.before !== null).map(({ change }) => change.path);
    const state = uncommittedFiles(existing, options.cwd, options.git);
    if (state.kind === 'unknown') {
      return { ...outcome, refusal: { kind: 'git-unknown', message: `cannot tell whether ${state.path} has uncommitted changes: git: ${state.reason} (pass --allow-dirty to write anyway)`, details: [] } };
    }
    if (state.dirty.length > 0) {
      return { ...outcome, refusal: { kind: 'dirty', message: `uncommitted changes in ${state.dirty.join(', ')} (commit them, or pass --allow-dirty)`, details: [] } };
    }
  }
  const roots = writeRoots(mode.inputs.length > 0 ? mode.inputs : ['.'], options.cwd);
  const targets = ordered.map(({ change, requires }): CommitTarget => ({
    key: change.path,
    display: change.path,
    path: resolve(options.cwd, change.path),
    text: change.after,
    expected: change.before,
    isNew: change.before === null,
    requires,
  }));
  return { ...outcome, ...(await commitWrites(targets, { roots, signal: options.signal, hooks: options.hooks })) };
}

/** Where --out-dir puts a path: its place relative to cwd, or (from outside cwd) its absolute path, under the directory. */
export function outputPath(outDir: string, path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  const inside = rel.startsWith('..') || isAbsolute(rel) ? absolute.replace(/^[A-Za-z]:/, '').replace(/^[\\/]+/, '') : rel;
  const root = resolve(cwd, outDir);
  const target = resolve(root, inside);
  if (target !== root && !target.startsWith(root + sep)) throw new Error(`refusing to write ${path} outside --out-dir`);
  return target;
}

export { apply, type ApplyOptions } from './apply.js';
export { manualItems, hasInputErrors } from './manual.js';
export { writeFileAtomic } from './atomic.js';
export { uncommittedFiles, type DirtyState, type GitRunner } from './dirty.js';
export { writeOrder, type OrderedChange } from './order.js';
export { unsafeWrites, type UnsafeWrite } from './gate.js';
export { withInterruptSignals } from './signals.js';
export type { WriteHooks } from './commit.js';
export type * from './outcome.js';
