// Which env file a systemd unit reads when the input holds several of one
// name (src/carriers/systemd/index.ts): its own folder's, else the nearest;
// equally near ones in different folders are refused, never guessed between,
// and so are equally good ones found by the variables they define.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MIGRATION_OPTIONS, planMigration, type SourceFile } from '../src/index.js';

const sidecarUnit = (path: string): SourceFile => ({
  path,
  text: '[Service]\nEnvironmentFile=-/etc/default/thanos-sidecar\nExecStart=/usr/local/bin/thanos sidecar \\\n  --tsdb.path=/var/lib/prometheus \\\n  $THANOS_GOSSIP_OPTS\n',
  kind: 'systemd',
});
const envFile = (path: string, ip: string): SourceFile => ({
  path,
  text: `THANOS_GOSSIP_OPTS="--grpc-advertise-address=${ip}:10901 --cluster.peers=10.9.9.9:10900"\n`,
  kind: 'env',
});
const querier: SourceFile = {
  path: 'thanos-query.service',
  text: '[Service]\nExecStart=/usr/local/bin/thanos query \\\n  --cluster.advertise-address=10.9.9.9:10900 \\\n  --cluster.peers=10.9.9.9:10900\n',
  kind: 'systemd',
};

function told(files: SourceFile[]): { links: string[]; endpoints: string[]; ambiguous: string[] } {
  const plan = planMigration(files, { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined }, () => null);
  return {
    links: plan.links.map((link) => `${link.envFile.path} -> ${link.unit.path}`),
    endpoints: plan.consumers.flatMap((entry) => entry.endpoints.map((endpoint) => endpoint.address)),
    ambiguous: plan.findings.filter((finding) => finding.messageId === 'ambiguous').map((finding) => `${finding.file.path}: ${finding.message.split(':')[0]}`),
  };
}

test('a unit reads the env file in its own folder, not a copy of that name in a folder below', () => {
  const result = told([sidecarUnit('thanos-sidecar.service'), envFile('thanos-sidecar', '10.0.0.1'), envFile('backup/thanos-sidecar', '10.0.0.99'), querier]);
  assert.deepEqual(result, { links: ['thanos-sidecar -> thanos-sidecar.service'], endpoints: ['10.0.0.1:10901'], ambiguous: [] });
});

test('units in host folders each read their own host\'s env file', () => {
  const result = told([sidecarUnit('hosts/a/thanos-sidecar.service'), envFile('hosts/a/thanos-sidecar', '10.0.0.1'), sidecarUnit('hosts/b/thanos-sidecar.service'), envFile('hosts/b/thanos-sidecar', '10.0.0.2'), querier]);
  assert.deepEqual(result.links, ['hosts/a/thanos-sidecar -> hosts/a/thanos-sidecar.service', 'hosts/b/thanos-sidecar -> hosts/b/thanos-sidecar.service']);
  assert.deepEqual(result.endpoints, ['10.0.0.1:10901', '10.0.0.2:10901']);
});

test('env files of one name equally near the unit in different folders are refused, and said to be', () => {
  const result = told([sidecarUnit('units/thanos-sidecar.service'), envFile('env/a/thanos-sidecar', '10.0.0.1'), envFile('env/b/thanos-sidecar', '10.0.0.2'), querier]);
  assert.deepEqual(result.links, []);
  assert.deepEqual(result.endpoints, []);
  assert.deepEqual(result.ambiguous, ['units/thanos-sidecar.service: $THANOS_GOSSIP_OPTS from EnvironmentFile=/etc/default/thanos-sidecar, which any of env/a/thanos-sidecar, env/b/thanos-sidecar could be, none nearer the unit than the others']);
});

