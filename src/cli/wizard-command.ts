// `wizard`: the interactive migration. Thin: the session lives in src/wizard/.

import { type CliIo } from '../index.js';
import { runWizard, type WizardOptions } from '../wizard/run.js';
import { requireExistingPaths } from './paths.js';
import { resolveSettings } from './settings.js';

export async function runWizardCommand(dir: string | undefined, options: WizardOptions, io: CliIo, isFromCli: (name: string) => boolean): Promise<number> {
  requireExistingPaths(dir === undefined ? [] : [dir], io.cwd);
  // The config's options rank below a replayed answers file, which ranks below the command line.
  const { configOptions, scope } = await resolveSettings(options, io, isFromCli);
  return runWizard(dir, { ...options, defaults: configOptions, scope }, io);
}
