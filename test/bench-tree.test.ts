// check's report on the benchmark's generated tree of 1,000 files stays the
// same bytes: how files are found and read may change for speed, never what
// is reported. The tree is generated once per generator version and cached
// (the benchmark uses the same one); UPDATE_EXPECTED=1 rewrites the record,
// only after reading the diff.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCacheDir, generateRepository } from '../bench/generate.js';
import { toolVersion } from '../src/cli/version.js';
import { ROOT, runMain } from './support.js';

const EXPECTED = join(ROOT, 'fixtures', 'bench-tree', 'check-1000.json');
const VERSION_LINE = /^( {4}"version": )"[^"]*"/m;

test('check --format json on the generated 1,000-file tree: the recorded report, byte for byte', async () => {
  const { root } = generateRepository(benchCacheDir(), 1000);
  const result = await runMain(['check', '--format', 'json', '.'], root);
  assert.equal(result.status, 1);
  assert.equal(result.stderr, '');
  if (process.env.UPDATE_EXPECTED === '1') writeFileSync(EXPECTED, result.stdout.replace(VERSION_LINE, '$1"VERSION"'));
  const expected = readFileSync(EXPECTED, 'utf8').replace(VERSION_LINE, `$1"${toolVersion()}"`);
  assert.equal(result.stdout, expected);
});
