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

/**
 * One terminal line from untrusted text: line breaks become a space, other
 * control characters (ESC, BEL, C1, line separators, bidi overrides) a
 * visible `\u001b`, so a value from an input file can neither break the
 * layout nor drive the terminal nor reorder what is shown.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
