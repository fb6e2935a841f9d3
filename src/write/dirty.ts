// `--write` refuses to touch files with uncommitted changes, so a migration
// never mixes with unreviewed work. It fails closed: "not a git work tree" is
// the only git failure that means there is nothing to protect; any other
// (git refusing a repository it calls of dubious ownership, a broken .git, a
// git that is missing while a .git is there) means the state is unknown, and
// unknown is refused. git runs without a shell, paths as separate arguments.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { asPathspec, decodeName, fsPath, realpathNameSync, spawnableDirectory } from '../sources/names.js';

export interface GitResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when git could not be started (ENOENT: no git installed). */
  spawnError?: string;
}

export type GitRunner = (args: string[], cwd: string) => GitResult;

export type DirtyState =
  | { kind: 'checked'; dirty: string[] }
  | { kind: 'unknown'; path: string; reason: string };

const runGit: GitRunner = (args, cwd) => {
  // A name that is not UTF-8 (sources/names.ts) travels as `?` in a pathspec and comes back as bytes.
  const result = spawnSync('git', args.map(asPathspec), {
    cwd: spawnableDirectory(cwd),
    encoding: 'buffer',
    // English messages to tell failures apart; no index lock taken by a read-only status.
    env: { ...process.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_OPTIONAL_LOCKS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: result.status, stdout: result.stdout ? decodeName(result.stdout) : '', stderr: result.stderr?.toString('utf8') ?? '', ...(result.error ? { spawnError: (result.error as NodeJS.ErrnoException).code ?? result.error.message } : {}) };
};

/** A .git entry in `directory` or above it: git should have found a work tree there. */
function gitDirAbove(directory: string): string | null {
  for (let current = directory; ; current = dirname(current)) {
    if (existsSync(fsPath(join(current, '.git')))) return join(current, '.git');
    if (dirname(current) === current) return null;
  }
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').replace(/^fatal: /, '').trim();
}

type WorkTree = { kind: 'tree'; top: string } | { kind: 'none' } | { kind: 'unknown'; reason: string };

function workTreeOf(directory: string, git: GitRunner): WorkTree {
  const result = git(['rev-parse', '--show-toplevel'], directory);
  if (result.status === 0) return { kind: 'tree', top: result.stdout.trim() };
  const notInstalled = result.spawnError !== undefined;
  if (notInstalled || /not a git repository/i.test(result.stderr)) {
    const found = gitDirAbove(directory);
    if (found === null) return { kind: 'none' };
    return { kind: 'unknown', reason: notInstalled ? `git cannot run (${result.spawnError}) but ${found} exists` : `${firstLine(result.stderr)}, yet ${found} exists` };
  }
  return { kind: 'unknown', reason: firstLine(result.stderr) || `git exited with ${String(result.status)}` };
}

/** Which of `paths` (existing files) git reports as modified, staged or untracked; or why that cannot be told. */
export function uncommittedFiles(paths: string[], cwd: string, git: GitRunner = runGit): DirtyState {
  const byTree = new Map<string, { path: string; real: string }[]>();
  const trees = new Map<string, WorkTree>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let real: string;
    try {
      real = realpathNameSync(absolute);
    } catch {
      real = absolute;
    }
    const directory = dirname(real);
    let tree = trees.get(directory);
    if (!tree) trees.set(directory, (tree = workTreeOf(directory, git)));
    if (tree.kind === 'unknown') return { kind: 'unknown', path, reason: tree.reason };
    if (tree.kind === 'none') continue;
    byTree.set(tree.top, [...(byTree.get(tree.top) ?? []), { path, real }]);
  }
  const dirty: string[] = [];
  for (const [top, group] of byTree) {
    const result = git(['status', '--porcelain', '-z', '--untracked-files=all', '--', ...group.map((entry) => entry.real)], top);
    if (result.status !== 0) return { kind: 'unknown', path: group[0]!.path, reason: firstLine(result.stderr) || `git status exited with ${String(result.status)}` };
    // Entries are `XY path`, and a rename adds its old path as an entry of its own.
    const reported = new Set(result.stdout.split('\0').filter(Boolean).map((entry) => resolve(top, /^.. /.test(entry) ? entry.slice(3) : entry)));
    for (const entry of group) if (reported.has(entry.real)) dirty.push(entry.path);
  }
  return { kind: 'checked', dirty };
}
