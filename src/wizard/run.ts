// The wizard session: load, show what was understood, ask what the files
// leave open (re-planning after each answer), review file by file, write on
// confirmation, print the equivalent `migrate` command. Every migration
// decision is the library's: this module only collects options.

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type CheckScope,
  type CliIo,
  confinedReader,
  escapeForDisplay as shown,
  EXIT,
  exitCodeFor,
  type InputProblem,
  loadDeployment,
  maskFor,
  migrationOptions,
  type MigrationPlan,
  NO_POLICY,
  paletteFor,
  planMigration,
  renderWriteOutcome,
  type SecretMask,
  secretsOf,
  secondLoadingPass,
  uncommittedFiles,
  withInterruptSignals,
  type WriteHooks,
  writePlan,
} from '../index.js';
import { answersFromOptions, answersToRaw, loadAnswers, serializeAnswers, type WizardAnswers } from './answers.js';
import { equivalentCommand } from './command.js';
import { inquirerPrompter, isPromptExit, type Prompter } from './prompter.js';
import { openQuestions, type Question } from './questions.js';
import { missingDependencies, renderUnit, reviewUnits, type Decision, type ReviewUnit } from './review.js';
import { renderDeployment, renderFileCounts, renderFindingsNote, renderSdNote, renderTemplateNote } from './summary.js';

export interface WizardOptions extends Record<string, unknown> {
  answers?: string;
  saveAnswers?: string;
  showSecrets?: boolean;
  color?: boolean;
  /** Option values of the config file: answers below a replayed answers file. */
  defaults?: Record<string, unknown>;
  /** Excludes, rule settings and suppressions, as for migrate and check. */
  scope?: CheckScope;
}

export interface WizardDeps {
  /** Prompts; defaults to inquirer on the CLI's stdin/stdout. */
  prompter?: Prompter;
  /** Overrides the TTY/CI detection (tests). */
  interactive?: boolean;
  /** Passed to the library's write path (tests watch the order or stop a write). */
  writeHooks?: WriteHooks;
}

export function isInteractive(io: CliIo): boolean {
  const ci = io.env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  return Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY) && !inCi;
}

/** A directory as a shell word that cannot be read as an option. */
function targetWord(target: string): string {
  return target.startsWith('-') ? `./${target}` : target;
}

