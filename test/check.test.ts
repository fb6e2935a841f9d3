// `check` through main(argv, io): exact output per format, the exit-code
// contract, suppressions, config files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runMain, tempDir } from './support.js';

function stage(): string {
  const dir = tempDir('check');
  cpSync(join(ROOT, 'fixtures', 'check', 'deploy'), join(dir, 'deploy'), { recursive: true });
  return dir;
}

const EXPECTED_ROWS = [
  ['gossip-flag', 'error', 'deploy/start.sh', 5, 32],
  ['sd-file-invalid', 'error', 'deploy/stores.json', 3, 37],
  ['sd-file-invalid', 'warning', 'deploy/stores.json', 3, 54],
  ['sd-file-invalid', 'error', 'deploy/thanos-query.service', 3, 33],
];

test('json: the findings, the inline suppression applied, the unused one reported on stderr, exit 1', async () => {
  const dir = stage();
  // Through the worker the bin runs check in; the other runs here stay on this thread.
  const result = await runMain(['check', '--format', 'json', 'deploy'], dir, {}, undefined, 'worker');
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout) as { version: number; findings: { ruleId: string; severity: string; path: string; line: number; column: number; fixable: boolean }[]; summary: unknown };
  assert.equal(report.version, 1);
  assert.deepEqual(report.findings.map((f) => [f.ruleId, f.severity, f.path, f.line, f.column]), EXPECTED_ROWS);
  assert.deepEqual(report.summary, { errors: 3, warnings: 1, infos: 0, fixable: 1 });
  assert.equal(result.stderr, 'deploy/thanos-query.service:2: warning: unused suppression: no gossip-port finding on line 3\n');
});

test('github: workflow commands with file, line and column', async () => {
  const dir = stage();
  const result = await runMain(['check', '--format', 'github', 'deploy'], dir);
  assert.equal(
    result.stdout.split('\n')[0],
    '::error file=deploy/start.sh,line=5,col=32,endLine=5,endColumn=63,title=gossip-flag::--cluster.address=0.0.0.0%3A10900: gossip flag on thanos store, removed in v0.5.0'.replace('%3A', ':'),
  );
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 5);
  assert.equal(lines[4], '::notice title=thanos-gossip-migrate::3 errors, 1 warning, 0 infos; all annotated');
});

test('several formats at once, each to its own file; stylish to stdout without colour', async () => {
  const dir = stage();
  const result = await runMain(['check', '--format', 'sarif=out.sarif', '--format', 'junit=reports/out.xml', '--format', 'stylish', 'deploy'], dir, {}, undefined, 'worker');
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^deploy\/start\.sh\n {2}5:32 {2}error {2}--cluster\.address=0\.0\.0\.0:10900: gossip flag on thanos store/);
  assert.doesNotMatch(result.stdout, /\u001b\[/);
  const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]!.results.length, 4);
  assert.match(readFileSync(join(dir, 'reports', 'out.xml'), 'utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites/);
});

test('--fail-on and --max-warnings decide the exit code', async () => {
  const dir = stage();
  writeFileSync(join(dir, 'deploy', 'start.sh'), '#!/bin/sh\nthanos query --store.sd-files "$(dirname "$0")/stores.json"\n');
  writeFileSync(join(dir, 'deploy', 'stores.json'), '[{"targets": ["a:10901", "a:10901"]}]\n');
  writeFileSync(join(dir, 'deploy', 'thanos-query.service'), '[Service]\nExecStart=/usr/bin/thanos query\n');
  assert.equal((await runMain(['check', 'deploy'], dir)).status, 0, 'one warning, fail-on error');
  assert.equal((await runMain(['check', '--fail-on', 'warning', 'deploy'], dir)).status, 1);
  assert.equal((await runMain(['check', '--max-warnings', '0', 'deploy'], dir)).status, 1);
  assert.equal((await runMain(['check', '--max-warnings', '1', 'deploy'], dir)).status, 0);
  assert.equal((await runMain(['check', '--max-warnings', 'many', 'deploy'], dir)).status, 2);
  assert.equal((await runMain(['check', '--format', 'xml', 'deploy'], dir)).status, 2);
});

test('a config file found upward ignores by glob and rule, sets defaults, and reports unused entries', async () => {
  const dir = stage();
  writeFileSync(
    join(dir, '.thanos-gossip-migrate.yaml'),
    'ignore:\n  - paths: ["deploy/stores.json"]\n    rules: [sd-file-invalid]\n  - paths: ["nowhere/**"]\noptions:\n  failOn: warning\n',
  );
  const result = await runMain(['check', '--format', 'json', 'deploy'], dir);
  const report = JSON.parse(result.stdout) as { findings: { path: string }[] };
  assert.deepEqual(report.findings.map((f) => f.path), ['deploy/start.sh', 'deploy/thanos-query.service']);
  assert.match(result.stderr, /\.thanos-gossip-migrate\.yaml:4: warning: unused/);
  assert.equal(result.status, 1);
  assert.equal((await runMain(['check', '--no-config', '--format', 'json', 'deploy'], dir)).stdout.match(/"ruleId"/g)?.length, 4);
  writeFileSync(join(dir, '.thanos-gossip-migrate.yaml'), 'ignore: 3\n');
  const broken = await runMain(['check', 'deploy'], dir);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /\.thanos-gossip-migrate\.yaml:1: /);
});

test('--list-rules and --explain', async () => {
  const list = await runMain(['check', '--list-rules']);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /^gossip-flag +error +fixable +A gossip flag on a Thanos command line/m);
  const explain = await runMain(['check', '--explain', 'gossip-peer-label']);
  assert.match(explain.stdout, /^gossip-peer-label \(info, needs a human\)\n\n/);
  assert.equal((await runMain(['check', '--explain', 'no-such-rule'])).status, 2);
});

test('an unreadable input exits 3 even with findings', async () => {
  const dir = stage();
  writeFileSync(join(dir, 'deploy', 'bad.yaml'), 'thanos: [\n');
  const result = await runMain(['check', '--format', 'json', 'deploy'], dir);
  assert.equal(result.status, 3);
  assert.match(result.stdout, /"path": "deploy\/bad\.yaml"/);
});
