// What a carrier is to the rest of the tool: it reads the argvs of the files
// of its kinds (with byte spans) and the neutral facts around them, and it
// wires discovery into its own format when a rule asks. Adding a carrier is
// a folder with one CarrierModule and a line in the registry (index.ts).

import type { ArgvCarrier, DiscoveryRequest, SourceFile, SourceKind, WiringPlan } from '../model.js';
import type { CarrierReadResult } from './index.js';
import type { EnvAssignment } from './systemd/env-file.js';

/** What a reader may look at besides its own file: env files (for systemd units). */
export interface ReadEnv {
  envFiles: { file: SourceFile; assignments: EnvAssignment[] }[];
}

export interface CarrierModule {
  /** The source kinds it reads (sources/detect.ts decides a file's kind). */
  kinds: readonly SourceKind[];
  /** Why a gossip flag in such a file but outside every argv this module reads is left to a human. */
  outsideArgv: string;
  /** The argvs of `file`; facts and problems go into `sink`. */
  read(file: SourceFile, sink: CarrierReadResult, env: ReadEnv): ArgvCarrier[];
  /**
   * Whether `read` looks at `env`. Only such a module's reads depend on the
   * other files of the run; any other module's read of a file can be made as
   * soon as the file is loaded (readCarriersOfFile).
   */
  readsEnv?: true;
  /** Discovery for a consumer whose argv this module read, or why it is a human's job. */
  wire(request: DiscoveryRequest): WiringPlan;
  /** After every file is read: what only the whole input tells (an env file no unit reads). */
  finish?(sink: CarrierReadResult, env: ReadEnv): void;
}
