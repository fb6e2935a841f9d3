// `apply PLAN`: write exactly what a reviewed plan says, or nothing.

import { readTextOrNull } from '../sources/read.js';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { writeFileAtomic } from '../output/write.js';
import { escapeForDisplay } from '../output/escape.js';
import { resolvePlan, type PlanFile } from '../plan-file.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

export async function runApply(planPath: string, raw: { quiet?: boolean }, io: CliIo): Promise<number> {
  const absolute = resolve(io.cwd, planPath);
  let plan: PlanFile;
  try {
    plan = JSON.parse(readFileSync(absolute, 'utf8')) as PlanFile;
  } catch (error) {
    throw new UsageError(`cannot read plan ${planPath}: ${(error as Error).message}`);
  }
  const check = resolvePlan(plan, absolute, readTextOrNull);
  if (!check.ok) {
    io.stderr.write(`${escapeForDisplay(`${planPath}: nothing written: ${check.changed.length > 0 ? `${check.changed.join(', ')} ${check.reason}` : check.reason}`)}\n`);
    return EXIT.unreadableInput;
  }
  for (const write of check.writes) {
    await writeFileAtomic(write.path, write.text);
    if (!raw.quiet) io.stderr.write(`wrote ${escapeForDisplay(relative(io.cwd, write.path) || write.path)}\n`);
  }
  return EXIT.clean;
}
