// Small helpers shared by the reporters.

import type { ReportFinding } from './types.js';

export const TOOL_NAME = 'thanos-gossip-migrate';
export const FIX_COMMAND = 'thanos-gossip-migrate migrate --write';

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

/** Counts findings by severity, and those `migrate` fixes. Problems are not counted. */
export function summarize(findings: readonly ReportFinding[]): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0, fixable: 0 };
  for (const finding of findings) {
    if (finding.severity === 'error') summary.errors += 1;
    else if (finding.severity === 'warning') summary.warnings += 1;
    else summary.infos += 1;
    if (finding.fixable) summary.fixable += 1;
  }
  return summary;
}

/** Groups items by `path`, keeping first-seen order of paths and of items. */
export function groupByPath<T extends { path: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.path);
    if (group) group.push(item);
    else groups.set(item.path, [item]);
  }
  return groups;
}
