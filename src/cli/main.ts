// commander wiring only: parse, hand over to a command module, map errors to
// the exit-code contract. Command modules are imported lazily so `--version`
// loads nothing but commander.

import { Command, CommanderError, Option } from 'commander';
import { type CliIo, DEFAULT_MIGRATION_OPTIONS, escapeForDisplay, EXIT, formatVersion, UsageError } from '../index.js';
import { toolVersion } from './version.js';
import { EXAMPLES } from './help.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const TARGET_HELP = `target Thanos version: picks the discovery flags and the flags checked (default ${formatVersion(DEFAULT_MIGRATION_OPTIONS.target)}, the first release without gossip; see README)`;

/**
 * Options that shape the analysis and what is reported, the same for migrate,
 * check and the wizard (and in the config file), so all three see one
 * deployment the same way.
 */
function withSharedOptions(command: Command, answer = ''): Command {
  return command
    .option('--thanos-version <version>', `${answer}${TARGET_HELP}`)
    .option('--keep-gossip', `${answer}add discovery but keep gossip (zero-downtime step 1, valid on v0.2-v0.4)`)
    .option('--store-endpoint <[name=]host:port>', 'a StoreAPI endpoint the input does not determine, for the Querier NAME (as the report names it) or, without NAME, for every Querier whose list is incomplete (repeatable)', collect)
    .option('--query-endpoint <[name=]host:port>', 'a Query HTTP endpoint for Rule the input does not determine, NAME as for --store-endpoint (repeatable)', collect)
    .option('--mesh-complete <name>', 'the input holds every member of the gossip mesh of the Querier or Ruler NAME: its open seeds hide nothing (repeatable)', collect)
    .option('--namespace <namespace>', 'Kubernetes namespace for objects whose metadata has none (never assumed)')
    .addOption(new Option('--k8s-dns <style>', 'endpoints behind a headless Service: one dnssrv+ record that follows scaling (srv, default), or one name per StatefulSet replica (pod)').choices(['pod', 'srv']))
    .addOption(new Option('--leftovers <action>', 'gossip leftovers (peers Service, cluster port): remove or only report').choices(['remove', 'report']))
    .addOption(new Option('--sd-format <format>', `${answer}SD file encoding`).choices(['yaml', 'json']))
    .option('--sd-path <path>', `${answer}the path Thanos reads the SD file at (default: per carrier, see README)`)
    .option('--exclude <glob>', 'do not read what matches (repeatable; no / in the glob: at any depth)', collect)
    .option('--rule <id=setting>', 'report a rule as error, warning or info, or turn it off (repeatable; off also stops migrate fixing it)', collect)
    .option('--ignore-rule <id>', 'the same as --rule ID=off (repeatable)', collect)
    .option('--config <file>', 'config file (default: .thanos-gossip-migrate.yaml found upward from the working directory)')
    .option('--no-config', 'ignore config files')
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'never colour the output')
    .option('--show-secrets', 'print secret values (--cluster.secret-key) instead of ***');
}

