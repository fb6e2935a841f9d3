// A peers Service file that the migration empties leaves the `resources` of
// every kustomization that lists it (the tool never deletes files; the user
// deletes the empty one, and `kubectl kustomize` keeps building either way).
// The real kubectl build is in consumers.test.ts; these pin the edits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadDeployment, planMigration, thanosPodLabelValues } from '../src/index.js';
import { migrationOptions } from '../src/raw-options.js';
import { tempDir } from './support.js';

const PEERS = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: thanos-peers\n  namespace: mon\nspec:\n  clusterIP: None\n  selector:\n    thanos-peer: "true"\n  ports:\n  - name: cluster\n    port: 10900\n';
const SECOND_PEERS = PEERS.replace('name: thanos-peers', 'name: thanos-peers-b');
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\n  namespace: mon\ndata:\n  a: b\n';

async function migrate(files: Record<string, string>, raw: Parameters<typeof migrationOptions>[0] = {}) {
  const dir = tempDir('kustomization');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const loaded = await loadDeployment([dir], thanosPodLabelValues);
  const plan = planMigration(loaded.files, migrationOptions(raw), () => null);
  assert.deepEqual(plan.problems.map((p) => p.message), []);
  const after = new Map(plan.changes.map((change) => [relative(dir, change.path), change.after]));
  const messages = plan.findings.filter((f) => f.ruleId === 'gossip-peers-service').map((f) => f.message.replaceAll(`${dir}/`, ''));
  return { after, messages };
}

test('a kustomization in a parent directory, without kind, loses the entry of the emptied file; the others stay', async () => {
  const { after, messages } = await migrate({
    'overlay/kustomization.yaml': 'resources:\n- ../base/svc.yaml   # gossip seed\n- ../base/config.yaml\n',
    'base/svc.yaml': PEERS,
    'base/config.yaml': CONFIG_MAP,
  });
  assert.equal(after.get('base/svc.yaml'), '');
  assert.equal(after.get('overlay/kustomization.yaml'), 'resources:\n- ../base/config.yaml\n');
  assert.deepEqual(messages, ['Service thanos-peers only serves the gossip port: dead once gossip is gone; base/svc.yaml is then empty: delete it (it leaves the resources of overlay/kustomization.yaml)']);
});

test('the last entry takes the resources key with it; a flow list keeps its other items', async () => {
  const { after } = await migrate({
    'a/kustomization.yml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - peers.yaml\nnamespace: mon\n',
    'a/peers.yaml': PEERS,
    'b/kustomization.yaml': 'resources: [peers.yaml, config.yaml]\n',
    'b/peers.yaml': PEERS,
    'b/config.yaml': CONFIG_MAP,
  });
  assert.equal(after.get('a/kustomization.yml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: mon\n');
  assert.equal(after.get('b/kustomization.yaml'), 'resources: [config.yaml]\n');
});

test('two peers Services in one file: one edit of the kustomization, no conflict', async () => {
  const { after, messages } = await migrate({
    'kustomization.yaml': 'resources:\n- peers.yaml\n- config.yaml\n',
    'peers.yaml': `${PEERS}---\n${SECOND_PEERS}`,
    'config.yaml': CONFIG_MAP,
  });
  assert.equal(after.get('peers.yaml'), '');
  assert.equal(after.get('kustomization.yaml'), 'resources:\n- config.yaml\n');
  assert.equal(messages.filter((m) => m.includes('is then empty')).length, 1);
});

test('a file that keeps another object is not emptied: the kustomization is untouched', async () => {
  const { after, messages } = await migrate({
    'kustomization.yaml': 'resources:\n- peers.yaml\n',
    'peers.yaml': `${PEERS}---\n${CONFIG_MAP}`,
  });
  assert.equal(after.get('peers.yaml'), `---\n${CONFIG_MAP}`);
  assert.equal(after.has('kustomization.yaml'), false);
  assert.deepEqual(messages, ['Service thanos-peers only serves the gossip port: dead once gossip is gone']);
});

test('--leftovers report changes nothing, kustomization included', async () => {
  const { after, messages } = await migrate({ 'kustomization.yaml': 'resources:\n- peers.yaml\n', 'peers.yaml': PEERS }, { leftovers: 'report' });
  assert.equal(after.size, 0);
  assert.deepEqual(messages, ['Service thanos-peers only serves the gossip port: dead once gossip is gone (reported only)']);
});
