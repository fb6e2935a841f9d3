// `check --baseline FILE`: the findings a repository had when it adopted the
// lint, so CI fails only on new gossip. A finding is known when the baseline
// holds one with the same rule, file and message (positions the message
// names taken out, finding-identity.ts); lines only pair up identical ones,
// nearest first, so findings that moved with edits above them stay known.
// Paths are stored relative to the baseline file's directory, so the check
// can run from anywhere in the repository. Messages are stored as reported,
// secrets masked: the check command refuses --show-secrets with a baseline.

import { dirname, relative, resolve, sep } from 'node:path';
import { matchFindings } from '../output/finding-identity.js';
import { escapeJsonText } from '../output/escape.js';
import type { ReportFinding } from '../output/reporters/index.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  path: string;
  line: number;
  message: string;
}

export class BaselineError extends Error {}

/** Where `path` (relative to `cwd`) is, seen from the baseline file's directory, with `/`. */
function fromBaseline(baselineFile: string, cwd: string): (path: string) => string {
  const dir = dirname(resolve(cwd, baselineFile));
  return (path) => relative(dir, resolve(cwd, path)).split(sep).join('/');
}

export function parseBaseline(text: string, source: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${source}: not JSON (${(error as Error).message})`);
  }
  const doc = data as { version?: unknown; findings?: unknown };
  if (typeof data !== 'object' || data === null || doc.version !== BASELINE_VERSION || !Array.isArray(doc.findings)) {
    throw new BaselineError(`${source}: not a baseline of version ${BASELINE_VERSION} (make one with --update-baseline)`);
  }
  return doc.findings.map((entry, index) => {
    const e = entry as Partial<BaselineEntry>;
    if (typeof e.ruleId !== 'string' || typeof e.path !== 'string' || typeof e.message !== 'string' || !Number.isInteger(e.line)) {
      throw new BaselineError(`${source}: findings[${index}] needs ruleId, path, line and message`);
    }
    return { ruleId: e.ruleId, path: e.path, line: e.line!, message: e.message };
  });
}

export function renderBaseline(rows: readonly ReportFinding[], baselineFile: string, cwd: string): string {
  const toBaseline = fromBaseline(baselineFile, cwd);
  const findings = rows.map((row) => ({ ruleId: row.ruleId, path: toBaseline(row.path), line: row.line, message: row.message }));
  return `${escapeJsonText(JSON.stringify({ version: BASELINE_VERSION, tool: 'thanos-gossip-migrate', findings }, null, 2))}\n`;
}

/** The rows the baseline does not know (to report and fail on), and how many of its entries are gone. */
export function newSinceBaseline(rows: readonly ReportFinding[], baseline: readonly BaselineEntry[], baselineFile: string, cwd: string): { fresh: ReportFinding[]; known: number; gone: number } {
  const toBaseline = fromBaseline(baselineFile, cwd);
  const current = rows.map((row) => ({ ruleId: row.ruleId, path: toBaseline(row.path), line: row.line, message: row.message, row }));
  const { fresh, known, gone } = matchFindings(current, baseline);
  return { fresh: fresh.map((entry) => entry.row), known: known.length, gone: gone.length };
}
