// `wizard`: the interactive migration. Thin: the session lives in src/wizard/.

import type { CliIo } from './io.js';
import { runWizard, type WizardOptions } from '../wizard/run.js';

export async function runWizardCommand(dir: string | undefined, options: WizardOptions, io: CliIo): Promise<number> {
  return runWizard(dir, options, io);
}
