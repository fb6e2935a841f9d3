// `check`: settings -> runCheck (in its worker) -> baseline -> one reporter
// per --format target, the GitHub job summary, and the exit-code contract.

import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import {
  BaselineError,
  check,
  type CheckResult,
  type CliIo,
  type ColorOption,
  describeFileError,
  escapeForDisplay,
  EXIT,
  exitCodeFor,
  isFailingRun,
  loadTextInputs,
  migrationOptions,
  newSinceBaseline,
  paletteFor,
  parseBaseline,
  PLAIN,
  type RawOptions,
  renderBaseline,
  renderJobSummary,
  REPORTERS,
  type ReportFinding,
  type ReportInput,
  runCheckIsolated,
  type Severity,
  UsageError,
  writeFileAtomic,
} from '../index.js';
import { progressDelay, startProgress } from './progress.js';
import { resolveSettings, type RawSettingOptions } from './settings.js';
import { outputTargets, type OutputTarget } from './check-outputs.js';
import { requireExistingPaths } from './paths.js';
import { toolVersion } from './version.js';

interface RawCheckOptions extends RawOptions, RawSettingOptions, ColorOption {
  format?: string[] | string;
  outputFile?: string;
  failOn?: Severity;
  maxWarnings?: string | number;
  baseline?: string;
  updateBaseline?: boolean;
  listRules?: boolean;
  explain?: string;
}

async function listRules(): Promise<string> {
  const { ALL_RULES: RULES } = await import('../rules/index.js');
  const width = RULES.reduce((widest, rule) => Math.max(widest, rule.id.length), 0);
  return `${RULES.map((rule) => `${rule.id.padEnd(width)}  ${rule.meta.severity.padEnd(7)}  ${rule.meta.fixable ? 'fixable' : 'manual '}  ${rule.meta.description}`).join('\n')}\n`;
}

async function explain(id: string): Promise<string> {
  const { ALL_RULES: RULES } = await import('../rules/index.js');
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new UsageError(`no rule ${id}; see check --list-rules`);
  return `${rule.id} (${rule.meta.severity}, ${rule.meta.fixable ? 'fixed by migrate' : 'needs a human'})\n\n${rule.meta.description}\n\n${rule.meta.explanation}\n`;
}

export async function runCheckCommand(paths: string[], given: RawCheckOptions, io: CliIo, isFromCli: (name: string) => boolean): Promise<number> {
  if (given.listRules) {
    io.stdout.write(await listRules());
    return EXIT.clean;
  }
  if (given.explain !== undefined) {
    io.stdout.write(await explain(given.explain));
    return EXIT.clean;
  }
  requireExistingPaths(paths, io.cwd);
  const { raw, scope } = await resolveSettings(given, io, isFromCli);
  const targets = outputTargets(raw.format, raw.outputFile);
  const maxWarnings = raw.maxWarnings === undefined ? -1 : Number(raw.maxWarnings);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings ${raw.maxWarnings}: expected a whole number`);
  const failOn = raw.failOn ?? 'error';
  if (!['error', 'warning', 'info'].includes(failOn)) throw new UsageError(`--fail-on ${failOn}: expected error, warning or info`);
  if (raw.updateBaseline && raw.baseline === undefined) throw new UsageError('--update-baseline needs --baseline FILE: the file to write');
  // A baseline is committed, and compares masked messages: it never sees a secret.
  if (raw.baseline !== undefined && raw.showSecrets) throw new UsageError('--baseline cannot go with --show-secrets: a baseline holds messages with secrets masked');
  const recorded = raw.baseline !== undefined && !raw.updateBaseline ? await readBaseline(raw.baseline, io.cwd) : null;

  const options = { ...migrationOptions(raw), failOn, maxWarnings, showSecrets: Boolean(raw.showSecrets) };
  const stdin = paths.includes('-') ? await loadTextInputs(undefined, io.stdin, raw.stdinFilename) : undefined;
  const filePaths = paths.filter((path) => path !== '-');
  const quiet = Boolean(raw.quiet);
  const progress = startProgress(io, quiet, progressDelay(io.env));
  const result = await (io.checkOnThisThread ? check : runCheckIsolated)(filePaths.length > 0 || stdin ? filePaths : ['.'], options, scope, stdin, progress.update).finally(progress.end);
  const notes: string[] = [];
  const config = scope.policy.config;
  // A config can silence everything: say which one was used, and how much it hid.
  if (config) notes.push(`thanos-gossip-migrate: config ${relative(io.cwd, config.path) || config.path}: ${result.suppressedByConfigCount} finding(s) suppressed`);
  if (!quiet) for (const unused of result.unusedSuppressions) notes.push(`${unused.path}:${unused.line}: warning: ${unused.message}`);

  let rows = result.findings;
  if (raw.baseline !== undefined && raw.updateBaseline) {
    const written = await writeReport(raw.baseline, renderBaseline(rows, raw.baseline, io.cwd), io);
    if (!written) return EXIT.unreadableInput;
    notes.push(`baseline ${raw.baseline}: ${rows.length} finding(s) recorded; check --baseline ${raw.baseline} now fails only on new ones`);
    rows = [];
  } else if (recorded !== null) {
    const { fresh, known, gone } = newSinceBaseline(rows, recorded, raw.baseline!, io.cwd);
    if (!quiet && (known > 0 || gone > 0)) {
      notes.push(`baseline ${raw.baseline}: ${known} known finding(s) not reported${gone > 0 ? `; ${gone} of its entries are gone (fixed): --update-baseline drops them` : ''}`);
    }
    rows = fresh;
  }
  const isFailing = isFailingRun(rows, options);
  const exitCode = exitCodeFor({ kind: 'read', hasInputErrors: result.hasInputErrors, isPending: isFailing });
  // --quiet shows errors only; what fails the run was decided on everything above.
  const shown = quiet ? rows.filter((row) => row.severity === 'error') : rows;
  const wroteAll = await writeOutputs(targets, result, shown, raw, io, exitCode);
  for (const note of notes) io.stderr.write(`${escapeForDisplay(note)}\n`);
  return wroteAll ? exitCode : Math.max(exitCode, EXIT.unreadableInput);
}

async function readBaseline(path: string, cwd: string) {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--baseline ${path}: cannot read it (${code ?? (error as Error).message})${code === 'ENOENT' ? '; make it with --update-baseline' : ''}`);
  }
  try {
    return parseBaseline(text, path);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(`--baseline ${error.message}`);
    throw error;
  }
}

