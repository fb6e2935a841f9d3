// The library API: what the CLI and the tests call.

export type * from './model.js';
export { analyze, planMigration, thanosPodLabelValues, type Analysis, type FileChange, type InputProblem, type MigrationPlan } from './engine.js';
export { loadDeployment, loadSources, loadTextInputs, textSource, type LoadedSources } from './load.js';
export { RULES, ruleById, type MigrationOptions, type Rule } from './rules/index.js';
export { renderDiff } from './output/diff.js';
export { renderReport, formatProblem } from './output/report.js';
export { renderSdFile } from './sd/render.js';
export { paletteFor, PLAIN, type Palette } from './output/colors.js';
export {
  writePlan,
  apply,
  writeFileAtomic,
  writeOrder,
  unsafeWrites,
  uncommittedFiles,
  withInterruptSignals,
  manualItems,
  hasInputErrors,
  outputPath,
  type WriteMode,
  type WriteOptions,
  type WriteOutcome,
  type WriteHooks,
  type ApplyOptions,
  type Refusal,
  type RefusalKind,
  type ManualItem,
  type InterruptSignal,
  type OrderedChange,
  type DirtyState,
  type GitRunner,
  type UnsafeWrite,
} from './write/index.js';
export { EXIT, exitCodeFor, type Outcome, type ReadOutcome } from './exit-codes.js';
export { renderWriteOutcome } from './output/write-summary.js';
export { runCheck as check, isFailingRun, type CheckOptions, type CheckResult, type CheckScope, type GivenSources } from './check.js';
export { NO_POLICY, applyPolicy, type FindingPolicy, type PolicyResult } from './suppress/policy.js';
export type { ExcludeRule } from './suppress/exclude.js';
export { maskFor, type SecretMask } from './output/secrets.js';
export { secretsOf } from './analysis/secrets.js';
export { escapeForDisplay } from './output/escape.js';
export { confinedReader } from './sources/confined-read.js';
export { DEFAULT_TARGET, parseThanosVersion, formatVersion } from './thanos/versions.js';
export { GOSSIP_FLAGS } from './thanos/gossip-flags.js';
export { DEFAULT_MIGRATION_OPTIONS } from './options.js';
