import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isWritable, writeRoots } from '../src/output/confine.js';
import { tempDir } from './support.js';

test('writes stay under the input tree: no `..`, no link out', () => {
  const dir = tempDir('confine');
  mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'tree', 'run.sh'), 'thanos query\n');
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'tree', 'link'));
  const roots = writeRoots(['tree'], dir);
  assert.equal(isWritable(join(dir, 'tree', 'sub', 'new-sd.yaml'), roots), true);
  assert.equal(isWritable(join(dir, 'tree', 'not-yet', 'deep', 'x.yaml'), roots), true);
  assert.equal(isWritable(join(dir, 'tree', '..', 'elsewhere', 'x.yaml'), roots), false);
  assert.equal(isWritable(join(dir, 'tree', 'link', 'x.yaml'), roots), false);
  const fileRoots = writeRoots([join('tree', 'run.sh')], dir);
  assert.equal(isWritable(join(dir, 'tree', 'thanos-store-sd.yaml'), fileRoots), true);
  assert.equal(isWritable(join(dir, 'thanos-store-sd.yaml'), fileRoots), false);
});
