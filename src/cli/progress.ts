// One progress line for a long run: on a terminal only (stderr is a TTY),
// never with --quiet or under CI, and only once the run has taken about a
// second (a fast run prints nothing). The line is redrawn in place and
// erased at the end, so what stays on the terminal is the report alone. It
// is drawn by a timer and by the counts as they come: migrate reads on the
// thread that would run the timer.

import type { CliIo, ReadProgress } from '../index.js';

export interface Progress {
  update(counts: ReadProgress): void;
  end(): void;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;
const ERASE_LINE = '\r\x1b[K';

const NO_PROGRESS: Progress = { update() {}, end() {} };

/** `afterMs`: when the line first shows (tests shorten it). */
export function startProgress(io: Pick<CliIo, 'stderr' | 'env'>, quiet: boolean, afterMs = SHOW_AFTER_MS): Progress {
  if (quiet || !io.stderr.isTTY || isCi(io.env)) return NO_PROGRESS;
  const started = performance.now();
  let counts: ReadProgress = { scanned: 0, candidates: 0 };
  let shown = false;
  let drawnAt = -Infinity;
  const draw = () => {
    drawnAt = performance.now();
    const seconds = ((drawnAt - started) / 1000).toFixed(1);
    io.stderr.write(`${ERASE_LINE}thanos-gossip-migrate: ${counts.scanned} files scanned, ${counts.candidates} candidates, ${seconds} s`);
    shown = true;
  };
  let timer: NodeJS.Timeout | null = null;
  const delay = setTimeout(() => {
    draw();
    timer = setInterval(draw, REDRAW_MS);
    timer.unref();
  }, afterMs);
  delay.unref();
  return {
    update(next) {
      counts = next;
      const now = performance.now();
      if (now - started >= afterMs && now - drawnAt >= REDRAW_MS) draw();
    },
    end() {
      clearTimeout(delay);
      if (timer) clearInterval(timer);
      if (shown) io.stderr.write(ERASE_LINE);
    },
  };
}

/** THANOS_GOSSIP_MIGRATE_PROGRESS_MS: when the line first shows, in ms (tests set it low). */
export function progressDelay(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.THANOS_GOSSIP_MIGRATE_PROGRESS_MS);
  return Number.isFinite(ms) && ms >= 0 && env.THANOS_GOSSIP_MIGRATE_PROGRESS_MS !== '' ? ms : SHOW_AFTER_MS;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
