// The shape of the writer's temp files (src/write/temp-names.ts makes and
// sweeps them): discovery skips files of exactly this shape, so a run never
// reads another run's file in flight as input.

/** `.tgm-PID-START-SEQ.tmp`: pid, process start ticks and a sequence number, in hex. */
export const TEMP_NAME = /^\.tgm-([0-9a-f]{8})-([0-9a-f]{12})-([0-9a-f]{4})\.tmp$/;

export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}
