// GitHub Actions workflow commands: one annotation per line, which the runner
// turns into annotations on the pull request's diff.
//
//   ::error file=deploy/q.yaml,line=12,col=7,endLine=12,endColumn=35,title=gossip-flag::message
//
// error -> ::error, warning -> ::warning, info -> ::notice; unreadable inputs
// are ::error with title=parse. GitHub shows at most 10 annotations of each
// level per step (and drops the rest without a word), so at most 10 of each
// are emitted, the most important first: unreadable inputs, then findings
// that need a human, then one per file before a second in any file. The
// others follow as plain log lines (indented, so none can be read as a
// command), and a last ::notice gives the totals,
// how many were annotated, and where the whole report is.
//
// Escaping follows the runner's own (actions/toolkit command.ts): in the
// message `%`, CR and LF; in property values those and `:` and `,` as well.
// Other controls (ESC drives the log viewer's colours) and bidi or invisible
// characters are shown as visible escapes first. Nothing to say is the empty
// string.

import type { ReportFinding, ReportProblem, ReportSeverity, Reporter } from './types.js';
import { summarize, TOOL_NAME } from './common.js';
import { escapeForDisplay } from '../escape.js';

/** Annotations GitHub shows per level and step (docs: "Workflow commands", annotation limits). */
export const ANNOTATIONS_PER_LEVEL = 10;

export function escapeData(text: string): string {
  return escapeForDisplay(text, { keepLineBreaks: true }).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: Array<[string, string | number | undefined]>, message: string): string {
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name} ${props}::${escapeData(message)}`;
}

type Level = 'error' | 'warning' | 'notice';

const LEVEL: Record<ReportSeverity, Level> = { error: 'error', warning: 'warning', info: 'notice' };

interface Entry {
  level: Level;
  /** Lower comes first. */
  rank: number;
  path: string;
  annotation: string;
  logLine: string;
}

function problemEntry(p: ReportProblem): Entry {
  const where = p.line === undefined ? p.path : `${p.path}:${p.line}${p.column === undefined ? '' : `:${p.column}`}`;
  return {
    level: 'error',
    rank: 0,
    path: p.path,
    annotation: command('error', [['file', p.path], ['line', p.line], ['col', p.column], ['title', 'parse']], p.message),
    logLine: `  - ${escapeForDisplay(`${where}: error: ${p.message} [parse]`)}`,
  };
}

function findingEntry(f: ReportFinding): Entry {
  return {
    level: LEVEL[f.severity],
    rank: f.fixable ? 2 : 1,
    path: f.path,
    annotation: command(LEVEL[f.severity], [['file', f.path], ['line', f.line], ['col', f.column], ['endLine', f.endLine], ['endColumn', f.endColumn], ['title', f.ruleId]], f.message),
    logLine: `  - ${escapeForDisplay(`${f.path}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]`)}`,
  };
}

/** The `limit` entries to annotate: by rank, one per file before a second in any, then report order. */
function mostImportant(entries: Entry[], limit: number): Set<Entry> {
  const seenFiles = new Set<string>();
  const order = entries
    .map((entry, index) => {
      const isFirstInFile = !seenFiles.has(`${entry.rank}\u0000${entry.path}`);
      seenFiles.add(`${entry.rank}\u0000${entry.path}`);
      return { entry, index, spread: isFirstInFile ? 0 : 1 };
    })
    .sort((a, b) => a.entry.rank - b.entry.rank || a.spread - b.spread || a.index - b.index);
  return new Set(order.slice(0, limit).map((item) => item.entry));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const github: Reporter = ({ findings, problems, elsewhere }) => {
  const entries = [...problems.map(problemEntry), ...findings.map(findingEntry)];
  if (entries.length === 0) return '';
  // The summary is a notice too: it takes one of the notices' places.
  const limits: Record<Level, number> = { error: ANNOTATIONS_PER_LEVEL, warning: ANNOTATIONS_PER_LEVEL, notice: ANNOTATIONS_PER_LEVEL - 1 };
  const shown = new Set<Entry>();
  const counts: Record<Level, { total: number; shown: number }> = { error: { total: 0, shown: 0 }, warning: { total: 0, shown: 0 }, notice: { total: 0, shown: 0 } };
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = entries.filter((entry) => entry.level === level);
    for (const entry of mostImportant(ofLevel, limits[level])) shown.add(entry);
    counts[level] = { total: ofLevel.length, shown: Math.min(ofLevel.length, limits[level]) };
  }
  const annotated = entries.filter((entry) => shown.has(entry)).map((entry) => entry.annotation);
  const rest = entries.filter((entry) => !shown.has(entry)).map((entry) => entry.logLine);

  const summary = summarize(findings);
  const totals = `${plural(summary.errors + problems.length, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}`;
  const hidden = (['error', 'warning', 'notice'] as const).filter((level) => counts[level].shown < counts[level].total);
  const coverage =
    hidden.length === 0
      ? 'all annotated'
      : `annotated: ${hidden.map((level) => `${counts[level].shown} of ${counts[level].total} ${level === 'notice' ? 'infos' : `${level}s`}`).join(', ')} (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level)`;
  const where = [...elsewhere, ...(rest.length > 0 ? ['the step log'] : [])];
  const full = where.length > 0 ? `; full report: ${where.join(', ')}` : '';
  const lines = [
    ...annotated,
    ...(rest.length > 0 ? [`${TOOL_NAME}: ${plural(rest.length, 'more finding')} not annotated:`, ...rest] : []),
    command('notice', [['title', TOOL_NAME]], `${totals}; ${coverage}${full}`),
  ];
  return `${lines.join('\n')}\n`;
};
