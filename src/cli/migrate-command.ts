// `migrate`: options -> library calls -> diff on stdout, report on stderr,
// atomic writes, exit code. No migration logic lives here.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  confinedReader,
  escapeForDisplay as shown,
  loadDeployment,
  thanosPodLabelValues,
  paletteFor,
  planMigration,
  renderDiff,
  renderReport,
  maskFor,
  secretsOf,
  loadTextInputs,
  writeFileAtomic,
} from '../index.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';
import { migrationOptions, type RawOptions } from './options.js';

export { migrationOptions, type RawOptions } from './options.js';
import { buildPlanFile } from '../plan-file.js';
import { isWritable, writeRoots } from '../output/confine.js';
import { uncommittedFiles } from '../git-dirty.js';
import { toolVersion } from './version.js';





/** Where --out-dir puts a path; never outside the directory. */
export function outputPath(outDir: string, path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  const inside = rel.startsWith('..') || isAbsolute(rel) ? absolute.replace(/^[A-Za-z]:/, '').replace(/^[\\/]+/, '') : rel;
  const target = resolve(cwd, outDir, inside);
  const root = resolve(cwd, outDir);
  if (target !== root && !target.startsWith(root + sep)) throw new UsageError(`refusing to write ${path} outside --out-dir`);
  return target;
}

export async function runMigrate(paths: string[], raw: RawOptions, io: CliIo): Promise<number> {
  const options = migrationOptions(raw);
  const stdinRequested = paths.includes('-');
  const filePaths = paths.filter((path) => path !== '-');
  if (filePaths.length === 0 && !stdinRequested && raw.cmd === undefined) {
    throw new UsageError('name files or directories to migrate, - for stdin, or --cmd "<command line>"');
  }
  const { files, problems } = await loadTextInputs(raw.cmd, stdinRequested ? io.stdin : null);
  const loaded = await loadDeployment(filePaths.map((path) => resolvePath(path, io.cwd)), thanosPodLabelValues);
  files.push(...loaded.files);
  problems.push(...loaded.problems);

  const plan = planMigration(files, options, confinedReader(filePaths.length > 0 ? filePaths : ['.'], io.cwd));
  plan.problems.unshift(...problems);
  const palette = paletteFor(io.stdout, io.env);
  const reportPalette = paletteFor(io.stderr, io.env);
  const mask = maskFor(raw.showSecrets ? null : secretsOf(plan.files));

  const textChanges = plan.changes.filter((change) => change.path === '<cmd>' || change.path === '<stdin>');
  const fileChanges = plan.changes.filter((change) => !textChanges.includes(change));
  const isTextMode = raw.cmd !== undefined || stdinRequested;

  if (isTextMode) {
    // Text in, text out (like a formatter): the rewritten command line is the data.
    for (const file of files.filter((f) => f.path === '<cmd>' || f.path === '<stdin>')) {
      io.stdout.write(textChanges.find((change) => change.source === file)?.after ?? file.text);
    }
  }

  const hasInputErrors = plan.problems.some((problem) => !problem.isSkip);
  const report = () => {
    if (!raw.quiet) io.stderr.write(renderReport(plan, reportPalette, mask));
  };

  if (raw.planOut !== undefined) {
    if (raw.write || raw.outDir !== undefined) throw new UsageError('--plan-out makes a plan to review: apply it later with `apply`, not with --write or --out-dir');
    report();
    if (plan.blocking.length > 0) {
      io.stderr.write('thanos-gossip-migrate: no plan written: answer the questions above first\n');
      return hasInputErrors ? EXIT.unreadableInput : EXIT.pending;
    }
    const planFile = buildPlanFile(plan, files, toolVersion(), raw.planOut, io.cwd);
    await writeFileAtomic(resolve(io.cwd, raw.planOut), `${JSON.stringify(planFile, null, 2)}\n`);
    for (const change of fileChanges) io.stdout.write(renderDiff(change, palette, mask));
    if (!raw.quiet) io.stderr.write(`plan written to ${shown(raw.planOut)}: ${planFile.changes.length} file(s); apply it with \`thanos-gossip-migrate apply ${raw.planOut}\`\n`);
    return exitCodeFor({ hasInputErrors, hasPending: fileChanges.length > 0 });
  }

  if (!raw.write && raw.outDir === undefined) {
    // In text mode stdout already holds the rewritten command line; SD files are previewed on stderr.
    const diffStream = isTextMode ? io.stderr : io.stdout;
    for (const change of fileChanges) diffStream.write(renderDiff(change, isTextMode ? reportPalette : palette, mask));
    report();
    const hasPending = (!isTextMode && fileChanges.length > 0) || plan.blocking.length > 0 || plan.findings.some((f) => f.severity === 'error' && !f.fix);
    return exitCodeFor({ hasInputErrors, hasPending });
  }

  report();
  if (plan.blocking.length > 0) {
    io.stderr.write('thanos-gossip-migrate: nothing written: answer the questions above first\n');
    return hasInputErrors ? EXIT.unreadableInput : EXIT.pending;
  }
  if (raw.write && raw.outDir === undefined && !raw.allowDirty) {
    const dirty = uncommittedFiles(fileChanges.filter((change) => change.before !== null).map((change) => change.path), io.cwd);
    if (dirty.length > 0) {
      io.stderr.write(`thanos-gossip-migrate: nothing written: uncommitted changes in ${shown(dirty.join(', '))} (commit them, or pass --allow-dirty)\n`);
      return EXIT.pending;
    }
  }
  const roots = writeRoots(filePaths.length > 0 ? filePaths : ['.'], io.cwd);
  const escaping = raw.outDir === undefined ? fileChanges.filter((change) => !isWritable(resolve(io.cwd, change.path), roots)) : [];
  if (escaping.length > 0) {
    io.stderr.write(`thanos-gossip-migrate: nothing written: ${shown(escaping.map((change) => change.path).join(', '))} would land outside the input tree\n`);
    return EXIT.unreadableInput;
  }
  // New files (SD files) first: a crash between writes must never leave a Querier naming an SD file that is not there yet.
  const writeOrder = [...fileChanges.filter((change) => change.before === null), ...fileChanges.filter((change) => change.before !== null)];
  for (const change of writeOrder) {
    const target = raw.outDir !== undefined ? outputPath(raw.outDir, change.path, io.cwd) : resolve(io.cwd, change.path);
    await writeFileAtomic(target, change.after);
    if (!raw.quiet) io.stderr.write(`${change.before === null ? 'created' : 'wrote'} ${shown(relative(io.cwd, target) || target)}\n`);
  }
  const unfixed = plan.findings.some((finding) => finding.severity === 'error' && !finding.fix);
  return exitCodeFor({ hasInputErrors, hasPending: unfixed });
}

function resolvePath(path: string, cwd: string): string {
  // Keep relative paths relative: they name files in diffs and reports.
  return isAbsolute(path) ? path : relative(cwd, resolve(cwd, path)) || '.';
}
