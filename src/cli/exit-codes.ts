// The exit-code contract, in one place (after arethetypeswrong's getExitCode).

export const EXIT = {
  /** Nothing to change, nothing found. */
  clean: 0,
  /** Changes pending (preview), findings, or questions that block writing. */
  pending: 1,
  /** Usage or configuration error. */
  usage: 2,
  /** Some input could not be read or parsed; the rest was still processed. */
  unreadableInput: 3,
} as const;

export function exitCodeFor(state: { hasInputErrors: boolean; hasPending: boolean }): number {
  if (state.hasInputErrors) return EXIT.unreadableInput;
  return state.hasPending ? EXIT.pending : EXIT.clean;
}
