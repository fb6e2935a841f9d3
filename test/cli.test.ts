// The CLI through main(argv, io): the exit-code contract, --cmd, in-place
// writes, plans, and that stdout holds only data. Two runs go through the real
// bin, where the process is the point: its --version shortcut, and stdin from
// a pipe.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, runBin, runMain, tempDir } from './support.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('--version prints the package version and exits 0', () => {
  const result = runBin(['--version']);
  assert.equal(result.stdout, `${VERSION}\n`);
  assert.equal(result.status, 0);
});

test('usage errors exit 2', async () => {
  assert.equal((await runMain([])).status, 2);
  assert.equal((await runMain(['--no-such-flag', 'x'])).status, 2);
  const badVersion = await runMain(['--thanos-version', 'banana', 'fixtures/quickstart']);
  assert.equal(badVersion.status, 2);
  assert.match(badVersion.stderr, /--thanos-version banana: expected a version like v0\.5\.0/);
  const badEndpoint = await runMain(['--store-endpoint', 'no-port', 'fixtures/quickstart']);
  assert.equal(badEndpoint.status, 2);
  assert.equal((await runMain(['--keep-gossip', '--thanos-version', 'v0.5.0', 'fixtures/quickstart'])).status, 2);
});

test('--cmd rewrites one command line to stdout', async () => {
  const result = await runMain(['--cmd', 'thanos sidecar --tsdb.path /data --cluster.peers 10.0.0.1:10900 --cluster.disable']);
  assert.equal(result.stdout, 'thanos sidecar --tsdb.path /data');
  assert.equal(result.status, 0);
  assert.match(result.stderr, /2 removed/);
});

test('- reads stdin and writes the result to stdout', () => {
  const input = 'thanos query --http-address=0.0.0.0:10902 \\\n  --cluster.peers=store.example:10900\n';
  const result = runBin(['-', '--store-endpoint', 'store.example:10901'], { input });
  assert.equal(result.stdout, 'thanos query --http-address=0.0.0.0:10902 \\\n  --store.sd-files=thanos-store-sd.yaml\n');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /\+    - store\.example:10901/);
});

test('a Query whose stores the input does not locate makes the tool refuse, not guess', async () => {
  const result = await runMain(['--cmd', 'thanos query --cluster.peers=10.0.0.1:10900']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /its mesh 1 is open: seed 10\.0\.0\.1:10900 at <cmd>:1:14 leads outside the input \(no file in the input describes 10\.0\.0\.1:10900: no member listens on or advertises it\); the input shows none of its StoreAPIs\. Pass --store-endpoint <cmd>:1=HOST:PORT/);
});

