// Argvs behind YAML aliases (`args: *thanos-args`): resolved to the anchor,
// edited where the anchor is defined when only that argv uses it, and left
// to a human (with file:line) when other argvs share it. Before, the gossip
// flags at the anchor were invisible to migrate and check alike.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planMigration } from '../src/engine.js';
import { DEFAULT_MIGRATION_OPTIONS } from '../src/options.js';
import { locationOf } from '../src/argv/text-lines.js';
import type { SourceFile } from '../src/model.js';

function plan(path: string, text: string) {
  const file: SourceFile = { path, text, kind: path.includes('compose') ? 'compose' : 'yaml' };
  const result = planMigration([file], DEFAULT_MIGRATION_OPTIONS, () => null);
  return {
    after: result.changes.find((change) => change.path === path)?.after ?? text,
    // The seed `store` is no process of these snippets (gossip-mesh-open): only what aliases change is asserted.
    findings: result.findings.filter((f) => f.ruleId !== 'gossip-flag' && f.ruleId !== 'gossip-mesh-open').map((f) => `${locationOf(f.file, f.span.start)} ${f.severity} ${f.message}`),
    removed: result.accounting.filter((a) => a.outcome === 'removed').map((a) => locationOf(a.file, a.span.start)),
    problems: result.problems.map((p) => `${p.file && p.span ? locationOf(p.file, p.span.start) : p.path} ${p.message}`),
  };
}

test('alias: an anchor only one argv uses is edited where it is defined (compose flow, Kubernetes block)', () => {
  const compose = 'x-sidecar-command: &cmd ["sidecar", "--tsdb.path=/d", "--cluster.peers=store:10900"]\nservices:\n  sidecar:\n    image: improbable/thanos:v0.3.2\n    command: *cmd\n';
  const c = plan('docker-compose.yaml', compose);
  assert.deepEqual(c.problems, []);
  assert.deepEqual(c.removed, ['docker-compose.yaml:1:56']);
  assert.equal(c.after, 'x-sidecar-command: &cmd ["sidecar", "--tsdb.path=/d"]\nservices:\n  sidecar:\n    image: improbable/thanos:v0.3.2\n    command: *cmd\n');

  const kube = [
    'apiVersion: v1', 'kind: List', 'x-args: &args', '- sidecar', '- --tsdb.path=/d', '- --cluster.peers=store:10900', 'items:',
    '- apiVersion: v1', '  kind: Pod', '  metadata: {name: thanos}', '  spec:', '    containers:', '    - name: thanos', '      image: improbable/thanos:v0.3.2', '      args: *args', '',
  ].join('\n');
  const k = plan('pod.yaml', kube);
  assert.deepEqual(k.problems, []);
  assert.deepEqual(k.removed, ['pod.yaml:6:3']);
  assert.equal(k.after, kube.replace('- --cluster.peers=store:10900\n', ''));
});

test('alias: an anchor several argvs share is a manual finding at each gossip flag, and nothing is edited', () => {
  const compose = 'x-cmd: &shared ["sidecar", "--cluster.peers=store:10900"]\nservices:\n  a:\n    image: improbable/thanos:v0.3.2\n    command: *shared\n  b:\n    image: improbable/thanos:v0.3.2\n    command: *shared\n';
  const result = plan('docker-compose.yaml', compose);
  assert.equal(result.after, compose);
  assert.deepEqual(result.findings, ['docker-compose.yaml:1:29 error manual: --cluster.peers in the YAML anchor &shared at line 1, which 2 argvs share (compose service a among them): edit it by hand']);
});

test("alias: an argv that is another container's anchor follows its edit, with a note that it gets no mount", () => {
  const list = [
    'apiVersion: v1', 'kind: List', 'items:',
    '- {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: s, image: improbable/thanos:v0.3.2, args: &a [sidecar, --cluster.peers=store:10900]}]}}',
    '- {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {containers: [{name: s, image: improbable/thanos:v0.3.2, args: *a}]}}', '',
  ].join('\n');
  const result = plan('pods.yaml', list);
  assert.equal(result.after, list.replace('[sidecar, --cluster.peers=store:10900]', '[sidecar]'));
  assert.deepEqual(result.findings, ['pods.yaml:5:121 warning manual: Pod/b container s runs the YAML anchor &a at line 4, which is migrated there; this one gets no SD file mount of its own: check it by hand']);
});

test('alias: an alias with no anchor in its document is an error, not a silent pass', () => {
  const text = 'x: &args [sidecar, --cluster.peers=store:10900]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: s, image: improbable/thanos:v0.3.2, args: *args}]}\n';
  const result = plan('pod.yaml', text);
  assert.deepEqual(result.problems, ['pod.yaml:6:70 *args names no anchor before it in this document (anchors do not cross ---)']);
});
