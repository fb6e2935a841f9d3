// Every gossip token in every file ends as exactly one account: removed,
// kept, manual, documentation (findings that say so), or left alone because
// it positively belongs to someone else: another program named on its
// command line, or a comment. A token nothing accounts for is `unaccounted`:
// the catch-all rule turns each into a finding, so none passes silently
// (after ingress2gateway's notifications: every loss is logged).

import { identifyProgram } from './invocations.js';
import type { ArgvCarrier, Finding, GossipOutcome, SourceFile, Span } from '../model.js';
import { gossipTokens, type GossipToken } from '../thanos/vocabulary.js';
import { LineOwners } from './line-owners.js';
import { containingSweep } from './containing.js';
import { cachedByText } from '../text/cached-by-text.js';

export interface GossipAccount {
  file: SourceFile;
  span: Span;
  /** The setting: `--cluster.peers`, `thanos.peers`. */
  flag: string;
  outcome: GossipOutcome;
  why: string;
  /** For `left-alone`: whose it positively is (`Alertmanager`, `a comment`). */
  owner?: string;
}

export interface UnaccountedToken {
  file: SourceFile;
  token: GossipToken;
  /** The program of the command line it sits on, when the tool could not identify that program. */
  program?: string;
}

export interface Accounting {
  accounts: GossipAccount[];
  unaccounted: UnaccountedToken[];
}

const COMMENT = 'a comment';

type WordIndex = Map<SourceFile, { span: Span; carrier: ArgvCarrier }[]>;
const wordIndexes = new WeakMap<readonly ArgvCarrier[], WordIndex>();

/**
 * The command-line word holding each offset, per file, with its carrier:
 * built once per run's carrier list (the engine accounts twice, before the
 * late rules and after).
 */
function wordIndex(carriers: readonly ArgvCarrier[]): WordIndex {
  const known = wordIndexes.get(carriers);
  if (known) return known;
  const index: WordIndex = new Map();
  for (const carrier of carriers) {
    for (const word of carrier.words) {
      const list = index.get(word.file);
      if (list) list.push({ span: word.span, carrier });
      else index.set(word.file, [{ span: word.span, carrier }]);
    }
  }
  wordIndexes.set(carriers, index);
  return index;
}

/** A file's gossip tokens, found once per text (the engine accounts twice). */
const gossipTokensOf = cachedByText(gossipTokens);

/**
 * `unreadable`: files a carrier could not read (a YAML parse error), with
 * why: their tokens are manual under that one error, not one finding each.
 */
export function accountGossipTokens(files: SourceFile[], carriers: ArgvCarrier[], findings: Finding[], unreadable: Map<SourceFile, string> = new Map()): Accounting {
  const byFile = new Map<SourceFile, Finding[]>();
  for (const finding of findings) {
    if (!finding.outcome) continue;
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const words = wordIndex(carriers);
  const identities = new Map<ArgvCarrier, ReturnType<typeof identifyProgram>>();
  const identityOf = (carrier: ArgvCarrier) => identities.get(carrier) ?? identities.set(carrier, identifyProgram(carrier)).get(carrier)!;
  const result: Accounting = { accounts: [], unaccounted: [] };
  for (const file of files) {
    // gossipTokens come in offset order, as the sweeps need.
    const reportedAt = containingSweep(byFile.get(file) ?? [], (finding) => finding.span, 'innermost');
    const wordAt = containingSweep(words.get(file) ?? [], (entry) => entry.span, 'first');
    let lineOwners: LineOwners | undefined;
    const owners = () => (lineOwners ??= new LineOwners(file.text));
    for (const token of gossipTokensOf(file)) {
      const offset = token.span.start;
      const reported = reportedAt(offset);
      if (reported) {
        result.accounts.push({ file, span: token.span, flag: token.subject, outcome: reported.outcome!, why: reported.message });
        continue;
      }
      const onCarrier = wordAt(offset)?.carrier;
      const identity = onCarrier ? identityOf(onCarrier) : undefined;
      const owner = identity?.kind === 'other' ? identity.name : onCarrier ? undefined : (owners().programAt(offset) ?? (owners().inCommentAt(offset) ? COMMENT : undefined));
      if (owner !== undefined) {
        result.accounts.push({ file, span: token.span, flag: token.subject, outcome: 'left-alone', why: owner === COMMENT ? 'in a comment' : `${owner}: not Thanos`, owner });
        continue;
      }
      const problem = unreadable.get(file);
      if (problem !== undefined) {
        result.accounts.push({ file, span: token.span, flag: token.subject, outcome: 'manual', why: `not read: ${problem}` });
        continue;
      }
      result.unaccounted.push({ file, token, ...(identity?.kind === 'unknown' ? { program: identity.program } : {}) });
    }
  }
  result.accounts.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.span.start - b.span.start));
  return result;
}

/**
 * After `#` or `//` on its line, outside quotes (not Ruby's `#{`): prose
 * about a flag, or a flag commented out; not a command line.
 */
export function isInComment(text: string, offset: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote !== null) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if ((i === 0 || /\s/.test(line[i - 1]!)) && ((ch === '#' && line[i + 1] !== '{') || (ch === '/' && line[i + 1] === '/'))) return true;
  }
  return false;
}
