// GitHub Actions workflow commands: one annotation per line, which the runner
// turns into annotations on the pull request's diff.
//
//   ::error file=deploy/q.yaml,line=12,col=7,endLine=12,endColumn=35,title=gossip-flag::message
//
// error → ::error, warning → ::warning, info → ::notice. Unreadable inputs
// are ::error with title=parse. Escaping follows the runner's own
// (actions/toolkit command.ts): in the message `%`, CR and LF; in property
// values those and `:` and `,` as well. Other controls (ESC drives the log
// viewer's colours) and bidi or invisible characters are shown as visible
// escapes first. Nothing to say is the empty string.
// (GitHub shows at most 10 annotations of each level per step; the rest are
// still in the log.)

import type { ReportSeverity, Reporter } from './types.js';
import { escapeForDisplay } from '../escape.js';

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

const COMMAND: Record<ReportSeverity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export const github: Reporter = ({ findings, problems }) => {
  const lines: string[] = [];
  for (const p of problems) {
    lines.push(command('error', [['file', p.path], ['line', p.line], ['col', p.column], ['title', 'parse']], p.message));
  }
  for (const f of findings) {
    lines.push(
      command(
        COMMAND[f.severity],
        [['file', f.path], ['line', f.line], ['col', f.column], ['endLine', f.endLine], ['endColumn', f.endColumn], ['title', f.ruleId]],
        f.message,
      ),
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
