// The one serialisable form of a finding (model.ts FindingRecord): positions
// from the span, the path as reported, and the same mask over the message
// and every string it was rendered from, so `data` leaks nothing `message`
// hides.

import { lineColumnAt } from '../argv/text-lines.js';
import { isCappedList, type Finding, type FindingRecord, type MessageData, type MessageValue } from '../model.js';

export function findingRecord(finding: Finding, mask: (text: string) => string = (text) => text): FindingRecord {
  const start = lineColumnAt(finding.file, finding.span.start);
  const end = lineColumnAt(finding.file, finding.span.end);
  return {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    data: maskData(finding.data, mask),
    severity: finding.severity,
    path: finding.file.path.includes('\\') ? finding.file.path.split('\\').join('/') : finding.file.path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: mask(finding.message),
    fixable: Boolean(finding.fix),
  };
}

function maskData(data: MessageData, mask: (text: string) => string): MessageData {
  const masked = (value: string | number) => (typeof value === 'string' ? mask(value) : value);
  const copy: Record<string, MessageValue> = {};
  for (const name of Object.keys(data)) {
    const value = data[name]!;
    copy[name] = typeof value !== 'object' ? masked(value) : isCappedList(value) ? { named: value.named.map(mask), count: value.count } : value.map(masked);
  }
  return copy;
}

/** `path:line:column`, where the finding starts. */
export function recordLocation(record: Pick<FindingRecord, 'path' | 'line' | 'column'>): string {
  return `${record.path}:${record.line}:${record.column}`;
}
