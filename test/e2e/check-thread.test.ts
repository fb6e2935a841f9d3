// `check` starts its analysis thread before the command line is parsed
// (bin/): through the real bin, a check that never uses the thread (rule
// list, usage error) still exits at once with its own code, and one that
// does gives the same result as the in-process check.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runMain, tempDir } from '../support.js';

const run = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });

test('check with an early thread: unused, the process still ends with its own exit code; used, the output is the in-process one', async () => {
  const dir = tempDir('check-thread');
  writeFileSync(join(dir, 'query.sh'), '#!/bin/sh\nexec thanos query --http-address=0.0.0.0:10902 --cluster.peers=10.0.0.1:10900\n');

  const rules = run(['check', '--list-rules'], dir);
  assert.equal(rules.status, 0);
  assert.match(rules.stdout, /^gossip-flag /m);

  const usage = run(['check', '--max-warnings', 'many', '.'], dir);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--max-warnings many: expected a whole number/);

  const spawned = run(['check', '--format', 'json', '.'], dir);
  const inProcess = await runMain(['check', '--format', 'json', '.'], dir);
  assert.equal(inProcess.status, 1);
  assert.equal(spawned.status, 1);
  assert.equal(spawned.stdout, inProcess.stdout);
});
