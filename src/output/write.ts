// Atomic writes: a temp file in the target's directory, then rename, keeping
// the original's mode. A crash leaves the old file or the new one, never half.

import { chmod, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fsPath } from '../sources/names.js';

export const TEMP_PREFIX = '.tgm-tmp-';

/** Directories already swept by this process. */
const swept = new Set<string>();

/**
 * Remove temp files a killed run left in `directory`: only ours (the prefix),
 * only regular files, and only ones older than this process, so a write in
 * flight is never touched.
 */
export async function sweepStaleTempFiles(directory: string, startedAt = performance.timeOrigin): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const path = join(directory, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.mtimeMs >= startedAt) continue;
    if (await unlink(path).then(() => true, () => false)) removed.push(path);
  }
  return removed;
}

/** `path` may hold bytes of a non-UTF-8 name (sources/names.ts): every fs call gets `fsPath` of it. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  await mkdir(fsPath(directory), { recursive: true });
  if (!swept.has(directory)) {
    swept.add(directory);
    await sweepStaleTempFiles(directory);
  }
  const mode = await stat(fsPath(path)).then((s) => s.mode & 0o7777, () => null);
  const temp = join(directory, `${TEMP_PREFIX}${basename(path)}.${randomBytes(6).toString('hex')}`);
  const handle = await open(fsPath(temp), 'wx', mode ?? 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (mode !== null) await chmod(fsPath(temp), mode);
    await rename(fsPath(temp), fsPath(path));
  } catch (error) {
    await unlink(fsPath(temp)).catch(() => undefined);
    throw error;
  }
}
