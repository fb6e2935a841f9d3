// The habits a linter's users expect: colour decided like other tools
// (--color/--no-color, NO_COLOR, FORCE_COLOR, a TTY), subcommand typos caught,
// a baseline that lets a monorepo fail only on new gossip, --quiet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wantsColor } from '../src/output/colors.js';
import { commandTypo, editDistance } from '../src/cli/paths.js';
import { ROOT, runMain, tempDir } from './support.js';

const ESC = '\u001b[';

test('wantsColor: the flag decides; then NO_COLOR; then FORCE_COLOR; then a terminal that is not dumb', () => {
  const tty = { isTTY: true };
  const pipe = {};
  assert.equal(wantsColor(pipe, {}, true), true);
  assert.equal(wantsColor(tty, {}, false), false);
  assert.equal(wantsColor(tty, { NO_COLOR: '1' }), false);
  assert.equal(wantsColor(tty, { NO_COLOR: '' }), true, 'an empty NO_COLOR is not set (no-color.org)');
  assert.equal(wantsColor(pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }), false, 'never with NO_COLOR');
  assert.equal(wantsColor(pipe, { FORCE_COLOR: '1' }), true);
  assert.equal(wantsColor(tty, { FORCE_COLOR: '0' }), false);
  assert.equal(wantsColor(pipe, {}), false);
  assert.equal(wantsColor(tty, {}), true);
  assert.equal(wantsColor(tty, { TERM: 'dumb' }), false);
});

test('colour through main: --color forces it into a pipe, FORCE_COLOR too, NO_COLOR and --no-color keep it out', async () => {
  const dir = tempDir('color');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  const plainEnv = { NO_COLOR: '' };
  assert.ok((await runMain(['check', '--color', 'deploy'], dir, { NO_COLOR: '1' })).stdout.includes(ESC), '--color wins over NO_COLOR');
  assert.ok((await runMain(['check', 'deploy'], dir, { ...plainEnv, FORCE_COLOR: '1' })).stdout.includes(ESC));
  assert.ok(!(await runMain(['check', '--no-color', 'deploy'], dir, { ...plainEnv, FORCE_COLOR: '1' })).stdout.includes(ESC));
  assert.ok(!(await runMain(['check', 'deploy'], dir, plainEnv)).stdout.includes(ESC), 'a pipe without FORCE_COLOR');
  const preview = await runMain(['migrate', '--color', 'deploy'], dir, { NO_COLOR: '1' });
  assert.ok(preview.stdout.includes(ESC) && preview.stderr.includes(ESC), 'migrate colours its diff and report too');
  // Files never get colour.
  await runMain(['check', '--color', '--format', 'stylish=report.txt', 'deploy'], dir);
  assert.ok(!readFileSync(join(dir, 'report.txt'), 'utf8').includes(ESC));
});

test('subcommand typos: edit distance up to 2, transpositions count once; an existing path is a path', async () => {
  assert.equal(editDistance('chekc', 'check'), 1);
  assert.equal(editDistance('migarte', 'migrate'), 1);
  assert.deepEqual(['chek', 'chekc', 'migrat', 'wizzard', 'aply', 'hlep', 'CHECK'].map(commandTypo), ['check', 'check', 'migrate', 'wizard', 'apply', 'help', 'check']);
  assert.deepEqual(['deploy', 'k8s', 'ch', 'checkers'].map(commandTypo), [undefined, undefined, undefined, undefined]);
  const dir = tempDir('typo-path');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'chek'), { recursive: true });
  const result = await runMain(['chek'], dir);
  assert.equal(result.status, 1, 'a directory named chek is migrated (previewed)');
  assert.match(result.stdout, /^--- a\/chek\/run-local\.sh$/m);
});

test('baseline: recorded findings pass; a new one after edits above the old ones fails, and only it is reported', async () => {
  const dir = tempDir('baseline');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  const made = await runMain(['check', '--baseline', 'ci/gossip-baseline.json', '--update-baseline', 'deploy'], dir);
  assert.deepEqual([made.status, made.stdout], [0, '']);
  const entries = (JSON.parse(readFileSync(join(dir, 'ci', 'gossip-baseline.json'), 'utf8')) as { findings: { path: string }[] }).findings;
  assert.equal(entries.length, 14);
  assert.equal(entries[0]!.path, '../deploy/run-local.sh', 'relative to the baseline file');
  // Three lines above everything, and a new gossip flag on a new command.
  const script = readFileSync(join(dir, 'deploy', 'run-local.sh'), 'utf8');
  writeFileSync(join(dir, 'deploy', 'run-local.sh'), script.replace('trap ', '# added\n# by\n# hand\ntrap ').replace('\nwait\n', '\n./thanos compact --data-dir data/compact --cluster.peers 127.0.0.1:19391 &\nwait\n'));
  const later = await runMain(['check', '--baseline', 'ci/gossip-baseline.json', '--format', 'json', 'deploy'], dir);
  assert.equal(later.status, 1);
  const rows = (JSON.parse(later.stdout) as { findings: { ruleId: string; line: number; message: string }[] }).findings;
  assert.deepEqual(rows.map((f) => `${f.line} ${f.ruleId} ${f.message}`), ['66 gossip-flag --cluster.peers=127.0.0.1:19391: gossip flag on thanos compact, removed in v0.5.0']);
  assert.equal(later.stderr, 'baseline ci/gossip-baseline.json: 14 known finding(s) not reported\n');
});

test('--quiet: errors only in the output, while warnings still count for --max-warnings', async () => {
  const dir = tempDir('quiet');
  cpSync(join(ROOT, 'fixtures', 'check-rules', 'gossip-port', 'input'), join(dir, 'k8s'), { recursive: true });
  const quiet = await runMain(['check', '--quiet', '--max-warnings', '0', '--format', 'json', 'k8s'], dir);
  assert.deepEqual((JSON.parse(quiet.stdout) as { findings: unknown[] }).findings, []);
  assert.equal(quiet.status, 1, 'two warnings are more than --max-warnings 0');
  assert.equal((await runMain(['check', '--quiet', 'k8s'], dir)).status, 0);
});
