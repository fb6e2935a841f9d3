// SIGINT and SIGTERM during a write do not kill the process mid-file: they
// abort the write loop, which finishes or rolls back the file in flight,
// removes its temp file and reports what was and was not written. The
// handlers exist only while `run` runs; outside a write the defaults apply.

import type { InterruptSignal } from './outcome.js';

export async function withInterruptSignals<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: InterruptSignal) => {
    if (!controller.signal.aborted) controller.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
