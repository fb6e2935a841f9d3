// One settings model for migrate, check and the wizard: the config file's
// options, excludes, rule settings and suppressions, and the same flags on
// the command line, honoured by all three; suppression comments honoured by
// migrate and never moved onto another line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readTree, ROOT, runMain, tempDir } from './support.js';

function tree(name: string, files: Record<string, string>): string {
  const dir = tempDir(name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const QUERY_WITH_SUPPRESSIONS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: thanos-query
  namespace: monitoring
spec:
  template:
    spec:
      containers:
        - name: query
          image: quay.io/thanos/thanos:v0.4.0
          args:
            - query
            # thanos-gossip-migrate-ignore gossip-flag kept until the old mesh is gone
            - --cluster.peers=thanos-peers.monitoring.svc:10900
            # thanos-gossip-migrate-ignore flag-unsupported our fork still takes it
            - --cluster.address=0.0.0.0:10900
            - --store=dnssrv+_grpc._tcp.thanos-store.monitoring.svc
`;

test('migrate honours a suppression comment, and a comment whose line an edit deletes goes with that line', async () => {
  const dir = tree('suppress-migrate', { 'k8s/query.yaml': QUERY_WITH_SUPPRESSIONS });
  const written = await runMain(['migrate', '--write', 'k8s'], dir);
  assert.equal(written.status, 0, written.stderr);
  assert.equal(
    readFileSync(join(dir, 'k8s', 'query.yaml'), 'utf8'),
    QUERY_WITH_SUPPRESSIONS.replace('            # thanos-gossip-migrate-ignore flag-unsupported our fork still takes it\n            - --cluster.address=0.0.0.0:10900\n', ''),
  );
  // The suppressed flag is kept, and said to be; check agrees: nothing left to report but the info.
  const rerun = await runMain(['migrate', 'k8s'], dir);
  assert.match(rerun.stderr, /^ {2}k8s\/query\.yaml:15:15 {2}suppressed {2}--cluster\.peers \(suppressed by k8s\/query\.yaml:14\)$/m);
  assert.equal(rerun.status, 0, rerun.stderr);
  const check = await runMain(['check', '--format', 'json', 'k8s'], dir);
  assert.deepEqual((JSON.parse(check.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId), ['gossip-disabled']);
  assert.equal(check.status, 0);
});

const SCRIPT = '#!/bin/sh\n./thanos sidecar --tsdb.path=/d --grpc-address=0.0.0.0:10901 --cluster.address=0.0.0.0:10900 --cluster.peers=127.0.0.1:10900 &\n./thanos query --grpc-address=0.0.0.0:10911 --http-address=0.0.0.0:10912 --cluster.peers=127.0.0.1:10900 &\nwait\n';

test('the config file\'s thanosVersion is the target of migrate, check and the wizard alike; a flag wins over it', async () => {
  const dir = tree('config-version', { 'deploy/run.sh': SCRIPT, '.thanos-gossip-migrate.yaml': 'options:\n  thanosVersion: v0.38.0\n' });
  const preview = await runMain(['migrate', 'deploy'], dir);
  assert.match(preview.stdout, /^\+\.\/thanos query --grpc-address=0\.0\.0\.0:10911 --http-address=0\.0\.0\.0:10912 --endpoint\.sd-config-file="\$\(dirname "\$0"\)\/thanos-endpoints\.yaml" &$/m);
  const flagWins = await runMain(['migrate', '--thanos-version', 'v0.5.0', 'deploy'], dir);
  assert.match(flagWins.stdout, /--store\.sd-files=/);
  const wizard = await runMain(['wizard', 'deploy'], dir);
  assert.equal(wizard.status, 2);
  const questions = wizard.stderr.split('\n').filter((line) => /^ {2}--/.test(line));
  assert.deepEqual(questions.map((line) => line.split(' ')[2]), ['--sd-format', '--sd-path'], 'the config answered the target version');
  assert.match(wizard.stderr, /So far: npx thanos-gossip-migrate migrate --thanos-version v0\.38\.0 deploy$/m);
  const written = await runMain(['migrate', '--write', 'deploy'], dir);
  assert.equal(written.status, 0, written.stderr);
  const check = await runMain(['check', 'deploy'], dir);
  assert.equal(check.stdout, '');
  assert.equal(check.status, 0, 'what migrate wrote for v0.38 passes check for v0.38');
});

test('excludes (config and --exclude) keep files from migrate and check; a path named on the command line is read', async () => {
  const dir = tree('exclude', {
    'deploy/run.sh': SCRIPT,
    'deploy/legacy/old.sh': '#!/bin/sh\nthanos compact --data-dir /c --cluster.peers=10.0.0.1:10900\n',
    'deploy/notes/run.sh.bak': '#!/bin/sh\nthanos compact --data-dir /c --cluster.peers=10.0.0.1:10900\n',
    '.thanos-gossip-migrate.yaml': 'exclude: ["deploy/legacy"]\n',
  });
  const migrate = await runMain(['migrate', '--exclude', '*.bak', 'deploy'], dir);
  assert.deepEqual([...migrate.stdout.matchAll(/^\+\+\+ b\/(\S+)$/gm)].map((m) => m[1]), ['deploy/run.sh', 'deploy/thanos-store-sd.yaml']);
  const check = await runMain(['check', '--format', 'json', '--exclude', '*.bak', 'deploy'], dir);
  assert.deepEqual([...new Set((JSON.parse(check.stdout) as { findings: { path: string }[] }).findings.map((f) => f.path))], ['deploy/run.sh']);
  const named = await runMain(['check', '--format', 'json', 'deploy/legacy/old.sh'], dir);
  assert.deepEqual([...new Set((JSON.parse(named.stdout) as { findings: { path: string }[] }).findings.map((f) => f.path))], ['deploy/legacy/old.sh']);
});

test('rule settings: off keeps migrate from fixing and check from reporting; a severity changes what fails', async () => {
  const dir = tempDir('rules');
  cpSync(join(ROOT, 'fixtures', 'check-rules', 'gossip-port', 'input'), join(dir, 'k8s'), { recursive: true });
  const before = readFileSync(join(dir, 'k8s', 'store.yaml'), 'utf8');
  writeFileSync(join(dir, '.thanos-gossip-migrate.yaml'), 'rules:\n  gossip-port: off\n');
  const off = await runMain(['migrate', 'k8s'], dir);
  assert.equal(off.stdout, '', 'the cluster port stays');
  assert.equal(off.status, 0, off.stderr);
  assert.equal((await runMain(['check', 'k8s'], dir)).stdout, '');
  // The command line wins: gossip-port as an error fails check, and is fixed by migrate again.
  const raised = await runMain(['check', '--rule', 'gossip-port=error', '--format', 'json', 'k8s'], dir);
  assert.deepEqual((JSON.parse(raised.stdout) as { findings: { ruleId: string; severity: string }[] }).findings.map((f) => `${f.ruleId} ${f.severity}`), ['gossip-port error', 'gossip-port error']);
  assert.equal(raised.status, 1);
  const fixed = await runMain(['migrate', '--no-config', 'k8s'], dir);
  assert.match(fixed.stdout, /^- {8}- \{name: cluster, containerPort: 10900\}$/m);
  assert.equal(readFileSync(join(dir, 'k8s', 'store.yaml'), 'utf8'), before);
});

test('bad settings are usage errors naming where they come from', async () => {
  const dir = tree('bad-settings', { 'run.sh': SCRIPT });
  const unknown = await runMain(['check', '--rule', 'gossip-prot=off', '.'], dir);
  assert.deepEqual([unknown.status, unknown.stderr], [2, 'thanos-gossip-migrate: --rule gossip-prot=off: no rule gossip-prot; see check --list-rules\n']);
  const setting = await runMain(['migrate', '--rule', 'gossip-port=loud', '.'], dir);
  assert.deepEqual([setting.status, setting.stderr], [2, 'thanos-gossip-migrate: --rule gossip-port=loud: expected RULE=off|error|warning|info\n']);
  writeFileSync(join(dir, '.thanos-gossip-migrate.yaml'), 'rules:\n  nope: off\n');
  const config = await runMain(['wizard', '.'], dir);
  assert.equal(config.status, 2);
  assert.equal(config.stderr, `thanos-gossip-migrate: ${join(dir, '.thanos-gossip-migrate.yaml')}:2: rules.nope: no rule nope; see check --list-rules\n`);
  assert.deepEqual(readTree(dir).get('run.sh'), SCRIPT);
});
