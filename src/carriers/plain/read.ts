// A plain command line (`--cmd '…'`, stdin, a .txt file): shell syntax, but
// nothing says the commands share a machine, so no host group.

import type { ArgvCarrier, SourceFile } from '../../model.js';
import { readShellCarriers } from '../shell/read.js';

export function readPlainCarriers(file: SourceFile): ArgvCarrier[] {
  return readShellCarriers(file).map((carrier) => ({
    ...carrier,
    kind: 'plain-command',
    context: { kind: 'command', label: carrier.context.label },
  }));
}