export async function runWizard(dir: string | undefined, options: WizardOptions, io: CliIo, deps: WizardDeps = {}): Promise<number> {
  const target = dir ?? '.';
  const fromFile = options.answers !== undefined ? await loadAnswers(resolve(io.cwd, options.answers)) : {};
  const answers: WizardAnswers = { ...answersFromOptions(options.defaults ?? {}), ...fromFile, ...answersFromOptions(options) };
  const scope: CheckScope = options.scope ?? { cwd: io.cwd, exclude: [], policy: { ...NO_POLICY, cwd: io.cwd } };
  migrationOptions(answersToRaw(answers)); // bad replayed values are usage errors, before anything is asked
  const interactive = deps.interactive ?? isInteractive(io);
  const palette = paletteFor(io.stdout, io.env, options.color);
  const out = (text: string) => io.stdout.write(text);

  const loaded = await loadDeployment([target], secondLoadingPass, { cwd: io.cwd, exclude: scope.exclude });
  const readNamed = confinedReader([target], io.cwd);
  const mask = maskFor(options.showSecrets ? null : secretsOf(loaded.files));
  const planFor = (a: WizardAnswers): MigrationPlan => planMigration(loaded.files, migrationOptions(answersToRaw(a)), readNamed, scope.policy);
  const loadProblems: InputProblem[] = loaded.problems;
  const hasInputErrors = (plan: MigrationPlan) => [...loadProblems, ...plan.problems].some((p) => !p.isSkip);

  let plan = planFor(answers);
  out(renderFileCounts(plan, loadProblems));
  if (plan.invocations.length === 0 && plan.changes.length === 0) {
    out(`No Thanos command line with gossip flags found under ${target}: nothing to migrate.\n`);
    return hasInputErrors(plan) ? EXIT.unreadableInput : EXIT.clean;
  }
  out(renderDeployment(plan, palette, mask));
  out(renderTemplateNote(plan, palette, mask));
  out(renderFindingsNote(plan, palette, mask));

  const prompter = deps.prompter ?? inquirerPrompter({ input: io.stdin, output: io.stdout as unknown as NodeJS.WritableStream });
  const say = (text: string) => out(`\n${text}`);
  try {
    // Questions: the first one still open, then plan again with its answer.
    const asked: Question[] = [];
    for (;;) {
      plan = planFor(answers);
      const open = openQuestions({ plan, answers });
      if (open.length === 0) break;
      if (!interactive) return reportOpen(io, open, plan, answers, target);
      const question = open[0]!;
      (answers as Record<string, unknown>)[question.id] = await question.ask(prompter, { plan, answers, say });
      asked.push(question);
    }
    if (asked.some((q) => q.id === 'namespace' || q.id === 'store-endpoint' || q.id === 'query-endpoint' || q.id === 'mesh-complete')) {
      out(`\nWith your answers:\n${renderDeployment(plan, palette, mask)}`);
    }

    const unanswerable = plan.blocking;
    if (unanswerable.length > 0) {
      io.stderr.write(`Nothing written: ${unanswerable.length} problem(s) need a change no option can make:\n`);
      for (const finding of unanswerable) io.stderr.write(`  - ${shown(`${finding.file.path}: ${finding.message}`)}\n`);
      out(`\nAfter fixing them, preview with:\n  ${equivalentCommand(answers, targetWord(target), { write: false })}\n`);
      return EXIT.pending;
    }
    out(renderSdNote(plan));

    const units = reviewUnits(plan);
    if (units.length === 0) {
      out('\nNothing to change: the files are already migrated.\n');
      await saveAnswers(options, answers, io);
      out(`\nEquivalent command:\n  ${equivalentCommand(answers, targetWord(target), { write: true })}\n`);
      return hasInputErrors(plan) ? EXIT.unreadableInput : EXIT.clean;
    }
    if (!interactive) {
      const undecided = units.filter((unit) => answers.files?.[unit.path] === undefined);
      if (undecided.length > 0 || answers.write === undefined) return reportOpen(io, [], plan, answers, target, undecided);
    }

    const decisions = await review(units, answers, prompter, out, palette, mask);
    for (const { accepted, skipped } of missingDependencies(plan, decisions)) {
      out(palette.yellow(shown(`warning: ${accepted} lists endpoints that need the Service ${skipped} would gain; skipping ${skipped} leaves them unresolvable`) + '\n'));
    }
    const accepted = units.filter((unit) => decisions.get(unit.path) === 'accept');
    const skipped = units.filter((unit) => decisions.get(unit.path) === 'skip');
    const acceptedFiles = accepted.flatMap((unit) => unit.changes);
    const dirtyState = uncommittedFiles(acceptedFiles.filter((c) => c.before !== null).map((c) => c.path), io.cwd);
    if (dirtyState.kind === 'unknown') {
      io.stderr.write(`Nothing written: cannot tell whether ${dirtyState.path} has uncommitted changes: git: ${dirtyState.reason}\n`);
      return EXIT.pending;
    }
    const dirty = dirtyState.dirty;
    let write = false;
    if (acceptedFiles.length > 0) {
      const question = `Write ${acceptedFiles.length} file(s)${skipped.length > 0 ? `, leaving ${skipped.length} skipped file(s) untouched` : ''}?${dirty.length > 0 ? ` (${dirty.length} ha${dirty.length === 1 ? 's' : 've'} uncommitted changes)` : ''}`;
      write = answers.write ?? (await prompter.confirm(question, true));
    } else out('\nEvery file skipped.\n');
    answers.write = write;

    let code: number = acceptedFiles.length === 0 ? EXIT.clean : EXIT.pending;
    if (write) {
      // The confirmation named the files with uncommitted changes: writing them is what was accepted.
      const chosen = new Set(acceptedFiles.map((change) => change.path));
      const whole = { ...plan, problems: [...loadProblems, ...plan.problems] };
      const mode = { kind: 'in-place' as const, inputs: [target], allowDirty: true };
      const outcome = await withInterruptSignals((signal) =>
        writePlan(whole, mode, { cwd: io.cwd, select: (change) => chosen.has(change.path), signal, hooks: deps.writeHooks }),
      );
      out(renderWriteOutcome(outcome, { quiet: false, mask }));
      code = exitCodeFor(outcome);
      if (outcome.interrupted) return code;
    } else out('Nothing written.\n');
    await saveAnswers(options, answers, io);

    out(`\nEquivalent command:\n  ${equivalentCommand(answers, targetWord(target), { write: true, allowDirty: dirty.length > 0 })}\n`);
    if (skipped.length > 0) {
      out(`  (migrate has no per-file choice: it would also change ${shown(skipped.map((u) => u.path).join(', '))}. Replay these choices with --answers.)\n`);
    }
    return hasInputErrors(plan) ? EXIT.unreadableInput : code;
  } catch (error) {
    if (isPromptExit(error)) {
      io.stderr.write('\nCancelled: no file was changed.\n');
      return EXIT.SIGINT;
    }
    throw error;
  }
}

