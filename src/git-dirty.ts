// `--write` refuses to touch files with uncommitted changes, so a migration
// never mixes with unreviewed work. git is run without a shell, with paths
// as separate arguments; outside a repository there is nothing to check.

import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { decodeName } from './sources/names.js';

// A byte of a non-UTF-8 name (sources/names.ts) cannot travel in an argument
// or a cwd: git runs from the nearest folder whose name can, the pathspec
// has `?` for each such byte, and its answer is compared as bytes.
const ESCAPED_BYTE = /[\udc80-\udcff]/;
const asPathspec = (path: string): string => path.replace(/[\udc80-\udcff]/g, '?');
function spawnableDirectory(directory: string): string {
  while (ESCAPED_BYTE.test(directory)) directory = dirname(directory);
  return directory;
}

/** The paths among `paths` (existing files) that git reports as modified, staged or untracked. */
export function uncommittedFiles(paths: string[], cwd: string): string[] {
  const dirty: string[] = [];
  const byDirectory = new Map<string, string[]>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const directory = dirname(absolute);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), path]);
  }
  for (const [directory, group] of byDirectory) {
    let output: Buffer;
    try {
      output = execFileSync('git', ['status', '--porcelain', '-z', '--', ...group.map((path) => asPathspec(resolve(cwd, path)))], {
        cwd: spawnableDirectory(directory),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      continue; // not a repository, or no git: nothing to protect
    }
    if (output.length > 0) {
      const reported = decodeName(output).split('\0').filter(Boolean).map((entry) => entry.slice(3));
      for (const path of group) {
        const absolute = resolve(cwd, path);
        if (reported.some((entry) => absolute.endsWith(`/${entry}`))) dirty.push(path);
      }
    }
  }
  return dirty;
}
