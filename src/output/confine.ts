// Every path the tool writes stays inside the tree it was given (or
// --out-dir): paths derived from input text can never climb out with `..`,
// and a link cannot carry a write elsewhere.

import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { decodeName, fsPath } from '../sources/names.js';

/** The real directory a path would be written in (the nearest one that exists). */
function realDirectory(path: string): string {
  let directory = dirname(resolve(path));
  for (;;) {
    try {
      return decodeName(realpathSync(fsPath(directory), { encoding: 'buffer' }));
    } catch {
      const parent = dirname(directory);
      if (parent === directory) return directory;
      directory = parent;
    }
  }
}

/** Directories writes may go under: each input directory, or the directory holding each input file. */
export function writeRoots(inputs: string[], cwd: string): string[] {
  return inputs.map((input) => {
    const absolute = resolve(cwd, input);
    try {
      return realpathSync(statSync(absolute).isDirectory() ? absolute : dirname(absolute));
    } catch {
      return absolute;
    }
  });
}

export function isWritable(path: string, roots: string[]): boolean {
  const directory = realDirectory(path);
  return roots.some((root) => directory === root || directory.startsWith(root + sep));
}