async function review(
  units: ReviewUnit[],
  answers: WizardAnswers,
  prompter: Prompter,
  out: (text: string) => void,
  palette: ReturnType<typeof paletteFor>,
  mask: SecretMask,
): Promise<Map<string, Decision>> {
  const decisions = new Map<string, Decision>();
  const files: Record<string, Decision> = { ...(answers.files ?? {}) };
  out(`\n${palette.bold(`Review: ${units.length} file(s) change.`)}\n`);
  for (const [index, unit] of units.entries()) {
    const extra = unit.changes.length > 1 ? ` with ${shown(unit.changes.slice(1).map((c) => c.path).join(', '))}` : '';
    out(`\n${palette.bold(`[${index + 1}/${units.length}] ${shown(unit.path)}${extra}`)}\n`);
    out(renderUnit(unit, palette, mask));
    const replayed = files[unit.path];
    const decision =
      replayed ??
      (await prompter.select<Decision>(
        `Apply these changes to ${shown(unit.path)}${extra}?`,
        [
          { name: 'Accept', value: 'accept' },
          { name: 'Skip (leave it untouched)', value: 'skip' },
        ],
        'accept',
      ));
    if (replayed) out(`${decision} (from the answers file)\n`);
    decisions.set(unit.path, decision);
    files[unit.path] = decision;
  }
  answers.files = files;
  return decisions;
}

async function saveAnswers(options: WizardOptions, answers: WizardAnswers, io: CliIo): Promise<void> {
  if (options.saveAnswers === undefined) return;
  await writeFile(resolve(io.cwd, options.saveAnswers), serializeAnswers(answers));
  io.stdout.write(`Answers saved to ${options.saveAnswers}\n`);
}

/** Without a terminal: list what is open and the options that answer it, then exit 2. */
function reportOpen(io: CliIo, open: Question[], plan: MigrationPlan, answers: WizardAnswers, target: string, undecided: ReviewUnit[] = []): number {
  const lines = ['thanos-gossip-migrate wizard: no terminal to ask on (stdin and stdout must be a TTY, and CI unset). Open questions:'];
  for (const question of open) lines.push(`  ${`${question.flag}${question.placeholder ? ` ${question.placeholder}` : ''}`.padEnd(28)} ${question.about}`);
  if (undecided.length > 0) lines.push(`  ${'"files" in --answers'.padEnd(28)} accept or skip: ${shown(undecided.map((u) => u.path).join(', '))}`);
  if (open.length === 0 && answers.write === undefined) lines.push(`  ${'"write" in --answers'.padEnd(28)} confirm writing (true or false)`);
  lines.push('Pass these options to `wizard` (or `migrate`), or replay answers with --answers FILE (keys are the option names,');
  lines.push(`e.g. {"thanos-version": "v0.5.0", "files": {"PATH": "accept"}, "write": true}). So far: ${equivalentCommand(answers, targetWord(target), { write: false })}`);
  if (plan.blocking.some((f) => !f.asks)) lines.push('Some problems need a change no option can make; `migrate` lists them.');
  io.stderr.write(`${lines.join('\n')}\n`);
  return EXIT.usage;
}