/** One line, as users should see an unexpected error; the stack only with DEBUG=thanos-gossip-migrate. */
export function describeInternalError(error: unknown, env: NodeJS.ProcessEnv): string {
  const message = error instanceof Error ? error.message : String(error);
  const isDebug = (env.DEBUG ?? '').split(/[\s,]+/).some((name) => name === 'thanos-gossip-migrate' || name === '*');
  const line = `thanos-gossip-migrate: internal error: ${message.split('\n')[0]}\n`;
  return isDebug && error instanceof Error && error.stack ? `${line}${error.stack}\n` : line;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = new Command('thanos-gossip-migrate')
    .description('Move Thanos deployments off gossip (--cluster.*) onto file-based service discovery.')
    .version(toolVersion(), '-v, --version', 'print the version (also -V)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => (io.stdout as { columns?: number }).columns ?? 80,
      getErrHelpWidth: () => (io.stderr as { columns?: number }).columns ?? 80,
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError();

  const migrate = program
    .command('migrate', { isDefault: true })
    .description('preview (default) or apply the migration of files, directories, stdin (-) or --cmd')
    .argument('[paths...]', 'files or directories (a directory is one deployment); - reads stdin')
    .option('--cmd <command-line>', 'migrate one command line given as text')
    .option('--write', 'apply the changes in place (atomic writes)')
    .option('--out-dir <dir>', 'write rewritten copies and SD files under this directory instead')
    .option('--plan-out <file>', 'write a reviewable plan (every edit, endpoint and input hash) to apply later')
    .option('--allow-dirty', 'let --write touch files with uncommitted changes in git')
    .option('--force', 'write although a Querier or Ruler may get an incomplete SD list (an input unreadable, or its SD file missing or invalid)')
    .option('--stdin-filename <name>', 'read stdin (-) as a file of this name (picks YAML, unit, script…)')
    .option('-q, --quiet', 'no report on stderr, only data on stdout');
  withSharedOptions(migrate)
    .addHelpText('after', EXAMPLES.migrate)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { runMigrate } = await import('./migrate-command.js');
      exitCode = await runMigrate(paths, options, io, (name) => migrate.getOptionValueSource(name) === 'cli');
    });

  program
    .command('apply')
    .description('apply a plan made by `migrate --plan-out`; refuses if any input changed since')
    .argument('<plan>', 'the plan file')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', EXAMPLES.apply)
    .action(async (planPath: string, options: { quiet?: boolean }) => {
      const { runApply } = await import('./apply-command.js');
      exitCode = await runApply(planPath, options, io);
    });

  const wizard = program
    .command('wizard')
    .description('interactive migration: shows what it found, asks only what the files leave open, writes what you accept')
    .argument('[dir]', 'the deployment directory (default: .)')
    .option('--answers <file>', 'replay a session: answers saved by --save-answers; only what it lacks is asked')
    .option('--save-answers <file>', 'write the answers of this session (JSON) for --answers');
  withSharedOptions(wizard, 'answer: ')
    .addHelpText('after', EXAMPLES.wizard)
    .action(async (dir: string | undefined, options: Record<string, unknown>) => {
      const { runWizardCommand } = await import('./wizard-command.js');
      exitCode = await runWizardCommand(dir, options, io, (name) => wizard.getOptionValueSource(name) === 'cli');
    });

  const check = program
    .command('check')
    .description('read-only lint for CI: report gossip flags, leftovers, missing discovery and invalid SD files')
    .argument('[paths...]', 'files or directories (a directory is one deployment; default .); - reads stdin')
    .option('--stdin-filename <name>', 'read stdin (-) as a file of this name (picks YAML, unit, script…)')
    .option('-f, --format <name[=path]>', 'stylish (default), json, sarif, github, junit or gitlab, to stdout or to PATH (repeatable; at most one to stdout)', collect)
    .option('-o, --output-file <path>', 'write the one --format to this file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run (default error)').choices(['error', 'warning', 'info']))
    .option('--max-warnings <n>', 'fail when there are more warnings than this')
    .option('-q, --quiet', 'report errors only (warnings and infos still count for --fail-on and --max-warnings)')
    .option('--baseline <file>', 'report and fail only on findings not in this baseline (made by --update-baseline)')
    .option('--update-baseline', 'write the current findings to the --baseline file, and pass')
    .option('--list-rules', 'list the rules and exit')
    .option('--explain <rule>', 'explain one rule and exit');
  withSharedOptions(check)
    .addHelpText('after', EXAMPLES.check)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { runCheckCommand } = await import('./check-command.js');
      exitCode = await runCheckCommand(paths, options, io, (name) => check.getOptionValueSource(name) === 'cli');
    });

  // migrate is the default command: its options belong in the top-level help too.
  program.addHelpText('after', () => `\nWithout a command, migrate runs:\n\n${migrate.helpInformation()}`);

  try {
    // -V as well as -v: both spellings are in use (eslint, npm: -v; ruff, shellcheck: -V).
    await program.parseAsync(argv[0] === '-V' ? ['--version', ...argv.slice(1)] : argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.version' || error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return EXIT.clean;
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`thanos-gossip-migrate: ${escapeForDisplay(error.message)}\n`);
      return EXIT.usage;
    }
    io.stderr.write(describeInternalError(error, io.env));
    return EXIT.usage;
  }
  return exitCode;
}
