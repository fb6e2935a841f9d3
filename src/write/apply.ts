// `apply PLAN`: write exactly what a reviewed plan says, confined to the
// plan's roots, or nothing.

import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { readTextOrNull } from '../sources/read.js';
import { checkPlan } from '../plan-file.js';
import { commitWrites, type CommitTarget, type WriteHooks } from './commit.js';
import { emptyOutcome, type WriteOutcome } from './outcome.js';

export interface ApplyOptions {
  cwd: string;
  signal?: AbortSignal;
  hooks?: WriteHooks;
}

export async function apply(planPath: string, options: ApplyOptions): Promise<WriteOutcome> {
  const absolute = resolve(options.cwd, planPath);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    return { ...emptyOutcome([], false), refusal: { kind: 'plan-invalid', message: `cannot read plan ${planPath}: ${(error as Error).message}`, details: [] } };
  }
  const check = checkPlan(raw, absolute, readTextOrNull);
  if (!check.ok) {
    const message = check.paths.length > 0 && check.kind === 'plan-changed' ? `${check.paths.join(', ')} ${check.reason}` : check.reason;
    return { ...emptyOutcome([], false), refusal: { kind: check.kind, message, details: check.kind === 'plan-changed' ? [] : check.paths } };
  }
  const display = (path: string) => relative(options.cwd, path) || path;
  const targets = check.writes.map((write): CommitTarget => ({
    key: write.key,
    display: display(write.path),
    path: write.path,
    text: write.text,
    expected: write.expected,
    isNew: write.expected === null,
    requires: write.requires,
  }));
  const result = await commitWrites(targets, { roots: check.roots, signal: options.signal, hooks: options.hooks });
  return { ...emptyOutcome(check.manual, false), ...result };
}
