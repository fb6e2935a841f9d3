// `migrate`: options -> library calls -> diff on stdout, report on stderr,
// writes through the library's one write path, exit code from the one table.
// No migration or write logic lives here.

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildPlanFile,
  type CliIo,
  type ColorOption,
  confinedReader,
  escapeForDisplay as shown,
  exitCodeFor,
  hasInputErrors as hasInputErrorsIn,
  loadDeployment,
  loadTextInputs,
  maskFor,
  migrationOptions,
  paletteFor,
  PlanLocationError,
  planMigration,
  type RawOptions,
  renderDiff,
  renderReport,
  renderWriteOutcome,
  secretsOf,
  secondLoadingPass,
  unsafeWrites,
  UsageError,
  withInterruptSignals,
  writeFileAtomic,
  writePlan,
} from '../index.js';
import { requireExistingPaths } from './paths.js';
import { resolveSettings, type RawSettingOptions } from './settings.js';
import { toolVersion } from './version.js';
import { progressDelay, startProgress } from './progress.js';


/** --out-dir must be a directory the tool can make: a usage error before anything is read, not a failure after. */
function prepareOutDir(outDir: string, cwd: string): void {
  try {
    mkdirSync(resolve(cwd, outDir), { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--out-dir ${outDir}: cannot create it (${code ?? (error as Error).message})`);
  }
}

export async function runMigrate(paths: string[], given: RawOptions & RawSettingOptions & ColorOption, io: CliIo, isFromCli: (name: string) => boolean = () => true): Promise<number> {
  requireExistingPaths(paths, io.cwd);
  const { raw, scope } = await resolveSettings(given, io, isFromCli);
  const options = migrationOptions(raw);
  const stdinRequested = paths.includes('-');
  const filePaths = paths.filter((path) => path !== '-');
  if (filePaths.length === 0 && !stdinRequested && raw.cmd === undefined) {
    throw new UsageError('name files or directories to migrate, - for stdin, or --cmd "<command line>"');
  }
  if (raw.planOut !== undefined && (raw.write || raw.outDir !== undefined)) {
    throw new UsageError('--plan-out makes a plan to review: apply it later with `apply`, not with --write or --out-dir');
  }
  if (raw.outDir !== undefined) prepareOutDir(raw.outDir, io.cwd);
  const { files, problems } = await loadTextInputs(raw.cmd, stdinRequested ? io.stdin : null, raw.stdinFilename);
  const progress = startProgress(io, Boolean(raw.quiet), progressDelay(io.env));
  const loaded = await loadDeployment(filePaths, secondLoadingPass, { cwd: io.cwd, exclude: scope.exclude, onProgress: progress.update }).finally(progress.end);
  // One push per item: a spread of 100,000 files would overflow the stack.
  for (const file of loaded.files) files.push(file);
  for (const problem of loaded.problems) problems.push(problem);

  const plan = planMigration(files, options, confinedReader(filePaths.length > 0 ? filePaths : ['.'], io.cwd), scope.policy);
  plan.problems = [...problems, ...plan.problems];
  const palette = paletteFor(io.stdout, io.env, given.color);
  const reportPalette = paletteFor(io.stderr, io.env, given.color);
  const mask = maskFor(raw.showSecrets ? null : secretsOf(plan.files));
  const quiet = Boolean(raw.quiet);

  const textChanges = plan.changes.filter((change) => change.path === '<cmd>' || change.path === '<stdin>');
  const fileChanges = plan.changes.filter((change) => !textChanges.includes(change));
  const isTextMode = raw.cmd !== undefined || stdinRequested;

  if (isTextMode) {
    // Text in, text out (like a formatter): the rewritten command line is the data.
    for (const file of files.filter((f) => f.path === '<cmd>' || f.path === '<stdin>')) {
      io.stdout.write(textChanges.find((change) => change.source === file)?.after ?? file.text);
    }
  }

  const hasInputErrors = hasInputErrorsIn(plan);
  const report = () => {
    if (quiet) return;
    io.stderr.write(renderReport(plan, reportPalette, mask));
    for (const unused of plan.unusedSuppressions) io.stderr.write(`${shown(unused.path)}:${unused.line}: warning: ${shown(unused.message)}\n`);
  };

  if (raw.planOut !== undefined) {
    report();
    const unsafe = raw.force ? [] : unsafeWrites(plan);
    if (plan.blocking.length > 0 || unsafe.length > 0) {
      const why = plan.blocking.length > 0 ? 'answer the questions above first' : `${unsafe.map((u) => `${u.location}: ${u.message}`).join('; ')} (fix the input, or pass --force)`;
      io.stderr.write(`thanos-gossip-migrate: no plan written: ${why}\n`);
      return exitCodeFor({ kind: 'read', hasInputErrors, isPending: true });
    }
    let planFile;
    try {
      planFile = buildPlanFile(plan, files, toolVersion(), raw.planOut, io.cwd, filePaths.length > 0 ? filePaths : ['.']);
    } catch (error) {
      if (error instanceof PlanLocationError) throw new UsageError(`--plan-out ${raw.planOut}: ${error.message}`);
      throw error;
    }
    await writeFileAtomic(resolve(io.cwd, raw.planOut), `${JSON.stringify(planFile, null, 2)}\n`);
    for (const change of fileChanges) io.stdout.write(renderDiff(change, palette, mask));
    if (!quiet) io.stderr.write(`plan written to ${shown(raw.planOut)}: ${planFile.changes.length} file(s); apply it with \`thanos-gossip-migrate apply ${raw.planOut}\`\n`);
    return exitCodeFor({ kind: 'read', hasInputErrors, isPending: fileChanges.length > 0 });
  }

  if (!raw.write && raw.outDir === undefined) {
    // In text mode stdout already holds the rewritten command line; SD files are previewed on stderr.
    const diffStream = isTextMode ? io.stderr : io.stdout;
    for (const change of fileChanges) diffStream.write(renderDiff(change, isTextMode ? reportPalette : palette, mask));
    report();
    const isPending = (!isTextMode && fileChanges.length > 0) || plan.blocking.length > 0 || plan.findings.some((f) => f.severity === 'error' && !f.fix);
    return exitCodeFor({ kind: 'read', hasInputErrors, isPending });
  }

  report();
  const mode = raw.outDir !== undefined ? { kind: 'out-dir' as const, dir: raw.outDir } : { kind: 'in-place' as const, inputs: filePaths, allowDirty: Boolean(raw.allowDirty) };
  const outcome = await withInterruptSignals((signal) => writePlan(plan, mode, { cwd: io.cwd, force: Boolean(raw.force), signal }));
  io.stderr.write(renderWriteOutcome(outcome, { quiet, mask }));
  return exitCodeFor(outcome);
}
