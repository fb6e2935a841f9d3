// `--write` refuses to touch files with uncommitted changes, so a migration
// never mixes with unreviewed work. git is run without a shell, with paths
// as separate arguments; outside a repository there is nothing to check.

import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';

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
    let output: string;
    try {
      output = execFileSync('git', ['status', '--porcelain', '-z', '--', ...group.map((path) => resolve(cwd, path))], {
        cwd: directory,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      continue; // not a repository, or no git: nothing to protect
    }
    if (output.length > 0) {
      const reported = output.split('\0').filter(Boolean).map((entry) => entry.slice(3));
      for (const path of group) {
        const absolute = resolve(cwd, path);
        if (reported.some((entry) => absolute.endsWith(`/${entry}`))) dirty.push(path);
      }
    }
  }
  return dirty;
}
