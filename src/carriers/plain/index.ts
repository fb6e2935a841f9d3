// A command line given as text (`--cmd`, stdin, a `.txt`): the SD file is
// named relative to where Thanos runs.

import type { CarrierModule } from '../module.js';
import { readPlainCarriers } from './read.js';
import { sdPathRead, siblingFileWiring } from '../wiring.js';

export const plainModule: CarrierModule = {
  kinds: ['plain'],
  outsideArgv: 'outside a command line',
  read: (file) => readPlainCarriers(file),
  wire: (request) => siblingFileWiring(request, sdPathRead(request) ?? request.sdFileName),
};
