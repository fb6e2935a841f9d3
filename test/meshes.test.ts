// Gossip meshes as a property: generated repositories with several meshes
// (systemd units and scripts peering by IP, Kubernetes namespaces with their
// own peers Service), their files spread over folders that mix meshes. For
// every generated input:
//   - no Querier (Ruler) is given an endpoint of another mesh, in the
//     analysis or in the SD files and ConfigMaps the migration writes;
//   - in a closed mesh every StoreAPI reaches every Querier of that mesh;
//   - a mesh with a seed outside the input is open, and its Querier waits for an answer.
// Plus unit tests of the address spellings that must (not) meet.
// Seeded and bounded: FC_SEED / FC_RUNS override the defaults.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_MIGRATION_OPTIONS, planMigration, type SourceFile } from '../src/index.js';
import { gossipAddress, type AddressScope } from '../src/analysis/gossip-address.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);
const RUNS = Number(process.env.FC_RUNS ?? 60);

interface HostMesh {
  kind: 'hosts';
  sidecars: number;
  stores: number;
  queriers: number;
  /** A seed no file describes: the mesh is open. */
  isOpen: boolean;
}

interface KubeMesh {
  kind: 'kube';
  sidecarReplicas: number;
  queriers: number;
  isOpen: boolean;
}

type MeshSpec = HostMesh | KubeMesh;

const hostMesh: fc.Arbitrary<MeshSpec> = fc.record({
  kind: fc.constant('hosts' as const),
  sidecars: fc.integer({ min: 1, max: 3 }),
  stores: fc.integer({ min: 0, max: 1 }),
  queriers: fc.integer({ min: 1, max: 2 }),
  isOpen: fc.boolean(),
});
const kubeMesh: fc.Arbitrary<MeshSpec> = fc.record({
  kind: fc.constant('kube' as const),
  sidecarReplicas: fc.integer({ min: 1, max: 3 }),
  queriers: fc.integer({ min: 1, max: 1 }),
  isOpen: fc.boolean(),
});

/** Every address of mesh m lives in 10.m.0.0/16, or namespace team-m: membership is readable off an address. */
function meshOfAddress(address: string): number | undefined {
  const ip = /(?:^|\+|\/\/)10\.(\d+)\./.exec(address);
  if (ip) return Number(ip[1]);
  const ns = /\.team-(\d+)\.svc/.exec(address);
  return ns ? Number(ns[1]) : undefined;
}

interface Generated {
  files: SourceFile[];
  /** StoreAPI addresses each closed mesh must give all its Queriers. */
  stores: Map<number, string[]>;
}

function unit(description: string, exec: string[]): string {
  return `[Unit]\nDescription=${description}\n\n[Service]\nExecStart=/usr/local/bin/thanos ${exec.join(' \\\n  ')}\n`;
}

