// `apply PLAN`: write exactly what a reviewed plan says, or nothing.

import { apply, type CliIo, exitCodeFor, renderWriteOutcome, withInterruptSignals } from '../index.js';

export async function runApply(planPath: string, raw: { quiet?: boolean }, io: CliIo): Promise<number> {
  const outcome = await withInterruptSignals((signal) => apply(planPath, { cwd: io.cwd, signal }));
  io.stderr.write(renderWriteOutcome(outcome, { quiet: Boolean(raw.quiet), subject: planPath }));
  return exitCodeFor(outcome);
}
