// What a plan leaves for a human, and whether its input was whole: the two
// facts about a plan every write outcome carries.

import type { MigrationPlan } from '../plan.js';
import { locationOf } from '../argv/text-lines.js';
import type { ManualItem } from './outcome.js';

/** Findings no edit resolves, with file:line. */
export function manualItems(plan: Pick<MigrationPlan, 'findings'>): ManualItem[] {
  return plan.findings.filter((finding) => finding.severity === 'error' && !finding.fix).map((finding) => ({ location: locationOf(finding.file, finding.span.start), message: finding.message }));
}

export function hasInputErrors(plan: Pick<MigrationPlan, 'problems'>): boolean {
  return plan.problems.some((problem) => !problem.isSkip);
}
