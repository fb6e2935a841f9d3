// Every path the tool writes stays inside the tree it was given (or
// --out-dir). Paths are compared as real paths, links resolved, so a path
// derived from input text cannot climb out with `..` or through a link. A
// symbolic link named on the command line is followed: its target is what
// the user named, and it is written in place of the link, never the link
// replaced by a regular file.

import { lstatSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fsPath, realpathNameSync } from '../sources/names.js';

export interface WriteRoots {
  /** Real directories anything may be written under. */
  directories: string[];
  /** Real files that may be written though their directory is not a root (link targets named on the command line). */
  files: string[];
}

/** Each input directory; for an input file, its directory and (when it is a link) the file it points to. */
export function writeRoots(inputs: string[], cwd: string): WriteRoots {
  const roots: WriteRoots = { directories: [], files: [] };
  for (const input of inputs) {
    const absolute = resolve(cwd, input);
    try {
      if (statSync(fsPath(absolute)).isDirectory()) {
        roots.directories.push(realpathNameSync(absolute));
        continue;
      }
      roots.directories.push(realpathNameSync(dirname(absolute)));
      if (lstatSync(fsPath(absolute)).isSymbolicLink()) roots.files.push(realpathNameSync(absolute));
    } catch {
      roots.directories.push(absolute);
    }
  }
  return roots;
}

export function isInsideRoots(realPath: string, roots: WriteRoots): boolean {
  return roots.files.includes(realPath) || roots.directories.some((root) => realPath.startsWith(root.endsWith(sep) ? root : root + sep));
}

export type Target =
  | { ok: true; realPath: string; exists: boolean }
  | { ok: false; reason: string };

/**
 * Where a write to `path` really lands: an existing file (links followed to
 * the end), or a new name under the nearest existing directory.
 */
export function resolveTarget(path: string): Target {
  let info;
  try {
    info = lstatSync(fsPath(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return { ok: false, reason: `${code ?? 'error'}: ${(error as Error).message}` };
    return { ok: true, realPath: join(realAncestor(dirname(path)), basename(path)), exists: false };
  }
  let realPath: string;
  try {
    realPath = realpathNameSync(path);
  } catch (error) {
    return { ok: false, reason: `a symbolic link to a missing or looping path (${(error as NodeJS.ErrnoException).code ?? 'error'}); the link is not replaced` };
  }
  const target = info.isSymbolicLink() ? lstatSync(fsPath(realPath)) : info;
  if (!target.isFile()) return { ok: false, reason: 'not a regular file' };
  return { ok: true, realPath, exists: true };
}

/** The real path of `directory`, or of its nearest existing ancestor with the missing names appended. */
function realAncestor(directory: string): string {
  const missing: string[] = [];
  for (let current = resolve(directory); ; current = dirname(current)) {
    try {
      return join(realpathNameSync(current), ...missing.reverse());
    } catch {
      if (dirname(current) === current) return join(current, ...missing.reverse());
      missing.push(basename(current));
    }
  }
}
