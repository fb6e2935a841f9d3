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

test('a file that js-yaml reads only flattened (a flow list closed at its key\'s column, as kubectl takes it) is still compared', () => {
  const before = 'kind: Pod\nspec:\n  containers:\n  - name: q\n    args: [\n      query,\n      --log.level=debug,\n      --cluster.peers=x\n    ]\n';
  const folded = before.replace('      --log.level=debug,\n      --cluster.peers=x\n', '      --log.level=debug\n      --store=a,\n');
  assert.deepEqual(unplannedYamlChanges(before, folded), ['0.spec.containers.0.args: unplanned removal', '0.spec.containers.0.args[1]: unplanned addition']);
  assert.deepEqual(unplannedYamlChanges(before, before.replace('      --cluster.peers=x\n', '      --store=a\n')), []);
});

test('a flag of Thanos before v0.1 renamed by flag-unsupported, and a v0.38 --endpoint, are planned', () => {
  const before = 'args: ["sidecar", "--api-address=0.0.0.0:19090", "--cluster.peers=thanos:19390"]\n';
  assert.deepEqual(unplannedYamlChanges(before, 'args: ["sidecar", "--grpc-address=0.0.0.0:19090"]\n'), []);
  assert.deepEqual(unplannedYamlChanges(before, 'args: ["sidecar", "--grpc-address=0.0.0.0:19091"]\n'), ['0.args: unplanned removal', '0.args[1]: unplanned addition']);
  assert.deepEqual(unplannedYamlChanges('args: [query, --cluster.peers=a:10900]\n', 'args: [query, --endpoint=dnssrv+_grpc._tcp.store]\n'), []);
});
