// The library API: what the CLI and the tests call.

export type * from './model.js';
export { analyze, planMigration, secondLoadingPass, thanosPodLabelValues } from './engine.js';
export type { Analysis, FileChange, InputProblem, MigrationPlan, ReadFile } from './plan.js';
export { loadDeployment, loadSources, loadTextInputs, textSource, type LoadedSources, type ReadProgress } from './load.js';
export { RULES, ruleById, type Rule } from './rules/index.js';
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
export { gossipTokens, looksLikeGossipFlag, GOSSIP_FLAG_MENTION, type GossipToken } from './thanos/vocabulary.js';
export { DEFAULT_MIGRATION_OPTIONS, type MigrationOptions } from './options.js';

// What the front ends (src/cli/, src/wizard/) use besides the pipeline: they
// import this module only, so everything they need is named here.
export { UsageError } from './usage-error.js';
export type { CliIo } from './io.js';
export { migrationOptions, type ColorOption, type RawOptions } from './raw-options.js';
export { runCheckIsolated } from './check-worker.js';
export { isIncomplete, type ConsumerEndpoints } from './analysis/consumers.js';
export { locationOf } from './argv/text-lines.js';
export { wiringsOf } from './edits/wirings.js';
export { renderConsumerEndpoints, renderMeshes } from './output/meshes.js';
export { formatFinding } from './output/report.js';
export { findingRecord, recordLocation } from './output/finding-record.js';
export type { CappedList, FindingRecord, MessageData, MessageValue } from './model.js';
export { REPORTERS, FORMATS, isFormat, type Format, type ReportFinding, type ReportInput } from './output/reporters/index.js';
export { renderJobSummary } from './output/reporters/github-summary.js';
export { buildPlanFile, PlanLocationError } from './plan-file.js';
export { readRegularFile } from './sources/regular-file.js';
export { BaselineError, newSinceBaseline, parseBaseline, renderBaseline } from './suppress/baseline.js';
export { RULE_SETTINGS, findConfigFile, parseConfigFile, type ConfigFile, type RuleSetting } from './suppress/config.js';
export { CONSUMER_ROLES } from './thanos/components.js';
export { describe as describeFileError } from './write/atomic.js';
