// The suite runs in shards (test/shards/): a test file that no shard imports
// would be a test that silently never runs, so the partition is held here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support.js';
import { SHARD_COUNT, shareOf, suiteTestFiles } from './shards/shard.js';

test('the shards partition the test files: each file in exactly one, the heavy ones spread', () => {
  const files = ['e.test.js', 'a.test.js', 'd.test.js', 'c.test.js', 'b.test.js'];
  assert.deepEqual(shareOf(files, 0, 2), ['a.test.js', 'c.test.js', 'e.test.js']);
  assert.deepEqual(shareOf(files, 1, 2), ['b.test.js', 'd.test.js']);
  assert.deepEqual(shareOf(files, 0, 1), ['a.test.js', 'b.test.js', 'c.test.js', 'd.test.js', 'e.test.js']);
  assert.deepEqual(shareOf(files, 2, 3), ['c.test.js']);
  assert.throws(() => shareOf(files, 2, 2), /shard 2 of 2 does not exist/);
  assert.throws(() => shareOf(files, 0, 0), /shard 0 of 0 does not exist/);
});

test('every compiled test file is in one shard, this one included', () => {
  const files = suiteTestFiles();
  assert.ok(files.some((file) => file.endsWith('shards.test.js')), 'the list is the compiled dist/test/*.test.js');
  const shared = Array.from({ length: SHARD_COUNT }, (_, index) => shareOf(files, index, SHARD_COUNT)).flat();
  assert.deepEqual([...shared].sort(), [...files].sort());
});

test('test/shards/ holds one file per shard, each running its own index, and npm test runs them', () => {
  const dir = join(ROOT, 'test', 'shards');
  const shardFiles = readdirSync(dir).filter((name) => name.endsWith('.test.ts')).sort();
  assert.deepEqual(shardFiles, Array.from({ length: SHARD_COUNT }, (_, index) => `${index}.test.ts`));
  for (const [index, name] of shardFiles.entries()) {
    assert.match(readFileSync(join(dir, name), 'utf8'), new RegExp(`^await runShard\\(${index}\\);$`, 'm'));
  }
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
  assert.match(scripts['test'] ?? '', new RegExp(`node --test --test-concurrency=${SHARD_COUNT} dist/test/shards/\\*\\.test\\.js$`));
});
