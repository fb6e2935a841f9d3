// A write outcome as text for stderr: the files written (unless quiet), the
// ones that failed or were refused (always), and one summary line with what
// is left for a human, by file:line.

import type { WriteOutcome } from '../write/outcome.js';
import type { SecretMask } from './secrets.js';
import { escapeForDisplay as shown } from './escape.js';
import { recordLocation } from './finding-record.js';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `subject` starts the refusal line: the tool's name, or the plan file `apply` read. */
export function renderWriteOutcome(outcome: WriteOutcome, options: { quiet: boolean; mask?: SecretMask; subject?: string }): string {
  const lines: string[] = [];
  const mask = (text: string) => shown(options.mask ? options.mask.inText(text) : text);
  if (outcome.refusal) {
    lines.push(`${shown(options.subject ?? 'thanos-gossip-migrate')}: nothing written: ${mask(outcome.refusal.message)}`, ...outcome.refusal.details.map((detail) => `  ${mask(detail)}`));
    return `${lines.join('\n')}\n`;
  }
  if (!options.quiet) {
    for (const path of outcome.created) lines.push(`created ${shown(path)}`);
    for (const path of outcome.written) lines.push(`wrote ${shown(path)}`);
  }
  for (const { path, message } of outcome.errors) lines.push(`${shown(path)}: error: ${mask(message)}`);
  for (const { path, reason } of outcome.refused) lines.push(`${shown(path)}: not written: ${mask(reason)}`);
  const done = `wrote ${count(outcome.written.length, 'file', 'files')}, created ${count(outcome.created.length, 'SD file', 'SD files')}`;
  const failed = outcome.errors.length + outcome.refused.length;
  if (outcome.interrupted) {
    const rest = outcome.notWritten.length > 0 ? `; not written: ${shown(outcome.notWritten.join(', '))} (run the same command again to finish)` : '';
    lines.push(`thanos-gossip-migrate: interrupted by ${outcome.interrupted}: ${done}${rest}`);
    return `${lines.join('\n')}\n`;
  }
  const parts = [done];
  if (failed > 0) parts.push(`${count(failed, 'file', 'files')} not written (above)`);
  if (outcome.manual.length > 0) parts.push(`${count(outcome.manual.length, 'item needs', 'items need')} a human:`);
  if (!options.quiet || failed > 0 || outcome.manual.length > 0) lines.push(parts.join(', '));
  for (const item of outcome.manual) lines.push(`  ${recordLocation(item)}: ${mask(item.message)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
