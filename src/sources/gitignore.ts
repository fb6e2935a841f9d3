// Enough of .gitignore to skip what a repository does not track: globs with
// `*`, `?`, `**`, anchoring by a leading or inner `/`, directory-only
// patterns, and `!` negation, each relative to its .gitignore's folder.
// Globs are matched without regular expressions (glob.ts).

import { globSegments, matchesSegment, matchesSegments } from './glob.js';

export interface IgnoreRule {
  base: string;
  /** The pattern split at `/`; a `**` segment matches any number of path segments. */
  segments: string[];
  /** True when the pattern names a path from `base`; otherwise it matches a name at any depth. */
  isAnchored: boolean;
  isNegated: boolean;
  isDirectoryOnly: boolean;
}

export function parseGitignore(base: string, text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const isNegated = line.startsWith('!');
    if (isNegated) line = line.slice(1);
    const isDirectoryOnly = line.endsWith('/');
    if (isDirectoryOnly) line = line.slice(0, -1);
    const isAnchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ base, segments: globSegments(line), isAnchored, isNegated, isDirectoryOnly });
  }
  return rules;
}

function matches(rule: IgnoreRule, relativePath: string): boolean {
  const names = relativePath.split('/');
  if (rule.isAnchored) return matchesSegments(rule.segments, names);
  return rule.segments[0] === '**' || matchesSegment(rule.segments[0]!, names[names.length - 1]!);
}

/** `relativePath` uses `/` and is relative to the walk root; `base` likewise. */
export function isIgnored(rules: IgnoreRule[], relativePath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.isDirectoryOnly && !isDirectory) continue;
    const prefix = rule.base === '' ? '' : `${rule.base}/`;
    if (!relativePath.startsWith(prefix)) continue;
    if (matches(rule, relativePath.slice(prefix.length))) ignored = !rule.isNegated;
  }
  return ignored;
}