function generate(meshes: MeshSpec[], folderOf: (i: number) => number): Generated {
  const files: SourceFile[] = [];
  const stores = new Map<number, string[]>();
  meshes.forEach((mesh, index) => {
    const m = index + 1;
    const folder = `site${folderOf(index)}`;
    if (mesh.kind === 'hosts') {
      // The first Querier is the mesh's seed, on 10.m.0.1.
      const seed = `10.${m}.0.1:10900`;
      const outside = mesh.isOpen ? [`--cluster.peers=10.${m}.9.9:10900`] : [];
      const expected: string[] = [];
      for (let q = 0; q < mesh.queriers; q++) {
        const ip = `10.${m}.0.${1 + q}`;
        files.push({
          path: `${folder}/m${m}-query-${q}.service`,
          kind: 'systemd',
          text: unit(`query ${m}/${q}`, ['query', '--http-address=0.0.0.0:10902', `--cluster.address=${ip}:10900`, `--cluster.peers=${seed}`, ...(q === 0 ? outside : [])]),
        });
      }
      for (let s = 0; s < mesh.sidecars; s++) {
        const ip = `10.${m}.1.${1 + s}`;
        expected.push(`${ip}:10901`);
        files.push({
          path: `${folder}/m${m}-sidecar-${s}.service`,
          kind: 'systemd',
          text: unit(`sidecar ${m}/${s}`, ['sidecar', '--tsdb.path=/var/lib/prometheus', `--grpc-advertise-address=${ip}:10901`, `--cluster.advertise-address=${ip}:10900`, `--cluster.peers=${seed}`]),
        });
      }
      for (let s = 0; s < mesh.stores; s++) {
        const ip = `10.${m}.2.${1 + s}`;
        expected.push(`${ip}:10905`);
        files.push({
          path: `${folder}/m${m}-store.sh`,
          kind: 'shell',
          text: `#!/bin/sh\nexec thanos store --data-dir /var/thanos --grpc-address ${ip}:10905 --cluster.address ${ip}:10900 --cluster.peers ${seed}\n`,
        });
      }
      stores.set(m, expected);
      return;
    }
    const ns = `team-${m}`;
    const peers = mesh.isOpen ? `thanos-gossip.${ns}.svc:10900` : `thanos-peers.${ns}.svc.cluster.local:10900`;
    const docs = [
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: thanos-peers\n  namespace: ${ns}\nspec:\n  clusterIP: None\n  selector:\n    thanos-peer: "true"\n  ports:\n  - name: cluster\n    port: 10900\n`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: prometheus\n  namespace: ${ns}\nspec:\n  clusterIP: None\n  selector:\n    app: prometheus\n  ports:\n  - name: grpc\n    port: 10901\n`,
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: prometheus\n  namespace: ${ns}\nspec:\n  serviceName: prometheus\n  replicas: ${mesh.sidecarReplicas}\n  selector:\n    matchLabels: {app: prometheus}\n  template:\n    metadata:\n      labels: {app: prometheus, thanos-peer: "true"}\n    spec:\n      containers:\n      - name: thanos-sidecar\n        image: improbable/thanos:v0.3.2\n        args: [sidecar, --tsdb.path=/prometheus, "--cluster.peers=${peers}"]\n        ports:\n        - {name: grpc, containerPort: 10901}\n        - {name: cluster, containerPort: 10900}\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: thanos-query\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: thanos-query}\n  template:\n    metadata:\n      labels: {app: thanos-query, thanos-peer: "true"}\n    spec:\n      containers:\n      - name: thanos-query\n        image: improbable/thanos:v0.3.2\n        args: [query, "--cluster.peers=thanos-peers.${ns}.svc:10900"]\n`,
    ];
    files.push({ path: `${folder}/${ns}.yaml`, kind: 'yaml', text: docs.join('---\n') });
    stores.set(m, [`dnssrv+_grpc._tcp.prometheus.${ns}.svc`]);
  });
  return { files, stores };
}

const repository = fc
  .array(fc.oneof(hostMesh, kubeMesh), { minLength: 2, maxLength: 4 })
  .chain((meshes) => fc.tuple(fc.constant(meshes), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: meshes.length, maxLength: meshes.length })));

test('property: no Querier gets another mesh\'s endpoint; a closed mesh gives every Querier all its StoreAPIs', () => {
  fc.assert(
    fc.property(repository, ([meshes, folders]) => {
      const { files, stores } = generate(meshes, (i) => folders[i]!);
      const options = { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined };
      const plan = planMigration(files, options, () => null);
      for (const entry of plan.consumers) {
        const marker = /10\.(\d+)\.0\.\d+:10900|team-(\d+)/.exec(entry.consumer.carrier.file.text)!;
        const own = Number(marker[1] ?? marker[2]);
        for (const endpoint of entry.endpoints) {
          assert.equal(meshOfAddress(endpoint.address), own, `${entry.name.name} (mesh ${own}) was given ${endpoint.address}`);
        }
        const spec = meshes[own - 1]!;
        if (spec.isOpen) {
          assert.ok(entry.openings.length > 0, `${entry.name.name}: mesh ${own} has a seed outside the input`);
          assert.ok(plan.blocking.some((finding) => finding.asks?.target === entry.name.name), `${entry.name.name} waits for an answer`);
          assert.ok(entry.endpoints.every((endpoint) => endpoint.confidence !== 'certain'), 'an open mesh is never certain');
        } else {
          assert.deepEqual(entry.endpoints.map((e) => e.address).sort(), [...stores.get(own)!].sort(), `${entry.name.name}: every StoreAPI of mesh ${own}`);
        }
      }
      // What is written: each SD file and ConfigMap lists one mesh only.
      for (const change of plan.changes) {
        const listed = [...change.after.matchAll(/^\s*- (\S+)$/gm)].map((m) => m[1]!).filter((target) => /10901|10905|dnssrv/.test(target));
        const meshesListed = new Set(listed.map(meshOfAddress));
        if (change.before === null) assert.ok(meshesListed.size <= 1, `${change.path} lists endpoints of meshes ${[...meshesListed].join(', ')}`);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

const POD: AddressScope = { machine: 'pod:a', isKubernetes: true, namespace: 'monitoring', renderScope: 'charts/a', directory: 'k8s' };

test('addresses: the spellings of one Service in a namespace meet; other namespaces and run-time values do not', () => {
  const key = (text: string, scope = POD) => gossipAddress(text, scope).key;
  const service = key('thanos-peers.monitoring.svc:10900');
  for (const same of ['thanos-peers:10900', 'thanos-peers', 'thanos-peers.monitoring', 'thanos-peers.monitoring.svc.cluster.local:10900', 'dns+thanos-peers.monitoring.svc:10900', 'THANOS-PEERS.monitoring.svc.cluster.local.:10900']) {
    assert.equal(key(same), service, same);
  }
  assert.notEqual(key('thanos-peers.team-b.svc:10900'), service);
  assert.notEqual(key('thanos-peers.monitoring.svc:10901'), service);
  // A variable is the same value only in its own rendering scope, and never a literal.
  const templated = key('thanos-peers.{{ .Release.Namespace }}.svc:10900');
  assert.equal(key('thanos-peers.{{- .Release.Namespace -}}.svc:10900'), templated);
  assert.notEqual(key('thanos-peers.{{ .Release.Namespace }}.svc:10900', { ...POD, renderScope: 'charts/b' }), templated);
  assert.notEqual(templated, service);
  // Loopback is the member's own machine.
  assert.equal(key('127.0.0.1:10900'), key('localhost:10900'));
  assert.notEqual(key('127.0.0.1:10900'), key('127.0.0.1:10900', { ...POD, machine: 'pod:b' }));
  // A bare host name outside Kubernetes resolves through its site's search domain.
  const host: AddressScope = { machine: 'host:a', isKubernetes: false, renderScope: 'a', directory: 'site-a' };
  assert.notEqual(key('seed:10900', host), key('seed:10900', { ...host, directory: 'site-b' }));
  assert.equal(key('seed.example.net:10900', host), key('seed.example.net:10900', { ...host, directory: 'site-b' }));
});

test('an open seed names the mesh\'s members on loopback only, three of them, and counts the rest', () => {
  const script = (dir: string): SourceFile => ({
    path: `${dir}/store.sh`,
    text: '#!/bin/sh\nexec thanos store --data-dir=/d --cluster.address=127.0.0.1:10900 --cluster.peers=gossip.example.internal:10900\n',
    kind: 'shell',
  });
  const reasons = (count: number) => {
    const files = Array.from({ length: count }, (_, i) => script(`h${i + 1}`));
    const plan = planMigration(files, { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined }, () => null);
    assert.equal(plan.meshes.length, 1, 'one seed, one mesh');
    return plan.meshes[0]!.openings.map((opening) => opening.reason);
  };
  const nobody = 'no file in the input describes gossip.example.internal:10900: no member listens on or advertises it';
  const at = (i: number) => `thanos store at h${i}/store.sh:2:13`;
  assert.deepEqual(reasons(1), [nobody]);
  assert.deepEqual(reasons(3), [
    `${nobody}; it may be ${at(2)}, ${at(3)}, whose address the input does not give`,
    `${nobody}; it may be ${at(1)}, ${at(3)}, whose address the input does not give`,
    `${nobody}; it may be ${at(1)}, ${at(2)}, whose address the input does not give`,
  ]);
  const six = reasons(6);
  assert.equal(six.length, 6);
  assert.equal(six[0], `${nobody}; it may be ${at(2)}, ${at(3)}, ${at(4)} or one of 2 more such members, whose address the input does not give`);
  assert.equal(six[2], `${nobody}; it may be ${at(1)}, ${at(2)}, ${at(4)} or one of 2 more such members, whose address the input does not give`);
  assert.equal(six[5], `${nobody}; it may be ${at(1)}, ${at(2)}, ${at(3)} or one of 2 more such members, whose address the input does not give`);
});

test('an open seed\'s finding names three of the mesh\'s waiting Queriers and counts the rest', () => {
  const files: SourceFile[] = Array.from({ length: 5 }, (_, i) => ({
    path: `h${i + 1}/query.sh`,
    text: `#!/bin/sh\nexec thanos query --http-address=10.0.0.${i + 1}:10902 --cluster.peers=gossip.example.internal:10900\n`,
    kind: 'shell',
  }));
  const plan = planMigration(files, { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined }, () => null);
  const open = plan.findings.filter((finding) => finding.ruleId === 'gossip-mesh-open');
  assert.equal(open.length, 5, 'one finding per seed as written');
  // Only items in the list; how many there are is a number (a reader of the data never takes "2 more" for a Querier).
  assert.deepEqual(open[0]!.data?.['consumers'], { named: ['thanos query h1/query.sh:2', 'thanos query h2/query.sh:2', 'thanos query h3/query.sh:2'], count: 5 });
  assert.ok(open[0]!.message.endsWith('; thanos query h1/query.sh:2, thanos query h2/query.sh:2, thanos query h3/query.sh:2, 2 more may miss what is there'), open[0]!.message);
});

