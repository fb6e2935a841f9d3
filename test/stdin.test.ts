// stdin for documents: `check -` and `migrate -` take a command line, a
// manifest stream (`kubectl get -o yaml`, `helm template`) or, with
// --stdin-filename, whatever a file of that name would be. In process,
// through main(argv, io) with a stdin stream; outputs are exact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runMain } from './support.js';

const DIR = join(ROOT, 'fixtures', 'stdin');
const input = (name: string) => readFileSync(join(DIR, name), 'utf8');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function report(findings: object[], summary: object): string {
  return `${JSON.stringify({ version: 1, tool: { name: 'thanos-gossip-migrate', version: VERSION }, findings, problems: [], summary }, null, 2)}\n`;
}

test("printf 'thanos sidecar … --cluster.peers …' | check -: the command line is checked", async () => {
  const result = await runMain(['check', '--no-config', '--format', 'json', '-'], ROOT, {}, 'thanos sidecar --tsdb.path /data --cluster.peers 10.0.0.1:10900\n');
  assert.equal(result.status, 1);
  assert.equal(
    result.stdout,
    report(
      [
        { ruleId: 'gossip-flag', messageId: 'removed', severity: 'error', path: '<stdin>', line: 1, column: 34, endLine: 1, endColumn: 64, message: '--cluster.peers=10.0.0.1:10900: gossip flag on thanos sidecar, removed in v0.5.0', data: { flag: '--cluster.peers=10.0.0.1:10900', component: 'sidecar' }, fixable: true },
        // The seed is no process the input shows: the sidecar's Querier lives elsewhere.
        { ruleId: 'gossip-mesh-open', messageId: 'openNoQuerier', severity: 'warning', path: '<stdin>', line: 1, column: 50, endLine: 1, endColumn: 64, message: "gossip seed 10.0.0.1:10900 leads outside the input (no file in the input describes 10.0.0.1:10900: no member listens on or advertises it): mesh 1 is open; no Querier of this mesh is in the input: the one elsewhere must be told this mesh's StoreAPIs", data: { seed: '10.0.0.1:10900', reason: 'no file in the input describes 10.0.0.1:10900: no member listens on or advertises it', mesh: 1 }, fixable: false },
      ],
      { errors: 1, warnings: 1, infos: 0, fixable: 1 },
    ),
  );
});

test('kubectl get -o yaml | check -: a List stream is read as manifests', async () => {
  const result = await runMain(['check', '--no-config', '--format', 'json', '-'], ROOT, {}, input('kubectl-get.yaml'));
  assert.equal(result.status, 1);
  assert.equal(
    result.stdout,
    report(
      [
        { ruleId: 'gossip-flag', messageId: 'removed', severity: 'error', path: '<stdin>', line: 25, column: 13, endLine: 25, endColumn: 62, message: '--cluster.peers=thanos-peers.monitoring.svc:10900: gossip flag on thanos store, removed in v0.5.0', data: { flag: '--cluster.peers=thanos-peers.monitoring.svc:10900', component: 'store' }, fixable: true },
        { ruleId: 'gossip-mesh-open', messageId: 'openNoQuerier', severity: 'warning', path: '<stdin>', line: 25, column: 13, endLine: 25, endColumn: 62, message: "gossip seed thanos-peers.monitoring.svc:10900 leads outside the input (no file in the input describes thanos-peers.monitoring.svc:10900: no member listens on or advertises it): mesh 1 is open; no Querier of this mesh is in the input: the one elsewhere must be told this mesh's StoreAPIs", data: { seed: 'thanos-peers.monitoring.svc:10900', reason: 'no file in the input describes thanos-peers.monitoring.svc:10900: no member listens on or advertises it', mesh: 1 }, fixable: false },
        { ruleId: 'gossip-port', messageId: 'gossipPort', severity: 'warning', path: '<stdin>', line: 30, column: 28, endLine: 30, endColumn: 33, message: 'StatefulSet/thanos-store container thanos-store: gossip port cluster is dead once gossip is gone', data: { object: 'StatefulSet/thanos-store', container: 'thanos-store', port: 'cluster' }, fixable: true },
      ],
      { errors: 1, warnings: 2, infos: 0, fixable: 2 },
    ),
  );
});

test('helm template | migrate -: the rewritten manifest stream is the data on stdout', async () => {
  // The stream holds the whole mesh, although its peers Service was left out of the render.
  const result = await runMain(['-', '--mesh-complete', 'deployment/thanos-query'], ROOT, {}, input('helm-template.yaml'));
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, input('helm-template.expected.yaml'));
  // Idempotent: the output fed back in changes nothing.
  const again = await runMain(['-', '--mesh-complete', 'deployment/thanos-query'], ROOT, {}, result.stdout);
  assert.equal(again.stdout, result.stdout);
});

test('--stdin-filename picks the carrier: values.yaml on stdin is a Helm values file', async () => {
  const values = 'thanos:\n  peers: thanos-peers.monitoring.svc:10900\n';
  const named = await runMain(['check', '--no-config', '--format', 'json', '--stdin-filename', 'values.yaml', '-'], ROOT, {}, values);
  assert.equal(named.status, 1);
  assert.equal(
    named.stdout,
    report(
      [{ ruleId: 'helm-gossip-values', messageId: 'configuresGossip', severity: 'error', path: '<stdin>', line: 2, column: 3, endLine: 2, endColumn: 43, message: 'Helm value thanos.peers: thanos-peers.monitoring.svc:10900 configures gossip: remove it with the template lines that read it (manual)', data: { value: 'thanos.peers: thanos-peers.monitoring.svc:10900' }, fixable: false }],
      { errors: 1, warnings: 0, infos: 0, fixable: 0 },
    ),
  );
  // Without the name it is no manifest and no command line: the catch-all still reports it.
  const unnamed = await runMain(['check', '--no-config', '--format', 'json', '-'], ROOT, {}, values);
  assert.equal(unnamed.status, 1);
  assert.match(unnamed.stdout, /"ruleId": "gossip-flag-manual"/);
});
