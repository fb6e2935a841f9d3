import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInsideRoots, resolveTarget, writeRoots } from '../src/write/confine.js';
import { tempDir } from './support.js';

/** Whether a write to `path` would stay inside `roots`, links resolved. */
async function isWritable(path: string, roots: ReturnType<typeof writeRoots>): Promise<boolean> {
  const target = await resolveTarget(path);
  return target.ok && isInsideRoots(target.realPath, roots);
}

test('writes stay under the input tree: no `..`, no link out', async () => {
  const dir = tempDir('confine');
  mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'tree', 'run.sh'), 'thanos query\n');
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'tree', 'link'));
  const roots = writeRoots(['tree'], dir);
  assert.equal(await isWritable(join(dir, 'tree', 'sub', 'new-sd.yaml'), roots), true);
  assert.equal(await isWritable(join(dir, 'tree', 'not-yet', 'deep', 'x.yaml'), roots), true);
  assert.equal(await isWritable(join(dir, 'tree', '..', 'elsewhere', 'x.yaml'), roots), false);
  assert.equal(await isWritable(join(dir, 'tree', 'link', 'x.yaml'), roots), false);
  const fileRoots = writeRoots([join('tree', 'run.sh')], dir);
  assert.equal(await isWritable(join(dir, 'tree', 'thanos-store-sd.yaml'), fileRoots), true);
  assert.equal(await isWritable(join(dir, 'thanos-store-sd.yaml'), fileRoots), false);
});

test('a link named on the command line may be written through to its target; other links to it may not', async () => {
  const dir = tempDir('confine-link');
  mkdirSync(join(dir, 'units'));
  mkdirSync(join(dir, 'store'));
  writeFileSync(join(dir, 'store', 'thanos-query.service'), '[Service]\n');
  symlinkSync(join(dir, 'store', 'thanos-query.service'), join(dir, 'units', 'thanos-query.service'));
  symlinkSync(join(dir, 'store', 'thanos-query.service'), join(dir, 'units', 'other.service'));
  symlinkSync(join(dir, 'store', 'missing'), join(dir, 'units', 'dangling.yaml'));
  const roots = writeRoots([join('units', 'thanos-query.service')], dir);
  const named = await resolveTarget(join(dir, 'units', 'thanos-query.service'));
  assert.deepEqual(named, { ok: true, realPath: join(dir, 'store', 'thanos-query.service'), exists: true });
  assert.equal(isInsideRoots(join(dir, 'store', 'thanos-query.service'), roots), true);
  assert.equal(isInsideRoots(join(dir, 'store', 'other'), roots), false);
  assert.equal(await isWritable(join(dir, 'units', 'other.service'), writeRoots(['units'], dir)), false, 'a link found in the tree does not carry writes out');
  const dangling = await resolveTarget(join(dir, 'units', 'dangling.yaml'));
  assert.equal(dangling.ok, false);
});