test('a unit with an ambiguous env file and a missing one is told of both', () => {
  const unit: SourceFile = {
    ...sidecarUnit('units/thanos-sidecar.service'),
    text: '[Service]\nEnvironmentFile=-/etc/default/thanos-sidecar\nEnvironmentFile=/etc/sysconfig/thanos-extra\nExecStart=/usr/local/bin/thanos sidecar \\\n  --tsdb.path=/var/lib/prometheus \\\n  $THANOS_GOSSIP_OPTS\n',
  };
  const plan = planMigration([unit, envFile('env/a/thanos-sidecar', '10.0.0.1'), envFile('env/b/thanos-sidecar', '10.0.0.2'), querier], { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined }, () => null);
  const said = plan.findings.filter((finding) => finding.ruleId === 'unit-env-missing').map((finding) => [finding.messageId, finding.severity, finding.message]);
  assert.deepEqual(said, [[
    'ambiguousAndMissing',
    'error',
    '$THANOS_GOSSIP_OPTS from EnvironmentFile=/etc/default/thanos-sidecar, which any of env/a/thanos-sidecar, env/b/thanos-sidecar could be, none nearer the unit than the others, and from EnvironmentFile=/etc/sysconfig/thanos-extra, which is not in the input: the tool cannot tell which file this unit reads, nor what the missing one holds; put the unit beside its env file (or check one machine at a time) and add the missing one',
  ]]);
});

test('found by the variables it defines, the nearest env file wins', () => {
  const rendered = (path: string, ip: string): SourceFile => ({ ...envFile(path, ip), path });
  const result = told([sidecarUnit('thanos-sidecar.service'), rendered('backup/other-defaults.env', '10.0.0.99'), rendered('sidecar-defaults.env', '10.0.0.1'), querier]);
  assert.deepEqual(result.links, ['sidecar-defaults.env -> thanos-sidecar.service']);
  assert.deepEqual(result.endpoints, ['10.0.0.1:10901']);
});

test('found by the variables it defines, equally good env files in one folder are refused, not the first taken', () => {
  const result = told([sidecarUnit('units/thanos-sidecar.service'), envFile('env/production.env', '10.0.0.1'), envFile('env/staging.env', '10.0.0.2'), querier]);
  assert.deepEqual(result.links, []);
  assert.deepEqual(result.endpoints, []);
  assert.deepEqual(result.ambiguous, ['units/thanos-sidecar.service: $THANOS_GOSSIP_OPTS from EnvironmentFile=/etc/default/thanos-sidecar, which any of env/production.env, env/staging.env could be, none nearer the unit than the others']);
});

test('found by the variables it defines, the one file that defines the most of them is linked, not refused', () => {
  const unit: SourceFile = { ...sidecarUnit('units/thanos-sidecar.service'), text: sidecarUnit('').text.replace('$THANOS_GOSSIP_OPTS', '$THANOS_GOSSIP_OPTS $THANOS_EXTRA') };
  const both: SourceFile = { ...envFile('env/production.env', '10.0.0.1'), text: `${envFile('', '10.0.0.1').text}THANOS_EXTRA=--log.level=info\n` };
  const result = told([unit, both, envFile('env/staging.env', '10.0.0.2'), querier]);
  assert.deepEqual(result.links, ['env/production.env -> units/thanos-sidecar.service']);
  assert.deepEqual(result.endpoints, ['10.0.0.1:10901']);
  assert.deepEqual(result.ambiguous, []);
});

test('units of one folder with a copy of their env file in every host folder name three copies and count the rest', () => {
  const files: SourceFile[] = [querier];
  for (let i = 1; i <= 6; i++) files.push(sidecarUnit(`units/thanos-sidecar-${i}.service`), envFile(`env/h${i}/thanos-sidecar`, `10.0.0.${i}`));
  const result = told(files);
  assert.deepEqual(result.links, []);
  assert.deepEqual(result.endpoints, []);
  const expected = '$THANOS_GOSSIP_OPTS from EnvironmentFile=/etc/default/thanos-sidecar, which any of env/h1/thanos-sidecar, env/h2/thanos-sidecar, env/h3/thanos-sidecar, 3 more could be, none nearer the unit than the others';
  assert.deepEqual(result.ambiguous, [1, 2, 3, 4, 5, 6].map((i) => `units/thanos-sidecar-${i}.service: ${expected}`));
  // The data holds only paths; the rest is a number, not a "3 more" that reads as a path.
  const plan = planMigration(files, { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined }, () => null);
  const finding = plan.findings.find((entry) => entry.messageId === 'ambiguous');
  assert.deepEqual(finding?.data['candidates'], { named: ['env/h1/thanos-sidecar', 'env/h2/thanos-sidecar', 'env/h3/thanos-sidecar'], count: 6 });
});
