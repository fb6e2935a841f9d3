// `main(argv, io)` works in `io.cwd`, not in the process's directory: an
// in-process run (a test, an editor integration, the library) reads, plans
// and writes the tree it was given. Each test sits the process in a decoy
// tree with the same relative names, so a read or write against the
// process's directory shows up as the wrong tree analysed or written.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inDir, readTree, ROOT, runMain, tempDir } from './support.js';

const QUICKSTART = join(ROOT, 'fixtures', 'quickstart');
const DECOY = '#!/bin/sh\n./thanos compact --data-dir /decoy --cluster.peers=10.9.9.9:10900\n';

/** The tree to work on, and a decoy the process sits in, holding `deploy/run-local.sh` too. */
function trees(name: string): { work: string; decoy: string; decoyBefore: Map<string, string> } {
  const work = tempDir(`cwd-${name}`);
  cpSync(QUICKSTART, join(work, 'deploy'), { recursive: true });
  const decoy = tempDir(`cwd-${name}-decoy`);
  mkdirSync(join(decoy, 'deploy'));
  writeFileSync(join(decoy, 'deploy', 'run-local.sh'), DECOY);
  return { work, decoy, decoyBefore: readTree(decoy) };
}

test('migrate --write reads and writes io.cwd, not the process directory', async () => {
  const { work, decoy, decoyBefore } = trees('migrate');
  const result = await inDir(decoy, () => runMain(['migrate', '--write', 'deploy'], work));
  assert.equal(result.status, 0, result.stderr);
  const expected = readFileSync(join(ROOT, 'fixtures', 'cases', 'quickstart-shell', 'expected', 'run-local.sh'), 'utf8');
  assert.equal(readFileSync(join(work, 'deploy', 'run-local.sh'), 'utf8'), expected.replaceAll('input/', 'deploy/'));
  assert.deepEqual([...readTree(join(work, 'deploy')).keys()], ['run-local.sh', 'thanos-query-sd.yaml', 'thanos-store-sd.yaml']);
  assert.deepEqual(readTree(decoy), decoyBefore, 'the decoy is neither read nor written');
  assert.doesNotMatch(result.stderr, /compact|10\.9\.9\.9/);
});

test('check reads io.cwd, its paths and its config file relative to it', async () => {
  const { work, decoy } = trees('check');
  writeFileSync(join(work, '.thanos-gossip-migrate.yaml'), 'ignore:\n  - paths: ["deploy/**"]\n');
  writeFileSync(join(decoy, '.thanos-gossip-migrate.yaml'), 'ignore: 3\n');
  const result = await inDir(decoy, () => runMain(['check', '--format', 'json', 'deploy'], work));
  const report = JSON.parse(result.stdout) as { findings: { ruleId: string; path: string }[] };
  assert.deepEqual([...new Set(report.findings.map((f) => `${f.ruleId} ${f.path}`))], [], result.stderr);
  assert.equal(result.status, 0, result.stderr);
  const unsuppressed = await inDir(decoy, () => runMain(['check', '--no-config', '--format', 'json', 'deploy'], work));
  const rows = (JSON.parse(unsuppressed.stdout) as { findings: { ruleId: string; path: string }[] }).findings;
  assert.equal(rows.filter((f) => f.ruleId === 'gossip-flag' && f.path === 'deploy/run-local.sh').length, 12);
  assert.equal(unsuppressed.status, 1);
});

test('--plan-out and apply resolve the plan, its roots and its inputs against io.cwd', async () => {
  const { work, decoy, decoyBefore } = trees('apply');
  const made = await inDir(decoy, () => runMain(['migrate', '--plan-out', 'plan.json', 'deploy'], work));
  assert.equal(made.status, 1, made.stderr);
  const applied = await inDir(decoy, () => runMain(['apply', 'plan.json'], work));
  assert.equal(applied.status, 0, applied.stderr);
  assert.equal(applied.stderr, 'created deploy/thanos-query-sd.yaml\ncreated deploy/thanos-store-sd.yaml\nwrote deploy/run-local.sh\nwrote 1 file, created 2 SD files\n');
  assert.deepEqual(readTree(decoy), decoyBefore);
});

test('the wizard replays answers from io.cwd and writes there', async () => {
  const { work, decoy, decoyBefore } = trees('wizard');
  writeFileSync(join(work, 'answers.json'), JSON.stringify({ version: 1, 'thanos-version': 'v0.5.0', 'sd-format': 'yaml', 'sd-path': null, files: { 'deploy/run-local.sh': 'accept' }, write: true }));
  const result = await inDir(decoy, () => runMain(['wizard', '--answers', 'answers.json', 'deploy'], work));
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^wrote deploy\/run-local\.sh$/m);
  assert.deepEqual([...readTree(join(work, 'deploy')).keys()], ['run-local.sh', 'thanos-query-sd.yaml', 'thanos-store-sd.yaml']);
  assert.deepEqual(readTree(decoy), decoyBefore);
});
