// Turn the paths a user names into the files a run reads. A directory is one
// deployment: walked recursively, skipping .git, node_modules and whatever
// its .gitignore files ignore.

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { isIgnored, parseGitignore, type IgnoreRule } from './gitignore.js';
import { isTempName } from './temp-name-shape.js';
import { kindOf, notRegularReason } from './regular-file.js';
import { readTextOrNull } from './read.js';
import { decodeName, fsPath } from './names.js';
import { isExcluded, type ExcludeRule } from '../suppress/exclude.js';

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface DiscoveredPath {
  /** The path as reports name it: under the input as the user gave it. */
  path: string;
  /** Where it is read from (absolute, or as given), when that differs from `path`. */
  readFrom?: string;
  /** Why a path was not read (symlink loop, unreadable…), or undefined. */
  skipReason?: string;
  /** Passed over on purpose (a link, a FIFO in a walk) rather than failed. */
  isSkip?: boolean;
  /** Listed by the walk as a regular file: read without asking the descriptor what it is (regular-file.ts). */
  isListedFile?: true;
}

/** A directory still to be walked, with what it inherits. Plain data: it crosses to a reader thread as is. */
export interface WalkTask {
  /** Where the directory is read from. */
  directory: string;
  /** The directory as reports name it. */
  shown: string;
  /** The directory relative to the walk root, with `/` (path.relative per entry is costly). */
  rel: string;
  rules: IgnoreRule[];
  /** Paths below an input that are not wanted: neither listed nor walked. */
  exclude: readonly ExcludeRule[];
}

/** One directory's entries in walk order: files to read, subdirectories to walk. */
export type WalkEntry = { found: DiscoveredPath } | { task: WalkTask };

/** An input as the user gave it (`shown`) and where it is read from. */
export interface WalkInput {
  shown: string;
  readFrom: string;
}

// Synchronous on purpose: a walk of thousands of page-cached directories is
// syscall-bound, and the thread-pool round trips of the async API cost more
// than they overlap (measured by npm run bench).
export async function discoverFiles(inputs: string[], exclude: readonly ExcludeRule[] = []): Promise<DiscoveredPath[]> {
  const found: DiscoveredPath[] = [];
  for (const entry of inputEntries(inputs.map((input) => ({ shown: input, readFrom: input })), exclude)) {
    if ('task' in entry) walk(entry.task, found);
    else found.push(entry.found);
  }
  return found;
}

/** What each input is: a directory to walk, or a path as given (a file, or one that cannot be read). */
export function inputEntries(inputs: WalkInput[], exclude: readonly ExcludeRule[]): WalkEntry[] {
  return inputs.map(({ shown, readFrom }): WalkEntry => {
    let isDirectory: boolean;
    try {
      // A path the user names is followed even if it is a link; links inside the tree are not.
      isDirectory = statSync(readFrom).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { found: { path: shown, skipReason: code === 'ENOENT' ? 'no such file or directory' : (error as Error).message } };
    }
    if (isDirectory) return { task: { directory: readFrom, shown, rel: '', rules: [], exclude } };
    return { found: readFrom === shown ? { path: shown } : { path: shown, readFrom } };
  });
}

const readGitignore = (directory: string): string | null => readTextOrNull(join(directory, '.gitignore'));

/** A directory entry and its name as a path string. */
type NamedEntry = { name: string; entry: Dirent | Dirent<Buffer> };

/**
 * A directory's entries with their names as path strings. A name that is
 * not UTF-8 comes back from the string listing with U+FFFD in it: only then
 * is the directory listed again as bytes, so such a name is still found and
 * its path keeps its bytes (names.ts), at no cost for ordinary trees.
 *
 * Built by push, not Array#map: on Node 20 map's result is a packed array
 * from the builtin and a holey one once map is inlined in optimised code,
 * and listTask, optimised on the one, bailed out at `entries.some` on the
 * other and was compiled again, on each reading thread.
 */
function listDirectory(directory: string): NamedEntry[] {
  const entries = readdirSync(fsPath(directory), { withFileTypes: true });
  const named: NamedEntry[] = [];
  if (!entries.some((entry) => entry.name.includes('\uFFFD'))) {
    for (const entry of entries) named.push({ name: entry.name, entry });
    return named;
  }
  for (const entry of readdirSync(fsPath(directory), { withFileTypes: true, encoding: 'buffer' })) named.push({ name: decodeName(entry.name), entry });
  return named;
}

/**
 * `join(directory, name)` for a normalised directory and an entry name
 * (which never holds a separator): the directory is normalised once per
 * listing, not once per entry as join does (join was the listing's largest
 * own cost).
 */
function under(directory: string, name: string): string {
  if (directory === '.') return name;
  return directory.endsWith(sep) ? `${directory}${name}` : `${directory}${sep}${name}`;
}

/** The entries of one directory, sorted, with what is ignored or never read left out. */
export function listTask(task: WalkTask): WalkEntry[] {
  const { directory, shown, rel, rules: inherited, exclude } = task;
  let entries: NamedEntry[];
  try {
    entries = listDirectory(directory);
  } catch (error) {
    return [{ found: { path: shown, skipReason: `cannot list directory: ${(error as Error).message}` } }];
  }
  // A .gitignore that is a link (perhaps out of the tree) is not read: links are not followed.
  const gitignore = entries.some(({ name, entry }) => name === '.gitignore' && entry.isFile()) ? readGitignore(directory) : null;
  const rules = gitignore === null ? inherited : [...inherited, ...parseGitignore(rel, gitignore)];
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const listed: WalkEntry[] = [];
  const directoryBase = normalize(directory);
  const shownBase = normalize(shown);
  for (const { name, entry } of entries) {
    const readFrom = under(directoryBase, name);
    const path = under(shownBase, name);
    const relPath = rel === '' ? name : `${rel}/${name}`;
    if (exclude.length > 0 && isExcluded(readFrom, exclude)) continue;
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(name) || (rules.length > 0 && isIgnored(rules, relPath, true))) continue;
      listed.push({ task: { directory: readFrom, shown: path, rel: relPath, rules, exclude } });
    } else if (entry.isFile()) {
      if (rules.length > 0 && isIgnored(rules, relPath, false)) continue;
      // A killed --write leaves temp files; they are never inputs (the next write sweeps them).
      if (isTempName(name)) continue;
      listed.push({ found: readFrom === path ? { path, isListedFile: true } : { path, readFrom, isListedFile: true } });
    } else if (entry.isSymbolicLink()) {
      // Links are not followed: they can loop, and a write through one could leave the tree.
      listed.push({ found: { path, skipReason: 'symbolic link (not followed)', isSkip: true } });
    } else {
      listed.push({ found: { path, skipReason: notRegularReason(kindOf(entry)), isSkip: true } });
    }
  }
  return listed;
}

/** Every path under `task`, depth first in name order. */
export function walk(task: WalkTask, found: DiscoveredPath[]): void {
  for (const entry of listTask(task)) {
    if ('task' in entry) walk(entry.task, found);
    else found.push(entry.found);
  }
}
