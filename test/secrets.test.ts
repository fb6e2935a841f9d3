import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets } from '../src/output/secrets.js';

test('gossip keys, credentials and env secrets are masked; references and our own masks are not', () => {
  assert.equal(maskSecrets('thanos query --cluster.secret-key=00ff --store=a:1'), 'thanos query --cluster.secret-key=*** --store=a:1');
  assert.equal(maskSecrets('--cluster.secret-key "00 ff"'), '--cluster.secret-key ***');
  assert.equal(maskSecrets('--cluster.secret-key=***: gossip flag'), '--cluster.secret-key=***: gossip flag');
  assert.equal(maskSecrets("Environment='S3_SECRET_KEY=abc123'"), "Environment='S3_SECRET_KEY=***'");
  assert.equal(maskSecrets('  secret_key: "hunter2"\n  access_key: AKIA123\n  bucket: b'), '  secret_key: ***\n  access_key: ***\n  bucket: b');
  assert.equal(maskSecrets('secret_key: $S3_SECRET_KEY'), 'secret_key: $S3_SECRET_KEY');
});

test('the data of Kubernetes Secrets is masked, other documents are not', () => {
  const text = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: objstore',
    'stringData:',
    '  objstore.yml: |',
    '    type: S3',
    '    config:',
    '      bucket: b',
    'data:',
    '  extra: c2VjcmV0',
    '---',
    'kind: ConfigMap',
    'data:',
    '  plain: visible',
  ].join('\n');
  assert.equal(
    maskSecrets(text),
    [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: objstore',
      'stringData:',
      '  objstore.yml: ***',
      '    ***',
      '    ***',
      '      ***',
      'data:',
      '  extra: ***',
      '---',
      'kind: ConfigMap',
      'data:',
      '  plain: visible',
    ].join('\n'),
  );
});