test('consumers of one mesh share its list, but a server reached on loopback from its own machine is so only there', () => {
  // Sidecars on every interface, nothing advertised: reached on loopback from a Querier of the same script, unresolved from elsewhere.
  const host = (name: string, sidecar: boolean): SourceFile => ({
    path: `${name}/run.sh`,
    text: `#!/bin/sh\n${sidecar ? 'thanos sidecar --tsdb.path=/p --cluster.peers=10.0.0.1:10900 &\n' : ''}thanos query --cluster.address=10.0.0.1:10900 --cluster.peers=10.0.0.1:10900\n`,
    kind: 'shell',
  });
  const files = [host('a', true), host('b', false), host('c', true), host('d', false)];
  const plan = planMigration(files, { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined }, () => null);
  assert.equal(plan.meshes.length, 1);
  const told = plan.consumers.map((entry) => ({
    consumer: entry.consumer.carrier.file.path,
    endpoints: entry.endpoints.map((endpoint) => `${endpoint.address} ${endpoint.provenance.map((p) => `${p.file}:${p.line}`).join(',')}`),
    unresolved: entry.unresolved.map((u) => `${u.file.path}:${u.missing.slice(0, 16)}`),
  }));
  assert.deepEqual(told, [
    { consumer: 'a/run.sh', endpoints: ['127.0.0.1:10901 a/run.sh:2'], unresolved: ['c/run.sh:a reachable host'] },
    { consumer: 'b/run.sh', endpoints: [], unresolved: ['a/run.sh:a reachable host', 'c/run.sh:a reachable host'] },
    { consumer: 'c/run.sh', endpoints: ['127.0.0.1:10901 c/run.sh:2'], unresolved: ['a/run.sh:a reachable host'] },
    { consumer: 'd/run.sh', endpoints: [], unresolved: ['a/run.sh:a reachable host', 'c/run.sh:a reachable host'] },
  ]);
  // Queriers on no server's machine are told one list, not a copy each.
  assert.equal(plan.consumers[1]!.unresolved, plan.consumers[3]!.unresolved);
  assert.notEqual(plan.consumers[0]!.unresolved, plan.consumers[2]!.unresolved);
});

