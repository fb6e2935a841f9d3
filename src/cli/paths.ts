// The paths a command names must exist before anything is read: a missing
// path is a usage error (exit 2), never a silent skip, and a word that is
// not a path but one or two keystrokes from a subcommand (`chek`) is taken
// for the typo it is, not for a tree to rewrite.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../index.js';

/** The subcommands, for "did you mean" (help is commander's own). */
export const COMMAND_NAMES = ['migrate', 'check', 'wizard', 'apply', 'help'] as const;

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The subcommand `word` is a typo of (edit distance 1 or 2, the nearest), or undefined. */
export function commandTypo(word: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of COMMAND_NAMES) {
    if (word === name) continue;
    const distance = editDistance(word.toLowerCase(), name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function exists(path: string, cwd: string): boolean {
  try {
    statSync(resolve(cwd, path));
    return true;
  } catch (error) {
    // Only "not there" is the user's mistake; EACCES and the like are unreadable input, reported per file later.
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/** Throws a UsageError for the first path that does not exist (`-` is stdin, not a path). */
export function requireExistingPaths(paths: readonly string[], cwd: string): void {
  for (const path of paths) {
    if (path === '-' || exists(path, cwd)) continue;
    const typo = commandTypo(path);
    throw new UsageError(typo ? `${path}: no such file or directory, and no command of that name; did you mean ${typo}?` : `${path}: no such file or directory`);
  }
}
