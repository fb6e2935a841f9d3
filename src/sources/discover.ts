// Turn the paths a user names into the files a run reads. A directory is one
// deployment: walked recursively, skipping .git, node_modules and whatever
// its .gitignore files ignore.

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isIgnored, parseGitignore, type IgnoreRule } from './gitignore.js';
import { isTempName } from './temp-name-shape.js';
import { kindOf, notRegularReason } from './regular-file.js';
import { readTextOrNull } from './read.js';
import { decodeName, fsPath } from './names.js';

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface DiscoveredPath {
  path: string;
  /** Why a path was not read (symlink loop, unreadable…), or undefined. */
  skipReason?: string;
  /** Passed over on purpose (a link, a FIFO in a walk) rather than failed. */
  isSkip?: boolean;
}

// Synchronous on purpose: a walk of thousands of page-cached directories is
// syscall-bound, and the thread-pool round trips of the async API cost more
// than they overlap (measured by npm run bench).
/** `isPruned(path)`: a path below an input that is not wanted (an exclude glob); it is neither listed nor walked. */
export async function discoverFiles(inputs: string[], isPruned: (path: string) => boolean = () => false): Promise<DiscoveredPath[]> {
  const found: DiscoveredPath[] = [];
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      // A path the user names is followed even if it is a link; links inside the tree are not.
      isDirectory = statSync(input).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      found.push({ path: input, skipReason: code === 'ENOENT' ? 'no such file or directory' : (error as Error).message });
      continue;
    }
    if (isDirectory) walk(input, input, [], found, '', isPruned);
    else found.push({ path: input });
  }
  return found;
}

const readGitignore = (directory: string): string | null => readTextOrNull(join(directory, '.gitignore'));

/**
 * A directory's entries with their names as path strings. A name that is
 * not UTF-8 comes back from the string listing with U+FFFD in it: only then
 * is the directory listed again as bytes, so such a name is still found and
 * its path keeps its bytes (names.ts), at no cost for ordinary trees.
 */
function listDirectory(directory: string): { name: string; entry: Dirent | Dirent<Buffer> }[] {
  const entries = readdirSync(fsPath(directory), { withFileTypes: true });
  if (!entries.some((entry) => entry.name.includes('\uFFFD'))) return entries.map((entry) => ({ name: entry.name, entry }));
  return readdirSync(fsPath(directory), { withFileTypes: true, encoding: 'buffer' }).map((entry) => ({ name: decodeName(entry.name), entry }));
}

/** `rel` is the directory relative to the walk root, with `/`, built as we descend (path.relative per entry is costly). */
function walk(root: string, directory: string, inherited: IgnoreRule[], found: DiscoveredPath[], rel: string, isPruned: (path: string) => boolean): void {
  let entries: { name: string; entry: Dirent | Dirent<Buffer> }[];
  try {
    entries = listDirectory(directory);
  } catch (error) {
    found.push({ path: directory, skipReason: `cannot list directory: ${(error as Error).message}` });
    return;
  }
  // A .gitignore that is a link (perhaps out of the tree) is not read: links are not followed.
  const gitignore = entries.some(({ name, entry }) => name === '.gitignore' && entry.isFile()) ? readGitignore(directory) : null;
  const rules = gitignore === null ? inherited : [...inherited, ...parseGitignore(rel, gitignore)];
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, entry } of entries) {
    const path = join(directory, name);
    const relPath = rel === '' ? name : `${rel}/${name}`;
    if (isPruned(path)) continue;
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(name) || (rules.length > 0 && isIgnored(rules, relPath, true))) continue;
      walk(root, path, rules, found, relPath, isPruned);
    } else if (entry.isFile()) {
      if (rules.length > 0 && isIgnored(rules, relPath, false)) continue;
      // A killed --write leaves temp files; they are never inputs (the next write sweeps them).
      if (isTempName(name)) continue;
      found.push({ path });
    } else if (entry.isSymbolicLink()) {
      // Links are not followed: they can loop, and a write through one could leave the tree.
      found.push({ path, skipReason: 'symbolic link (not followed)', isSkip: true });
    } else {
      found.push({ path, skipReason: notRegularReason(kindOf(entry)), isSkip: true });
    }
  }
}
