// `node --test` starts one process per test file. On a 2-core machine the 49
// processes of test/*.test.ts spent half the suite's CPU (67 s of 67 + 34)
// starting Node and loading src/ again, which pushed `npm test` past its 45 s
// bound. A shard file imports its share of the test files, so the suite runs in
// as many processes as there are shards, and the tests of one file still run
// in their file's order. Every test file belongs to exactly one shard
// (`shareOf` partitions the list), so none is left out when a file is added.
// One file still runs alone: `node --test dist/test/<name>.test.js`.

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How many shard files test/shards/ holds: one per core of the 2-core machine `npm test` is held to. */
export const SHARD_COUNT = 2;

/**
 * The test files of shard `index` of `count`: every `count`-th file of the
 * sorted list, so the suite's heavy and light files spread over the shards
 * (measured on the 2-core machine: 16.1 s and 15.0 s each alone).
 */
export function shareOf(testFiles: readonly string[], index: number, count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`shard ${index} of ${count} does not exist`);
  }
  return [...testFiles].sort().filter((_, position) => position % count === index);
}

/** The compiled test files beside this folder: dist/test/*.test.js. */
export function suiteTestFiles(testDir = join(dirname(fileURLToPath(import.meta.url)), '..')): string[] {
  return readdirSync(testDir)
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => join(testDir, name));
}

/** Imports the test files of one shard, one after another, so their tests register in this process. */
export async function runShard(index: number): Promise<void> {
  for (const file of shareOf(suiteTestFiles(), index, SHARD_COUNT)) {
    await import(pathToFileURL(file).href);
  }
}
