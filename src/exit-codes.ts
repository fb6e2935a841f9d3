// The exit-code contract, in one place (after arethetypeswrong's getExitCode):
// 0 clean or everything written; 1 changes pending, findings, or work left
// for a human; 2 usage or internal error; 3 unreadable input or a file that
// could not be written; 130/143 interrupted by SIGINT/SIGTERM (128 + signal).

import type { RefusalKind, WriteOutcome } from './write/outcome.js';

export const EXIT = {
  clean: 0,
  pending: 1,
  usage: 2,
  unreadableInput: 3,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

/** A run that wrote nothing: a preview, a check, a plan made for later. */
export interface ReadOutcome {
  kind: 'read';
  hasInputErrors: boolean;
  /** Changes pending, failing findings, or open questions. */
  isPending: boolean;
}

export type Outcome = ReadOutcome | WriteOutcome;

const REFUSAL_EXIT: Record<RefusalKind, number> = {
  blocking: EXIT.pending,
  unsafe: EXIT.pending,
  dirty: EXIT.pending,
  'git-unknown': EXIT.pending,
  outside: EXIT.unreadableInput,
  'plan-changed': EXIT.unreadableInput,
  'plan-invalid': EXIT.usage,
};

export function exitCodeFor(outcome: Outcome): number {
  if (outcome.kind === 'read') return outcome.hasInputErrors ? EXIT.unreadableInput : outcome.isPending ? EXIT.pending : EXIT.clean;
  if (outcome.interrupted) return EXIT[outcome.interrupted];
  if (outcome.hasInputErrors || outcome.errors.length > 0 || outcome.refused.length > 0) return EXIT.unreadableInput;
  if (outcome.refusal) return REFUSAL_EXIT[outcome.refusal.kind];
  return outcome.manual.length > 0 ? EXIT.pending : EXIT.clean;
}
