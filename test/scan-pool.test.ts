// Reading with a second reader (the check thread's parent, or a helper
// thread) gives what one thread reading alone gives, in walk order, whoever
// read which shard; a second reader that fails part-way loses nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAsHelper, readShards, scanJob, shardTaker, type HelperMessage, type ReaderHelper } from '../src/sources/scan-pool.js';
import { readShard, shardInputs, type ShardResult } from '../src/sources/shards.js';
import { tempDir } from './support.js';

function tree(): string {
  const root = tempDir('scan-pool');
  for (let team = 0; team < 12; team++) {
    for (let app = 0; app < 4; app++) {
      const dir = join(root, `team-${team}`, `app-${app}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'deploy.yaml'), team % 3 === 0 ? `args:\n  - --cluster.peer=thanos-peers:10900\n` : `kind: Service\nmetadata:\n  name: app-${app}\n`);
      writeFileSync(join(dir, 'README.md'), 'nothing to see\n');
    }
  }
  return root;
}

/** What a run read, as it reports it: path and kind of each outcome, in order, and after each shard's how many it passed over. */
const outcomes = (results: ShardResult[]) => results.flatMap((result) => [...result.outcomes.map((outcome) => `${outcome.kind === 'file' ? outcome.file.path : outcome.path} ${outcome.kind}`), `${result.passedOver} passed over`]);

/**
 * A second reader on this thread that reads one shard per turn of the event
 * loop, so both readers take shards; after `lost` shards it takes one more
 * and drops it, as a reader that dies mid-shard does.
 */
function interleavedReader(taken: number[], lost = Infinity): ReaderHelper {
  return async (job, keep) => {
    const take = shardTaker(job, false);
    for (let count = 0; ; count++) {
      await new Promise((next) => setImmediate(next));
      const index = take();
      if (index === -1 || count === lost) return;
      taken.push(index);
      keep(index, readShard(job.shards[index]!, job.prefilter));
    }
  };
}

// Eight wanted: the twelve team directories are a shard each.
const shardsOf = (root: string) => shardInputs([{ shown: 'repo', readFrom: root }], [], 8);

test('readAsHelper reads every shard left once, posts results by index, and ends with done', async () => {
  const root = tree();
  const shards = shardsOf(root);
  const messages: HelperMessage[] = [];
  await readAsHelper(scanJob(shards, true), (message) => messages.push(message));
  assert.deepEqual(messages[messages.length - 1], { done: true });
  const indexes = messages.flatMap((message) => ('results' in message ? message.results.map(([index]) => index) : []));
  assert.deepEqual(indexes, shards.map((_, index) => index));
  const read = messages.flatMap((message) => ('results' in message ? message.results.map(([, result]) => result) : []));
  assert.deepEqual(outcomes(read), outcomes(await readShards(shardsOf(root), true)));
});

test('shards read by two readers come back in walk order, each read once', async () => {
  const root = tree();
  const alone = await readShards(shardsOf(root), true);
  const taken: number[] = [];
  const shards = shardsOf(root);
  const together = await readShards(shards, true, () => {}, interleavedReader(taken));
  assert.deepEqual(outcomes(together), outcomes(alone));
  // Each team's four deploy.yaml files are read; its four READMEs only counted.
  assert.equal(alone.reduce((sum, result) => sum + result.outcomes.length, 0), 48);
  assert.equal(alone.reduce((sum, result) => sum + result.passedOver, 0), 48);
  assert.ok(taken.length > 0 && taken.length < shards.length, `both readers read (second: ${taken.length} of ${shards.length})`);
  // From opposite ends: the second reader from the start, the first from the end, meeting once.
  assert.deepEqual(taken, shards.slice(0, taken.length).map((_, index) => index));
});

test('a second reader that dies holding a shard loses nothing', async () => {
  const root = tree();
  const alone = await readShards(shardsOf(root), true);
  const taken: number[] = [];
  const together = await readShards(shardsOf(root), true, () => {}, interleavedReader(taken, 2));
  assert.equal(taken.length, 2);
  assert.deepEqual(outcomes(together), outcomes(alone));
});
