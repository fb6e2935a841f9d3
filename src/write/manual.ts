// What a plan leaves for a human, and whether its input was whole: the two
// facts about a plan every write outcome carries.

import type { MigrationPlan } from '../plan.js';
import { findingRecord } from '../output/finding-record.js';
import type { ManualItem } from './outcome.js';

/** Findings no edit resolves, with file:line. */
export function manualItems(plan: Pick<MigrationPlan, 'findings'>): ManualItem[] {
  return plan.findings.filter((finding) => finding.severity === 'error' && !finding.fix).map((finding) => findingRecord(finding));
}

export function hasInputErrors(plan: Pick<MigrationPlan, 'problems'>): boolean {
  return plan.problems.some((problem) => !problem.isSkip);
}
