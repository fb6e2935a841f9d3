// Atomic writes: a temp file in the target's directory, then rename, keeping
// the original's mode. A crash leaves the old file or the new one, never half.

import { chmod, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const TEMP_PREFIX = '.tgm-tmp-';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const mode = await stat(path).then((s) => s.mode & 0o7777, () => null);
  const temp = join(directory, `${TEMP_PREFIX}${basename(path)}.${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', mode ?? 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (mode !== null) await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
