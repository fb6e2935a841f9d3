// What the engine hands its callers: the analysis of the input and the plan
// that migrates it, as plain values. Writers, reporters and the wizard
// depend on these shapes, never on the engine that computes them.

import type { Edit, Finding, Invocation, SdFileSpec, SourceFile, Span } from './model.js';
import type { AnswerUse, ConsumerEndpoints } from './analysis/consumers.js';
import type { Mesh } from './analysis/meshes.js';
import type { ProcessName } from './analysis/names.js';
import type { DiscoveryReadBack } from './analysis/read-back.js';
import type { GossipAccount } from './analysis/accounting.js';
import type { EnvFileLink, KubeObject } from './facts.js';
import type { PolicyResult, UnusedSuppression } from './suppress/policy.js';

/**
 * How the analysis may read files it was not given (SD files the flags
 * name): their text, null when absent, or why they were not read (outside
 * the tree, not a regular file); none by default.
 */
export type ReadFile = (path: string) => string | null | { notRead: string };

export interface InputProblem {
  path: string;
  /** Absent when the problem is about the whole file. */
  span?: Span;
  file?: SourceFile;
  message: string;
  /** Skipped on purpose (binary, symlink) rather than failed. */
  isSkip: boolean;
}

export interface FileChange {
  path: string;
  /** null for a file the migration creates. */
  before: string | null;
  after: string;
  /** Present for files that exist in the input. */
  source?: SourceFile;
  /** The span edits that turn `before` into `after` (existing files only). */
  edits: Edit[];
}

export interface Analysis {
  files: SourceFile[];
  invocations: Invocation[];
  findings: Finding[];
  /** Every Querier and Ruler that gossiped, with the endpoints of its own mesh. */
  consumers: ConsumerEndpoints[];
  meshes: Mesh[];
  answers: AnswerUse[];
  /** The report name of a Thanos process or a Prometheus-Operator resource. */
  nameOf(target: Invocation | KubeObject): ProcessName | undefined;
  /** Queriers and Rulers whose discovery flag names a file, with what it lists (a migrated consumer). */
  discovery: DiscoveryReadBack[];
  accounting: GossipAccount[];
  links: EnvFileLink[];
  problems: InputProblem[];
}

export interface MigrationPlan extends Analysis {
  changes: FileChange[];
  sdFiles: SdFileSpec[];
  /** Findings that make writing unsafe until answered (a suppression never answers one). */
  blocking: Finding[];
  /** Findings the user suppressed or turned off: neither fixed nor reported. */
  suppressed: PolicyResult['suppressed'];
  unusedSuppressions: UnusedSuppression[];
}

