import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unplannedYamlChanges } from '../src/edits/yaml-check.js';
import { ROOT } from './support.js';

const CASE = join(ROOT, 'fixtures', 'cases', 'k8s-manifests');
const read = (...parts: string[]) => readFileSync(join(CASE, ...parts), 'utf8');

test('every planned Kubernetes rewrite passes the tree comparison', () => {
  for (const name of ['prometheus.yaml', 'query.yaml', 'store.yaml']) {
    assert.deepEqual(unplannedYamlChanges(read('input', name), read('expected', name)), [], name);
  }
});

test('an edit that drops a non-gossip argument is caught', () => {
  const before = read('input', 'query.yaml');
  const after = before.replace('        - "--log.level=debug"\n', '');
  assert.deepEqual(unplannedYamlChanges(before, after), ['0.spec.template.spec.containers.0.args: unplanned removal']);
});

test('an edit that changes a value is caught, and a broken rewrite is reported', () => {
  const before = read('input', 'query.yaml');
  assert.deepEqual(unplannedYamlChanges(before, before.replace('replicas: 1', 'replicas: 2')), ['0.spec.replicas: unplanned change']);
  assert.match(unplannedYamlChanges(before, `${before}\n  bad: [\n`)![0]!, /^rewritten file no longer parses/);
});

test('removing the gossip Service and a bare --cluster.peers value pair is planned', () => {
  const before = 'args: ["query", "--cluster.peers", "a:10900", "--http-address=0.0.0.0:10902"]\n';
  const after = 'args: ["query", "--http-address=0.0.0.0:10902", "--store.sd-files=/etc/thanos/sd/x.yaml"]\n';
  assert.deepEqual(unplannedYamlChanges(before, after), []);
});
