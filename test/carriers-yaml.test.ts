// Table-driven: words found in each fixture, and exact bytes after removing
// every `--cluster.*` word through the carriers' editors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readYamlCarriers, readHelmTemplateCarriers } from '../src/carriers/yaml/index.js';
import type { SourceKind } from '../src/model.js';
import { applyEdits, fixture, lineOf, src } from './carriers-yaml-helpers.js';

interface Case {
  name: string;
  kind: SourceKind;
  carriers: Array<[string, Array<[string, number]>]>;
  problems?: string[];
}

const cases: Case[] = [
  {
    name: 'k8s-multidoc.yaml', kind: 'yaml',
    carriers: [
      ['StatefulSet/prom container prometheus', [['--config.file=/etc/prometheus/prometheus.yml', 26], ['--storage.tsdb.path=/data', 27]]],
      ['StatefulSet/prom container sidecar', [['sidecar', 31], ['--tsdb.path=/data', 32], ['--cluster.peers=gossip.monitoring.svc:10900', 33], ['--objstore.config-file=/etc/thanos/bucket.yml', 35], ['--cluster.address=0.0.0.0:10900', 36]]],
      ['Deployment/querier container query', [['/bin/thanos', 76], ['query', 77], ['--http-address=0.0.0.0:10902', 79], ['--cluster.peers=$(PEERS)', 80], ['--cluster.gossip-interval=5s', 81]]],
    ],
  },
  {
    name: 'k8s-flow.yaml', kind: 'yaml',
    carriers: [
      ['Deployment/flowy container sidecar', [['sidecar', 15], ['--prometheus.url=http://localhost:9090', 16], ['--cluster.address=0.0.0.0:19390', 17], ['--cluster.peers=flowy.default.svc:19390', 18]]],
      ['Deployment/flowy container query', [['query', 23], ['--cluster.peers=flowy:19390', 23], ['--log.level=info', 23]]],
      ['Deployment/flowy container store', [['store', 26], ['--data-dir=/d', 26], ['--cluster.peers=flowy:19390', 27]]],
      ['Deployment/flowy container compact', [['compact', 31], ['--cluster.disable', 32]]],
    ],
  },
  {
    name: 'k8s-list.yaml', kind: 'yaml',
    carriers: [
      ['CronJob/compactor container compact', [['compact', 33], ['--cluster.peers=peers:10900', 34], ['--wait', 35]]],
    ],
  },
  {
    name: 'k8s-manifest.json', kind: 'yaml',
    carriers: [
      ['DaemonSet/rule container rule', [['rule', 13], ['--cluster.peers=peers:10900', 14], ['--eval-interval=30s', 15], ['--cluster.address=0.0.0.0:10900', 16]]],
      ['DaemonSet/rule container only-gossip', [['thanos', 22], ['--cluster.peers=peers:10900', 23]]],
    ],
  },
  {
    name: 'compose.yml', kind: 'compose',
    carriers: [
      ['compose service bucket (sh -c)', [['mkdir', 9], ['-p', 9], ['/data/b', 9]]],
      ['compose service east-sidecar', [['sidecar', 15], ['--prometheus.url=http://east-prom:9090', 16], ['--cluster.address=0.0.0.0:10900', 17], ['--cluster.peers=east-query:10900', 18]]],
      ['compose service east-query', [['query', 23], ['--http-address=0.0.0.0:10902', 23], ['--cluster.peers=store:10900', 23], ['--query.replica-label=replica', 23]]],
      ['compose service west-store', [['/bin/thanos', 26], ['store', 27], ['--data-dir=/var/store', 27], ['--objstore.config=type: FILESYSTEM', 27], ['--cluster.peers=${PEERS}', 27]]],
    ],
    problems: ['cannot map compose service west-rule command string onto the file (escapes, folding or block scalar); edit it by hand'],
  },
  {
    name: 'prometheus-cr.yaml', kind: 'yaml',
    carriers: [['Prometheus/main container thanos-sidecar', [['--cluster.gossip-interval=3s', 18]]]],
  },
  {
    name: 'helm/templates/query.yaml', kind: 'helm',
    carriers: [
      ['Deployment/{{ include "thanos.fullname" . }}-query container query', [['query', 20], ['--log.level={{ .Values.query.logLevel }}', 21], ['--cluster.address=0.0.0.0:{{ .Values.gossip.port }}', 23], ['--cluster.peers={{ .Values.gossip.peers }}', 25], ['--grpc-address=0.0.0.0:10901', 28]]],
      ['Deployment/{{ include "thanos.fullname" . }}-query container reloader', [['/configmap-reload', 42], ['--volume-dir={{ .Values.dir }}', 42]]],
    ],
    problems: ['template action may add gossip flags to this argv; check it by hand: {{ toYaml .Values.clusterArgs | nindent 8 }}'],
  },
  {
    name: 'helm/templates/store.yaml', kind: 'helm',
    carriers: [
      ['StatefulSet/{{ template "thanos.fullname" . }}-store container store', [['store', 10], ['--cluster.peers={{ template "thanos.peers" . }}', 11], ['--data-dir=/var/store', 12]]],
      ['StatefulSet/{{ template "thanos.fullname" . }}-store container other', [['--cluster.peers={{ .Values.gossip }}', 18], ['--store=dns+store:10901', 20]]],
    ],
  },
];

for (const c of cases) {
  test(`yaml carriers: ${c.name}`, () => {
    const file = src(fixture(c.name), c.kind, c.name);
    const r = c.kind === 'helm' ? readHelmTemplateCarriers(file) : readYamlCarriers(file);
    assert.deepEqual(
      r.carriers.map((k) => [k.context.label, k.words.map((w) => [w.value, lineOf(file.text, w.span.start)])]),
      c.carriers,
    );
    assert.deepEqual(r.problems.map((p) => p.message), c.problems ?? []);
    // every word's span slices to its source spelling
    for (const k of r.carriers) {
      for (const w of k.words) {
        const raw = file.text.slice(w.span.start, w.span.end);
        assert.ok(raw === w.value || raw.length === w.value.length + 2 || c.kind === 'compose' || c.kind === 'helm', `${raw} vs ${w.value}`);
      }
    }
    const edits = r.carriers.flatMap((k) => {
      const gone = k.words.filter((w) => w.value.startsWith('--cluster.'));
      return gone.length ? k.editor.removeWords(gone) : [];
    });
    assert.equal(applyEdits(file.text, edits), fixture(`expected/${c.name.replace(/\//g, '__')}.removed`));
  });
}
