// What a write did, as data: the CLI prints it and maps it to an exit code;
// the wizard and library callers read it.

import type { FindingRecord } from '../model.js';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export type RefusalKind =
  /** A question is open (an endpoint, a namespace, a path): nothing can be written yet. */
  | 'blocking'
  /** A consumer would lose gossip with an incomplete SD list (see gate.ts); --force writes anyway. */
  | 'unsafe'
  /** Files with uncommitted changes in git; --allow-dirty writes anyway. */
  | 'dirty'
  /** git could not say whether files have uncommitted changes. */
  | 'git-unknown'
  /** A target lies outside the input tree (or the plan's roots). */
  | 'outside'
  /** `apply`: an input or target differs from when the plan was made. */
  | 'plan-changed'
  /** `apply`: the plan file cannot be read or is not a plan this tool reads. */
  | 'plan-invalid';

export interface Refusal {
  kind: RefusalKind;
  /** One line: why nothing was written. */
  message: string;
  /** file:line (or paths) the refusal is about, one per line of detail. */
  details: string[];
}

/** A finding no edit resolves: work for a human, as the one serialisable finding type. */
export type ManualItem = FindingRecord;

export interface WriteOutcome {
  kind: 'write';
  /** Set when nothing at all was written, and why. */
  refusal?: Refusal;
  /** Existing files rewritten, as display paths, in write order. */
  written: string[];
  /** New files (SD files), as display paths. */
  created: string[];
  /** Files not written on purpose, each with its reason. */
  refused: { path: string; reason: string }[];
  /** Files whose write failed (`EACCES: permission denied`, ENOSPC, ENAMETOOLONG); their temp files are removed. */
  errors: { path: string; message: string }[];
  /** Files not reached because the run was interrupted. */
  notWritten: string[];
  /** Findings no edit resolves: work left for a human. */
  manual: ManualItem[];
  interrupted?: InterruptSignal;
  /** Some input could not be read or parsed. */
  hasInputErrors: boolean;
}

export function emptyOutcome(manual: ManualItem[], hasInputErrors: boolean): WriteOutcome {
  return { kind: 'write', written: [], created: [], refused: [], errors: [], notWritten: [], manual, hasInputErrors };
}