test('preview output carries no colour without a TTY, and none with NO_COLOR', async () => {
  const result = await runMain(['fixtures/quickstart'], ROOT, { NO_COLOR: '1', FORCE_COLOR: '1' });
  assert.equal(result.status, 1);
  assert.doesNotMatch(result.stdout + result.stderr, /\u001b\[/);
  assert.match(result.stdout, /^--- a\/fixtures\/quickstart\/run-local\.sh\n/);
});

test('unreadable input exits 3 and names the file, the rest is still processed', async () => {
  const dir = tempDir('unreadable');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  writeFileSync(join(dir, 'deploy', 'broken.txt'), Buffer.concat([Buffer.from('thanos query '), Buffer.from([0xff, 0xfe, 0x0a])]));
  const result = await runMain(['deploy'], dir);
  assert.equal(result.status, 3);
  assert.match(result.stderr, /deploy\/broken\.txt: error: not valid UTF-8/);
  assert.match(result.stdout, /\+\+\+ b\/deploy\/thanos-store-sd\.yaml/);
});

test('a shell quoting error is reported with file:line:column and exit 3', async () => {
  const dir = tempDir('quote');
  writeFileSync(join(dir, 'start.sh'), '#!/bin/sh\nthanos sidecar \\\n  --cluster.peers "10.0.0.1:10900\n');
  const result = await runMain(['start.sh'], dir);
  assert.equal(result.status, 3);
  assert.match(result.stderr, /^start\.sh:3:19: error: unterminated double quote$/m);
});

test('directories skip .git, node_modules and what .gitignore ignores', async () => {
  const dir = tempDir('ignore');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  const gossip = 'thanos compact --data-dir /c --cluster.peers=10.0.0.1:10900\n';
  for (const sub of ['.git', 'node_modules/pkg', 'generated', 'keep']) mkdirSync(join(dir, 'deploy', sub), { recursive: true });
  writeFileSync(join(dir, 'deploy', '.git', 'hook.sh'), gossip);
  writeFileSync(join(dir, 'deploy', 'node_modules', 'pkg', 'run.sh'), gossip);
  writeFileSync(join(dir, 'deploy', 'generated', 'run.sh'), gossip);
  writeFileSync(join(dir, 'deploy', 'old.sh.bak'), gossip);
  writeFileSync(join(dir, 'deploy', 'keep', 'run.sh'), gossip);
  writeFileSync(join(dir, 'deploy', '.gitignore'), 'generated/\n*.bak\n');
  const result = await runMain(['deploy'], dir);
  const touched = [...result.stdout.matchAll(/^\+\+\+ b\/(\S+)$/gm)].map((m) => m[1]);
  assert.deepEqual(touched, ['deploy/keep/run.sh', 'deploy/run-local.sh', 'deploy/thanos-query-sd.yaml', 'deploy/thanos-store-sd.yaml']);
});

test('files whose bytes cannot hold a Thanos invocation are not read at all', async () => {
  const dir = tempDir('prefilter');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  writeFileSync(join(dir, 'deploy', 'unrelated.yaml'), 'a: [\n');
  writeFileSync(join(dir, 'deploy', 'binary.bin'), Buffer.from([0xff, 0x00, 0xfe]));
  const result = await runMain(['deploy'], dir);
  assert.equal(result.status, 1);
  assert.doesNotMatch(result.stderr, /unrelated|binary/);
});

test('--write rewrites in place atomically, keeps the mode, and a second run exits 0', async () => {
  const dir = tempDir('write');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  chmodSync(join(dir, 'deploy', 'run-local.sh'), 0o750);
  const first = await runMain(['--write', 'deploy'], dir);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, '');
  assert.equal(statSync(join(dir, 'deploy', 'run-local.sh')).mode & 0o777, 0o750);
  assert.deepEqual(readdirSync(join(dir, 'deploy')).sort(), ['run-local.sh', 'thanos-query-sd.yaml', 'thanos-store-sd.yaml']);
  const expected = readFileSync(join(ROOT, 'fixtures', 'cases', 'quickstart-shell', 'expected', 'run-local.sh'), 'utf8');
  assert.equal(readFileSync(join(dir, 'deploy', 'run-local.sh'), 'utf8'), expected);
  const second = await runMain(['deploy'], dir);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, '');
});

test('--write refuses while a question is open and leaves every file untouched', async () => {
  const dir = tempDir('refuse');
  cpSync(join(ROOT, 'fixtures', 'cases', 'systemd-unresolved', 'input'), join(dir, 'units'), { recursive: true });
  const before = readFileSync(join(dir, 'units', 'thanos-query.service'), 'utf8');
  const result = await runMain(['--write', 'units'], dir);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /nothing written/);
  assert.equal(readFileSync(join(dir, 'units', 'thanos-query.service'), 'utf8'), before);
  assert.deepEqual(readdirSync(join(dir, 'units')).sort(), ['thanos-query.service', 'thanos-store.service']);
});

test('secret values never reach the terminal unless --show-secrets', async () => {
  const dir = tempDir('secret');
  writeFileSync(join(dir, 'query.txt'), 'thanos query --cluster.secret-key=00ff11ee --store=a:10901\n');
  const masked = await runMain(['query.txt'], dir);
  assert.equal(masked.status, 1);
  assert.match(masked.stdout, /^-thanos query --cluster\.secret-key=\*\*\* --store=a:10901$/m);
  assert.doesNotMatch(masked.stdout + masked.stderr, /00ff11ee/);
  const shown = await runMain(['--show-secrets', 'query.txt'], dir);
  assert.match(shown.stdout, /^-thanos query --cluster\.secret-key=00ff11ee --store=a:10901$/m);
});

