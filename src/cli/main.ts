// commander wiring only: parse, hand over to a command module, map errors to
// the exit-code contract. Command modules are imported lazily so `--version`
// loads nothing but commander.

import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { escapeForDisplay } from '../output/escape.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';
import { toolVersion } from './version.js';


const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Options that shape the analysis, shared by migrate and check so both see the same deployment. */
function withAnalysisOptions(command: Command, versionHelp: string): Command {
  return command
    .option('--thanos-version <version>', versionHelp)
    .option('--store-endpoint <[name=]host:port>', 'a StoreAPI endpoint the input does not determine, for the Querier NAME (as the report names it) or, without NAME, for every Querier whose list is incomplete (repeatable)', collect)
    .option('--query-endpoint <[name=]host:port>', 'a Query HTTP endpoint for Rule the input does not determine, NAME as for --store-endpoint (repeatable)', collect)
    .option('--mesh-complete <name>', 'the input holds every member of the gossip mesh of the Querier or Ruler NAME: its open seeds hide nothing (repeatable)', collect)
    .option('--namespace <namespace>', 'Kubernetes namespace for objects whose metadata has none (never assumed)')
    .addOption(new Option('--k8s-dns <style>', 'endpoints behind a headless Service: one dnssrv+ record that follows scaling (srv, default), or one name per StatefulSet replica (pod)').choices(['pod', 'srv']))
    .addOption(new Option('--leftovers <action>', 'gossip leftovers (peers Service, cluster port): remove or only report').choices(['remove', 'report']))
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
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();

  const migrate = program
    .command('migrate', { isDefault: true })
    .description('preview (default) or apply the migration of files, directories, stdin (-) or --cmd')
    .argument('[paths...]', 'files or directories (a directory is one deployment); - reads stdin')
    .option('--cmd <command-line>', 'migrate one command line given as text')
    .option('--write', 'apply the changes in place (atomic writes)')
    .option('--out-dir <dir>', 'write rewritten copies and SD files under this directory instead')
    .option('--keep-gossip', 'add discovery but keep gossip (zero-downtime step 1, valid on v0.2-v0.4)')
    .addOption(new Option('--sd-format <format>', 'SD file encoding').choices(['yaml', 'json']))
    .option('--sd-path <path>', 'the path Thanos reads the SD file at (default: per carrier, see README)')
    .option('--plan-out <file>', 'write a reviewable plan (every edit, endpoint and input hash) to apply later')
    .option('--allow-dirty', 'let --write touch files with uncommitted changes in git')
    .option('--force', 'write although a Querier or Ruler may get an incomplete SD list (an input unreadable, or its SD file missing or invalid)')
    .option('--stdin-filename <name>', 'read stdin (-) as a file of this name (picks YAML, unit, script…)')
    .option('-q, --quiet', 'no report on stderr, only data on stdout');
  withAnalysisOptions(migrate, 'target Thanos version: picks the discovery flags (default v0.5 band)').action(
    async (paths: string[], options: Record<string, unknown>) => {
      const { runMigrate } = await import('./migrate-command.js');
      exitCode = await runMigrate(paths, options, io);
    },
  );

  program
    .command('apply')
    .description('apply a plan made by `migrate --plan-out`; refuses if any input changed since')
    .argument('<plan>', 'the plan file')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (planPath: string, options: { quiet?: boolean }) => {
      const { runApply } = await import('./apply-command.js');
      exitCode = await runApply(planPath, options, io);
    });

  const wizard = program
    .command('wizard')
    .description('interactive migration: shows what it found, asks only what the files leave open, writes what you accept')
    .argument('[dir]', 'the deployment directory (default: .)')
    .option('--answers <file>', 'replay a session: answers saved by --save-answers; only what it lacks is asked')
    .option('--save-answers <file>', 'write the answers of this session (JSON) for --answers')
    .option('--keep-gossip', 'answer: add discovery but keep gossip (zero-downtime step 1)')
    .addOption(new Option('--sd-format <format>', 'answer: SD file encoding').choices(['yaml', 'json']))
    .option('--sd-path <path>', 'answer: the path Thanos reads the SD file at');
  withAnalysisOptions(wizard, 'answer: target Thanos version').action(async (dir: string | undefined, options: Record<string, unknown>) => {
    const { runWizardCommand } = await import('./wizard-command.js');
    exitCode = await runWizardCommand(dir, options, io);
  });

  const check = program
    .command('check')
    .description('read-only lint for CI: report gossip flags, leftovers, missing discovery and invalid SD files')
    .argument('[paths...]', 'files or directories (a directory is one deployment); - reads stdin')
    .option('--stdin-filename <name>', 'read stdin (-) as a file of this name (picks YAML, unit, script…)')
    .option('--format <format>', 'stylish, json, sarif, github or junit (repeatable; default stylish)', collect)
    .option('--output-file <path>', 'write the matching --format here instead of stdout (repeatable, in order)', collect)
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices(['error', 'warning', 'info']))
    .option('--max-warnings <n>', 'fail when there are more warnings than this')
    .option('--config <file>', 'config file (default: .thanos-gossip-migrate.yaml found upward from the working directory)')
    .option('--no-config', 'ignore config files')
    .option('--list-rules', 'list the rules and exit')
    .option('--explain <rule>', 'explain one rule and exit');
  withAnalysisOptions(check, 'target Thanos version for flag checks (default: the newest known)').action(
    async (paths: string[], options: Record<string, unknown>) => {
      const { runCheckCommand } = await import('./check-command.js');
      exitCode = await runCheckCommand(paths, options, io, (name) => check.getOptionValueSource(name) === 'cli');
    },
  );

  try {
    await program.parseAsync(argv, { from: 'user' });
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