test('a wired Querier\'s finding names ten of its StoreAPIs and counts the rest; its SD file lists them all', () => {
  const stores = Array.from({ length: 12 }, (_, i) => `thanos store --data-dir=/d${i} --grpc-address=10.0.1.${i + 1}:10901 --cluster.peers=10.0.0.1:10900 &`);
  const files: SourceFile[] = [{ path: 'run.sh', text: `#!/bin/sh\n${stores.join('\n')}\nthanos query --cluster.address=10.0.0.1:10900 --cluster.peers=10.0.0.1:10900\n`, kind: 'shell' }];
  const plan = planMigration(files, { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined }, () => null);
  const wired = plan.findings.filter((finding) => finding.ruleId === 'query-store-discovery');
  assert.equal(wired.length, 1);
  const all = Array.from({ length: 12 }, (_, i) => `10.0.1.${i + 1}:10901`).sort();
  assert.ok(wired[0]!.message.endsWith(`listing ${all.slice(0, 10).join(', ')} and 2 more (all in the SD file)`), wired[0]!.message);
  const sd = plan.changes.find((change) => change.path.endsWith('.yaml'));
  assert.ok(sd, 'an SD file is written');
  for (const address of all) assert.ok(sd.after.includes(`- ${address}\n`), `${address} in the SD file`);
});

test('a Querier waiting on many servers without an address names ten and counts the rest; endpoint-unresolved reports each one', () => {
  const units = Array.from({ length: 12 }, (_, i): SourceFile => ({ path: `store-${i}.service`, text: `[Service]\nExecStart=/usr/bin/thanos store --data-dir=/d${i} --cluster.peers=10.0.0.8:10900\n`, kind: 'systemd' }));
  const query: SourceFile = { path: 'query.service', text: '[Service]\nExecStart=/usr/bin/thanos query --cluster.address=10.0.0.8:10900 --cluster.peers=10.0.0.8:10900\n', kind: 'systemd' };
  const plan = planMigration([...units, query], { ...DEFAULT_MIGRATION_OPTIONS, sdPath: undefined }, () => null);
  const waiting = plan.findings.filter((finding) => finding.ruleId === 'query-store-discovery');
  assert.equal(waiting.length, 1);
  assert.equal(waiting[0]!.messageId, 'unresolved');
  const named = waiting[0]!.message.match(/store-\d+\.service:2:\d+/g) ?? [];
  assert.equal(named.length, 10, waiting[0]!.message);
  assert.match(waiting[0]!.message, /; and 2 more \(each reported by endpoint-unresolved\)\. Pass --store-endpoint /);
  const each = plan.findings.filter((finding) => finding.ruleId === 'endpoint-unresolved').map((finding) => finding.file.path).sort();
  assert.deepEqual(each, units.map((unit) => unit.path).sort());
});
