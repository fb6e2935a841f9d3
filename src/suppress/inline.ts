// Inline suppressions: `# thanos-gossip-migrate-ignore RULE[,RULE…] reason`.
//
// A `#` starts a comment at the start of a line or after whitespace, outside
// quotes (the YAML and shell rule). A quote opens a quoted string only at the
// start of a word or after `=`, `:`, `[`, `{`, `,`, `(`, `$`, so the
// apostrophe in `don't` does not hide a trailing comment. Quote state is
// tracked per line. `//` comments are not recognised.

import { splitLines } from '../argv/text-lines.js';
import { append } from '../lists.js';

export interface InlineSuppression {
  /** 1-based line of the comment. */
  line: number;
  /** Rule ids, `*` for all; [] when the comment names none (malformed). */
  ruleIds: string[];
  reason: string;
  /** 1-based line the suppression covers. */
  appliesToLine: number;
}

/** The word that starts a suppression comment; a file without it has none. */
export const SUPPRESSION_MARKER = 'thanos-gossip-migrate-ignore';
const RULE_ID = /^(?:\*|[A-Za-z0-9][A-Za-z0-9_.-]*)$/;

/** Offset of the comment's `#` in `line`, or -1. */
export function commentStart(line: string): number {
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = null;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = null;
      continue;
    }
    const prev = i === 0 ? ' ' : line[i - 1]!;
    if (c === '#' && /\s/.test(prev)) return i;
    if ((c === '"' || c === "'") && /[\s=:[{,($]/.test(prev)) quote = c;
    else if (c === '\\') i++; // shell escape outside quotes: `\#`, `\"`
  }
  return -1;
}

/** Parse a comment body (text after `#`); null when it is not a suppression. */
function parseComment(body: string): { ruleIds: string[]; reason: string } | null {
  const m = /^\s*thanos-gossip-migrate-ignore(?=\s|$)(.*)$/.exec(body);
  if (!m) return null;
  let rest = m[1]!.trim();
  const ruleIds: string[] = [];
  // RULE[,RULE…], tolerating spaces around the commas
  const list = /^([^\s,]+)((?:\s*,\s*[^\s,]+)*)/.exec(rest);
  if (list) {
    const ids = list[0].split(',').map((s) => s.trim());
    if (ids.every((id) => RULE_ID.test(id))) {
      append(ruleIds, ids);
      rest = rest.slice(list[0].length).trim();
    }
  }
  // a reason may be introduced by `--` or `:`
  rest = rest.replace(/^(?:--|:)\s*/, '');
  return { ruleIds, reason: rest };
}

/**
 * Inline suppression comments in `text` (YAML, shell, systemd units, env
 * files). A comment alone on its line applies to the next non-blank line that
 * is not itself a suppression comment (so several can be stacked); a comment
 * after code applies to its own line. Line numbers are 1-based.
 */
export function readInlineSuppressions(text: string): InlineSuppression[] {
  const lines = splitLines(text);
  const found: { index: number; ownLine: boolean; ruleIds: string[]; reason: string }[] = [];
  const isSuppressionLine = new Set<number>();
  lines.forEach((line, index) => {
    const at = commentStart(line);
    if (at < 0) return;
    const parsed = parseComment(line.slice(at + 1));
    if (!parsed) return;
    const ownLine = line.slice(0, at).trim() === '';
    if (ownLine) isSuppressionLine.add(index);
    found.push({ index, ownLine, ...parsed });
  });
  return found.map(({ index, ownLine, ruleIds, reason }) => {
    let target = index;
    if (ownLine) {
      let k = index + 1;
      while (k < lines.length && (lines[k]!.trim() === '' || isSuppressionLine.has(k))) k++;
      target = k < lines.length ? k : index;
    }
    return { line: index + 1, ruleIds, reason, appliesToLine: target + 1 };
  });
}
