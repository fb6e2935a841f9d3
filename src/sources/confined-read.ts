// Files the input only names (the SD file of --store.sd-files, the copy of
// an absolute SD path next to a unit) are read only inside the tree the run
// was given. A relative SD path like ../outside/x.yaml was read and its
// targets echoed in every output format, and ../../../etc/shadow parsed as
// root: a path that leaves the tree is not read at all, neither by `..` (no
// file-system call is made for it) nor through a link (its real path is
// checked, and that real path is what is opened).

import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { decodeSource } from './read.js';
import { readRegularFile } from './regular-file.js';
import { realpathNameSync } from './names.js';

/** What a named file reads as: its text, null when it does not exist, or why it was not read. */
export type NamedFileRead = string | null | { notRead: string };

export const OUTSIDE_THE_TREE = 'outside the tree, not read';

function isInside(path: string, roots: string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
}

/** Each input directory, or the directory holding each input file, as given and as real paths. */
function inputRoots(inputs: string[], cwd: string): { given: string[]; real: string[] } {
  const given = inputs.map((input) => {
    const absolute = resolve(cwd, input);
    try {
      return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
    } catch {
      return dirname(absolute);
    }
  });
  const real = given.map((root) => {
    try {
      return realpathSync(root);
    } catch {
      return root;
    }
  });
  return { given, real };
}

/** A reader for paths relative to `cwd` that reads only inside the trees of `inputs`. */
export function confinedReader(inputs: string[], cwd: string): (path: string) => NamedFileRead {
  const roots = inputRoots(inputs, cwd);
  return (path) => {
    const absolute = resolve(cwd, path);
    if (!isInside(absolute, roots.given)) return { notRead: OUTSIDE_THE_TREE };
    let real: string;
    try {
      real = realpathNameSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? null : { notRead: `cannot read: ${(error as Error).message}` };
    }
    if (!isInside(real, roots.real)) return { notRead: 'outside the tree (through a link), not read' };
    try {
      const read = readRegularFile(real);
      if ('notRead' in read) return read;
      const decoded = decodeSource(path, read.bytes);
      return decoded.ok ? decoded.file.text : { notRead: decoded.reason };
    } catch (error) {
      return { notRead: `cannot read: ${(error as Error).message}` };
    }
  };
}

/** The text of a read, or null when there is none to use. */
export function textOf(read: NamedFileRead): string | null {
  return typeof read === 'string' ? read : null;
}
