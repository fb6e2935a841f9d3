// The Service an open seed names comes from an index, not a scan of every
// object per seed (n²: 200 s for 7,500 open meshes). The index must answer
// what the scan answered, the first Service in input order whose key is the
// seed's host, for any names: templates, capitals, dots, `127`, `dns+`,
// colons, `@`, no namespace, compose scopes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SourceFile } from '../src/model.js';
import type { KubeObject } from '../src/facts.js';
import type { KubeEntry } from '../src/analysis/kube-lookup.js';
import { gossipAddress, serviceKey, type AddressScope } from '../src/analysis/gossip-address.js';
import { serviceHostIndex } from '../src/analysis/seed-services.js';

const FILE: SourceFile = { path: 'deploy/peers.yaml', text: '', kind: 'yaml' };
const HELM: SourceFile = { path: 'chart/templates/peers.yaml', text: '', kind: 'helm' };

function entry(kind: string, name: string, namespace: string | undefined, file = FILE): KubeEntry {
  const object: KubeObject = {
    kind, apiVersion: 'v1', name, labels: {}, labelKeySpans: {}, ports: [], containers: [],
    documentSpan: { start: 0, end: 0 }, inList: false, span: { start: 0, end: 0 }, removal: () => [],
    ...(namespace !== undefined ? { namespace } : {}),
  };
  return { file, object };
}

/** The key a Service's name takes from `scope`, as meshes.ts asks it. */
const hostOf = (service: KubeEntry, scope: AddressScope) =>
  serviceKey(service.object.name, service.object.namespace ?? (service.file.kind === 'helm' ? '{{.Release.Namespace}}' : undefined), '0', scope).replace(/:0$/, '');

/** The scan the index replaced. */
const scanned = (objects: KubeEntry[], serviceHost: string, scope: AddressScope) =>
  objects.find((candidate) => candidate.object.kind === 'Service' && hostOf(candidate, scope) === serviceHost);

const NAMES = ['thanos-peers', 'Thanos-Peers', 'peers', 'a.b', 'a', 'b', '127', 'localhost', '{{ .Release.Name }}-peers', '{{.Release.Name}}-peers', 'dns+peers', 'x:1', '[::1]', 'a@b', 'p|q', '', 'svc', 'peers.', 'pod-0.peers'];
const NAMESPACES = [undefined, 'monitoring', 'Monitoring', 'default', '{{ .Release.Namespace }}', 'svc', 'a.b', 'x:y'];
const SCOPES: AddressScope[] = [
  { machine: 'pod:a', isKubernetes: true, namespace: 'monitoring', renderScope: 'deploy', directory: 'deploy' },
  { machine: 'pod:b', isKubernetes: true, renderScope: 'deploy', directory: 'deploy' },
  { machine: 'host:deploy', isKubernetes: false, renderScope: 'deploy', directory: 'deploy' },
  { machine: 'host:c', isKubernetes: false, compose: { file: 'c/compose.yaml', services: new Set(['thanos-peers.monitoring.svc', 'peers']) }, renderScope: 'c', directory: 'c' },
  { machine: 'pod:h', isKubernetes: true, namespace: '{{.Release.Namespace}}', renderScope: 'chart', directory: 'chart/templates' },
];
const SEED_TEXTS = ['thanos-peers', 'thanos-peers.monitoring', 'Thanos-Peers.monitoring.svc', 'thanos-peers.monitoring.svc.cluster.local', 'pod-0.peers.default.svc', 'a.b.monitoring.svc', '127.monitoring.svc', 'peers..default.svc', 'svc.svc.svc', 'x:1.monitoring.svc', 'dns+peers.monitoring.svc', '.monitoring.svc', 'a@b.monitoring.svc', 'p|q.default.svc', 'deploy|peers.monitoring.svc'];

test('the index answers what the scan of every Service answered, on every name, namespace, scope and seed of the table', () => {
  const objects: KubeEntry[] = [entry('StatefulSet', 'thanos-peers', 'monitoring')];
  for (const name of NAMES) for (const namespace of NAMESPACES) objects.push(entry('Service', name, namespace), entry('Service', name, namespace, HELM));
  const index = serviceHostIndex(objects, hostOf);
  let matched = 0;
  for (const scope of SCOPES) {
    const hosts = new Set<string>(SEED_TEXTS.map((text) => gossipAddress(`${text}:10900`, scope).serviceHost).filter((host) => host !== undefined));
    for (const service of objects) hosts.add(hostOf(service, scope));
    for (const host of hosts) {
      const expected = scanned(objects, host, scope);
      if (expected) matched++;
      assert.equal(index.first(host, scope), expected, `${host} from ${scope.machine}`);
    }
  }
  assert.ok(matched > 100, `the table finds Services (${matched}), not only misses`);
});

test('property: on random names and namespaces, the index and the scan agree, first match in input order', () => {
  const label = fc.stringMatching(/^[a-zA-Z0-9{}$@|:+. -]{0,6}$/);
  fc.assert(
    fc.property(
      fc.array(fc.record({ kind: fc.constantFrom('Service', 'Service', 'Deployment'), name: label, namespace: fc.option(label, { nil: undefined }), helm: fc.boolean() }), { maxLength: 25 }),
      fc.array(label, { maxLength: 6 }),
      fc.constantFrom(...SCOPES),
      (specs, seedNames, scope) => {
        const objects = specs.map((spec) => entry(spec.kind, spec.name, spec.namespace, spec.helm ? HELM : FILE));
        const index = serviceHostIndex(objects, hostOf);
        const hosts = new Set<string>(objects.map((service) => hostOf(service, scope)));
        for (const name of seedNames) for (const text of [name, `${name}.svc`, `${name}.default.svc`]) {
          const host = gossipAddress(`${text}:10900`, scope).serviceHost;
          if (host !== undefined) hosts.add(host);
        }
        for (const host of hosts) assert.equal(index.first(host, scope), scanned(objects, host, scope), host);
      },
    ),
    { numRuns: 400 },
  );
});
