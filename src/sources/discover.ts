// Turn the paths a user names into the files a run reads. A directory is one
// deployment: walked recursively, skipping .git, node_modules and whatever
// its .gitignore files ignore.

import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isIgnored, parseGitignore, type IgnoreRule } from './gitignore.js';

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface DiscoveredPath {
  path: string;
  /** Why a path was skipped (symlink loop, unreadable…), or undefined. */
  skipReason?: string;
}

export async function discoverFiles(inputs: string[]): Promise<DiscoveredPath[]> {
  const found: DiscoveredPath[] = [];
  for (const input of inputs) {
    const stats = await lstat(input).catch((error: NodeJS.ErrnoException) => error);
    if (stats instanceof Error) {
      found.push({ path: input, skipReason: stats.code === 'ENOENT' ? 'no such file or directory' : stats.message });
      continue;
    }
    if (stats.isDirectory()) await walk(input, input, [], found);
    else found.push({ path: input });
  }
  return found;
}

async function walk(root: string, directory: string, inherited: IgnoreRule[], found: DiscoveredPath[]): Promise<void> {
  const rel = toPosix(relative(root, directory));
  const gitignore = await readFile(join(directory, '.gitignore'), 'utf8').catch(() => null);
  const rules = gitignore === null ? inherited : [...inherited, ...parseGitignore(rel, gitignore)];
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: Error) => error);
  if (entries instanceof Error) {
    found.push({ path: directory, skipReason: `cannot list directory: ${entries.message}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const relPath = toPosix(relative(root, path));
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(rules, relPath, true)) continue;
      await walk(root, path, rules, found);
    } else if (entry.isFile()) {
      if (isIgnored(rules, relPath, false)) continue;
      found.push({ path });
    } else if (entry.isSymbolicLink()) {
      // Links are not followed: they can loop, and a write through one could leave the tree.
      found.push({ path, skipReason: 'symbolic link (not followed)' });
    }
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