/** Writes one report file (making its directory), or says on stderr why not. */
async function writeReport(path: string, text: string, io: CliIo): Promise<boolean> {
  const absolute = resolve(io.cwd, path);
  try {
    await mkdir(dirname(absolute), { recursive: true });
    await writeFileAtomic(absolute, text);
    return true;
  } catch (error) {
    const { code, message } = describeFileError(error);
    io.stderr.write(`${path}: error: cannot write it: ${code ?? message}\n`);
    return false;
  }
}

/** Stylish wraps to the terminal's width, or to COLUMNS when set (as `ls` and Python do); else the reporter's 100. */
function widthOf(io: CliIo): { width?: number } {
  const columns = (io.stdout as { columns?: number }).columns;
  if (io.stdout.isTTY && columns !== undefined && columns > 0) return { width: columns };
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? { width: fromEnv } : {};
}

async function writeOutputs(targets: OutputTarget[], result: CheckResult, rows: ReportFinding[], raw: RawCheckOptions, io: CliIo, exitCode: number): Promise<boolean> {
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  const writesSummary = summaryFile !== undefined && summaryFile !== '' && targets.some((target) => target.format === 'github');
  const files = targets.flatMap((target) => (target.path === undefined ? [] : [target.path]));
  const base: Omit<ReportInput, 'palette' | 'elsewhere'> = {
    findings: rows,
    rules: result.rules,
    problems: result.problems,
    toolVersion: toolVersion(),
    files: result.files,
    ...widthOf(io),
  };
  let ok = true;
  for (const target of targets) {
    const palette = target.path === undefined ? paletteFor(io.stdout, io.env, raw.color) : PLAIN;
    const elsewhere = [...(writesSummary ? ['the job summary'] : []), ...files.filter((path) => path !== target.path)];
    const text = REPORTERS[target.format]({ ...base, palette, elsewhere });
    if (target.path === undefined) io.stdout.write(text);
    else ok = (await writeReport(target.path, text, io)) && ok;
  }
  if (writesSummary) {
    try {
      await appendFile(resolve(io.cwd, summaryFile), renderJobSummary({ findings: rows, problems: result.problems, elsewhere: files }, exitCode));
    } catch (error) {
      const { code, message } = describeFileError(error);
      io.stderr.write(`${summaryFile}: error: cannot append the job summary: ${code ?? message}\n`);
      ok = false;
    }
  }
  return ok;
}