test('--plan-out writes a plan in write order; apply writes exactly it; applying it again finds it done', async () => {
  const dir = tempDir('plan');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  const made = await runMain(['--plan-out', 'plan.json', 'deploy'], dir);
  assert.equal(made.status, 1, made.stderr);
  const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { version: number; roots: string[]; inputs: { path: string }[]; changes: { path: string; kind: string; requires: string[] }[]; endpoints: { address: string; confidence: string }[] };
  assert.equal(plan.version, 3);
  assert.deepEqual(plan.roots, ['deploy']);
  assert.deepEqual(plan.inputs.map((input) => input.path), ['deploy/run-local.sh']);
  assert.deepEqual(plan.changes.map((change) => [change.path, change.kind, change.requires]), [
    ['deploy/thanos-query-sd.yaml', 'create', []],
    ['deploy/thanos-store-sd.yaml', 'create', []],
    ['deploy/run-local.sh', 'edit', ['deploy/thanos-query-sd.yaml', 'deploy/thanos-store-sd.yaml']],
  ]);
  assert.ok(plan.endpoints.some((endpoint) => endpoint.address === '127.0.0.1:19091' && endpoint.confidence === 'likely'));
  assert.deepEqual(readdirSync(join(dir, 'deploy')), ['run-local.sh'], 'making a plan writes nothing else');

  const applied = await runMain(['apply', 'plan.json'], dir);
  assert.equal(applied.status, 0, applied.stderr);
  const expected = readFileSync(join(ROOT, 'fixtures', 'cases', 'quickstart-shell', 'expected', 'run-local.sh'), 'utf8');
  assert.equal(readFileSync(join(dir, 'deploy', 'run-local.sh'), 'utf8').replaceAll('input/', 'deploy/'), expected.replaceAll('input/', 'deploy/'));

  assert.equal(applied.stderr, 'created deploy/thanos-query-sd.yaml\ncreated deploy/thanos-store-sd.yaml\nwrote deploy/run-local.sh\nwrote 1 file, created 2 SD files\n');
  // An interrupted apply is finished by applying again: what is already written is passed over.
  const again = await runMain(['apply', 'plan.json'], dir);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stderr, 'wrote 0 files, created 0 SD files\n');
});

test('apply refuses when an input changed after planning, naming it, and touches nothing', async () => {
  const dir = tempDir('plan-stale');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  assert.equal((await runMain(['--plan-out', 'plan.json', 'deploy'], dir)).status, 1);
  const edited = `${readFileSync(join(dir, 'deploy', 'run-local.sh'), 'utf8')}# edited after the plan\n`;
  writeFileSync(join(dir, 'deploy', 'run-local.sh'), edited);
  const result = await runMain(['apply', 'plan.json'], dir);
  assert.equal(result.status, 3);
  assert.match(result.stderr, /deploy\/run-local\.sh changed since the plan was made/);
  assert.equal(readFileSync(join(dir, 'deploy', 'run-local.sh'), 'utf8'), edited);
  assert.deepEqual(readdirSync(join(dir, 'deploy')), ['run-local.sh']);
});

test('--write refuses files with uncommitted git changes unless --allow-dirty', async () => {
  const dir = tempDir('dirty');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'deploy');
  writeFileSync(join(dir, 'deploy', 'run-local.sh'), `${readFileSync(join(dir, 'deploy', 'run-local.sh'), 'utf8')}# local edit\n`);
  const refused = await runMain(['--write', 'deploy'], dir);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /nothing written: uncommitted changes in deploy\/run-local\.sh \(commit them, or pass --allow-dirty\)/);
  assert.deepEqual(readdirSync(join(dir, 'deploy')), ['run-local.sh']);
  git('commit', '-qam', 'edit');
  assert.equal((await runMain(['--write', 'deploy'], dir)).status, 0, 'clean tree: written');
  const dirtyAgain = join(dir, 'deploy', 'thanos-store-sd.yaml');
  writeFileSync(dirtyAgain, readFileSync(dirtyAgain, 'utf8'));
  assert.equal((await runMain(['--write', '--allow-dirty', 'deploy'], dir)).status, 0);
});
