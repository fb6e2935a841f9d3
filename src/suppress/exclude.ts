// Paths never read: `exclude` globs from the config file (relative to its
// directory) and `--exclude` (relative to the working directory). A glob
// without a `/` names a file or directory at any depth (`*.bak`, `vendor`),
// as in .gitignore; one with a `/` is anchored at its base. A directory that
// matches takes everything below it.

import { isAbsolute, relative, sep } from 'node:path';
import { matchesGlob } from './config.js';

export interface ExcludeRule {
  glob: string;
  /** Absolute directory the glob is relative to. */
  base: string;
}

export function isExcluded(absolutePath: string, rules: readonly ExcludeRule[]): boolean {
  for (const rule of rules) {
    const rel = relative(rule.base, absolutePath);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) continue;
    const path = rel.split(sep).join('/');
    const glob = rule.glob.replace(/^(?:\.\/)+/, '');
    const isAnchored = glob.replace(/\/+$/, '').includes('/');
    if (matchesGlob(path, isAnchored ? glob : `**/${glob}`)) return true;
  }
  return false;
}
