// A write happens through a handle on the directory that was checked. On
// Linux the temp file and the target are named relative to that handle
// (/proc/self/fd/N/NAME, which is what openat/renameat do), so replacing a
// path component with a link after the check cannot carry the write
// elsewhere; where the handle has moved to is checked again before the rename.

import { constants } from 'node:fs';
import { open, readlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeName, fsPath, realpathName } from '../sources/names.js';

export interface DirectoryHandle {
  /** The directory's real path now (it follows a rename of the directory itself). */
  currentPath(): Promise<string>;
  /** A path naming `name` in this directory. */
  entry(name: string): string;
  /** fsync the directory, so a rename survives a power cut. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export async function openDirectory(path: string): Promise<DirectoryHandle> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(fsPath(path), constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  } catch (error) {
    // Some systems cannot open a directory as a file (Windows); then paths are used, and checked again.
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && (error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
  const viaFd = handle ? `/proc/self/fd/${handle.fd}` : null;
  const isFdRelative = viaFd !== null && (await readlink(viaFd).then(() => true, () => false));
  return {
    currentPath: async () => (isFdRelative ? decodeName(await readlink(viaFd!, { encoding: 'buffer' })) : realpathName(path)),
    entry: (name) => (isFdRelative ? `${viaFd}/${name}` : join(path, name)),
    sync: async () => {
      await handle?.sync().catch(() => undefined);
    },
    close: async () => {
      await handle?.close();
    },
  };
}
