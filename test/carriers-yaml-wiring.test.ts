// Structural YAML insertions wiring Thanos Query / Rule on Kubernetes to an
// SD file held in a ConfigMap: exact bytes of the combined migration (gossip
// flags out, --*.sd-files in, ConfigMap mounted and appended), then a parse
// of the result. Expected files: fixtures/yaml-units/wiring/expected/
// (regenerate with WIRING_UPDATE=1, then review the diff by eye).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import {
  readYamlCarriers, readHelmTemplateCarriers, removeKubeObject, mountConfigMap, appendDocument, containerFacts, renderConfigMap, renderService,
} from '../src/carriers/yaml/index.js';
import type { ConfigMapMount } from '../src/carriers/yaml/index.js';
import type { ArgvCarrier, Edit, SourceFile } from '../src/model.js';
import { FIXTURES, fixture, src } from './carriers-yaml-helpers.js';

/** Apply edits: sort by start descending, splice; refuse overlaps. */
function apply(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  for (let k = 1; k < sorted.length; k++) {
    assert.ok(sorted[k]!.span.end <= sorted[k - 1]!.span.start, `overlapping edits ${JSON.stringify(sorted.map((e) => e.span))}`);
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

/** The project's applier order (ascending, insertions first at a point) must give the same bytes. */
function applyAscending(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    assert.ok(e.span.start >= cursor, 'overlap');
    out += text.slice(cursor, e.span.start) + e.text;
    cursor = e.span.end;
  }
  return out + text.slice(cursor);
}

const STORE_SD = '- targets:\n  - prometheus-0.thanos-store.monitoring.svc:10901\n  - prometheus-1.thanos-store.monitoring.svc:10901\n';
const QUERY_SD = '- targets:\n  - thanos-query.monitoring.svc:10901\n';
const SD_DIR = '/etc/thanos/sd';

const COMPONENT_FLAG: Record<string, { flag: string; sdFile: string }> = {
  query: { flag: '--store.sd-files', sdFile: 'thanos-store-sd.yaml' },
  rule: { flag: '--query.sd-files', sdFile: 'thanos-query-sd.yaml' },
};

function thanosCarriers(file: SourceFile): ArgvCarrier[] {
  const r = readYamlCarriers(file);
  assert.deepEqual(r.problems, []);
  return r.carriers.filter((c) => c.words[0] && COMPONENT_FLAG[c.words[0].value]);
}

/** The whole migration of one file; edits from the carrier editors and the wiring helpers together. */
function wire(file: SourceFile, namespace?: string): { edits: Edit[]; out: string } {
  const edits: Edit[] = [];
  for (const c of thanosCarriers(file)) {
    const { flag, sdFile } = COMPONENT_FLAG[c.words[0]!.value]!;
    const gossip = c.words.filter((w) => w.value.startsWith('--cluster.'));
    edits.push(...c.editor.removeWords(gossip));
    edits.push(...c.editor.insertAfter(c.words[c.words.length - 1]!, [{ value: `${flag}=${SD_DIR}/${sdFile}` }]));
    const m = mountConfigMap(c, { volumeName: 'thanos-sd', configMapName: 'thanos-sd', mountPath: SD_DIR });
    assert.ok(Array.isArray(m), JSON.stringify(m));
    edits.push(...m);
  }
  const data: Record<string, string> = {};
  for (const c of thanosCarriers(file)) {
    data[COMPONENT_FLAG[c.words[0]!.value]!.sdFile] = c.words[0]!.value === 'query' ? STORE_SD : QUERY_SD;
  }
  edits.push(...appendDocument(file, renderConfigMap({ name: 'thanos-sd', ...(namespace ? { namespace } : {}), data })));
  const out = apply(file.text, edits);
  assert.equal(applyAscending(file.text, edits), out, 'both applier orders agree');
  return { edits, out };
}

function expectFile(name: string, out: string): void {
  const path = join(FIXTURES, 'wiring', 'expected', name);
  if (process.env.WIRING_UPDATE) writeFileSync(path, out);
  assert.equal(out, fixture(`wiring/expected/${name}`));
}

type Obj = { kind: string; metadata: { name: string }; spec?: any; items?: Obj[]; data?: Record<string, string> };

function objects(text: string): Obj[] {
  const docs = (loadAll(text) as Obj[]).filter((d) => d);
  return docs.flatMap((d) => (d.kind === 'List' ? d.items ?? [] : [d]));
}

function podSpec(o: Obj): any {
  return o.kind === 'Prometheus' ? o.spec : o.spec.template.spec;
}

/** The result parses; every Thanos Query/Rule is wired; the ConfigMap holds the SD files. */
function checkParsed(out: string, expectSd: Record<string, string>): void {
  const objs = objects(out);
  let wired = 0;
  for (const o of objs) {
    if (!['Deployment', 'StatefulSet'].includes(o.kind)) continue;
    const pod = podSpec(o);
    for (const c of pod.containers) {
      const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])];
      const cf = COMPONENT_FLAG[argv[0] ?? ''];
      if (!cf) continue;
      wired++;
      assert.ok(!argv.some((a) => a.startsWith('--cluster.')), o.metadata.name);
      assert.equal(argv[argv.length - 1], `${cf.flag}=${SD_DIR}/${cf.sdFile}`);
      assert.deepEqual(c.volumeMounts.filter((m: any) => m.name === 'thanos-sd'), [{ name: 'thanos-sd', mountPath: SD_DIR, readOnly: true }]);
      assert.deepEqual(pod.volumes.filter((v: any) => v.name === 'thanos-sd'), [{ name: 'thanos-sd', configMap: { name: 'thanos-sd' } }]);
    }
  }
  assert.ok(wired > 0);
  const cms = objs.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'thanos-sd');
  assert.equal(cms.length, 1);
  assert.deepEqual(cms[0]!.data, expectSd);
}

const CASES: Array<{ file: string; why: string; sd: Record<string, string>; namespace?: string }> = [
  { file: 'query-no-volumes.yaml', why: 'no volumes; sequences at the key column', sd: { 'thanos-store-sd.yaml': STORE_SD }, namespace: 'monitoring' },
  { file: 'query-existing-volumes.yaml', why: 'volumes and volumeMounts present; sequences indented by 2', sd: { 'thanos-store-sd.yaml': STORE_SD } },
  { file: 'query-flow-volumes.yaml', why: 'flow `volumes: []` and flow volumeMounts', sd: { 'thanos-store-sd.yaml': STORE_SD } },
  { file: 'query-crlf.yaml', why: 'CRLF', sd: { 'thanos-store-sd.yaml': STORE_SD } },
  { file: 'query-no-final-newline.yaml', why: 'no final newline', sd: { 'thanos-store-sd.yaml': STORE_SD } },
  { file: 'query-list.yaml', why: 'kind: List', sd: { 'thanos-store-sd.yaml': STORE_SD } },
  { file: 'multidoc.yaml', why: 'several documents; Rule and Query share one ConfigMap', sd: { 'thanos-query-sd.yaml': QUERY_SD, 'thanos-store-sd.yaml': STORE_SD } },
  { file: 'query-indented.yaml', why: 'four-space mappings, sequences indented by 4, `-   ` items', sd: { 'thanos-store-sd.yaml': STORE_SD } },
];

for (const c of CASES) {
  test(`wiring ${c.file}: ${c.why}`, () => {
    const f = src(fixture(`wiring/${c.file}`), 'yaml', c.file);
    const { out } = wire(f, c.namespace);
    expectFile(c.file, out);
    checkParsed(out, c.sd);
    // wiring the result again adds nothing but the flag edits' absence: mounts are idempotent
    const again = src(out, 'yaml', c.file);
    for (const carrier of thanosCarriers(again)) {
      assert.deepEqual(mountConfigMap(carrier, { volumeName: 'thanos-sd', configMapName: 'thanos-sd', mountPath: SD_DIR }), []);
    }
  });
}

test('CRLF and no-final-newline outputs keep their line endings', () => {
  const crlf = fixture('wiring/expected/query-crlf.yaml');
  assert.ok(!/[^\r]\n/.test(crlf));
  assert.ok(crlf.endsWith('\r\n'));
  assert.ok(!fixture('wiring/expected/query-no-final-newline.yaml').endsWith('\n'));
});

test('exact objects after wiring the plain Query Deployment', () => {
  const f = src(fixture('wiring/query-no-volumes.yaml'));
  const { out } = wire(f, 'monitoring');
  assert.deepEqual(loadAll(out), [
    {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'thanos-query', namespace: 'monitoring', labels: { app: 'thanos-query' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'thanos-query' } },
        template: {
          metadata: { labels: { app: 'thanos-query', 'thanos-peer': 'true' } },
          spec: {
            containers: [{
              name: 'thanos-query',
              image: 'improbable/thanos:v0.3.2',
              args: ['query', '--log.level=info', '--query.replica-label=replica', '--store.sd-files=/etc/thanos/sd/thanos-store-sd.yaml'],
              ports: [
                { name: 'http', containerPort: 10902 }, { name: 'grpc', containerPort: 10901 }, { name: 'cluster', containerPort: 10900 },
              ],
              volumeMounts: [{ name: 'thanos-sd', mountPath: '/etc/thanos/sd', readOnly: true }],
            }],
            volumes: [{ name: 'thanos-sd', configMap: { name: 'thanos-sd' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'thanos-sd', namespace: 'monitoring' },
      data: { 'thanos-store-sd.yaml': STORE_SD },
    },
  ]);
});

const MOUNT: ConfigMapMount = { volumeName: 'sd', configMapName: 'thanos-sd', mountPath: '/etc/thanos/sd' };

function one(text: string, pick = 0): { file: SourceFile; carrier: ArgvCarrier } {
  const file = src(text);
  const r = readYamlCarriers(file);
  return { file, carrier: r.carriers[pick]! };
}

test('mountConfigMap: only the missing half is added; conflicts are problems', () => {
  const base = 'kind: Pod\napiVersion: v1\nmetadata:\n  name: q\nspec:\n  containers:\n  - name: q\n    args: [query]\n';
  const volOnly = one(base + '  volumes:\n  - name: sd\n    configMap:\n      name: thanos-sd\n');
  assert.equal(apply(volOnly.file.text, mountConfigMap(volOnly.carrier, MOUNT) as Edit[]),
    base.replace('args: [query]\n', 'args: [query]\n    volumeMounts:\n    - name: sd\n      mountPath: /etc/thanos/sd\n      readOnly: true\n')
    + '  volumes:\n  - name: sd\n    configMap:\n      name: thanos-sd\n');
  const other = one(base + '  volumes:\n  - name: sd\n    emptyDir: {}\n');
  assert.match((mountConfigMap(other.carrier, MOUNT) as { problem: string }).problem, /volume sd exists and is not ConfigMap thanos-sd/);
  const busy = one(base.replace('args: [query]\n', 'args: [query]\n    volumeMounts:\n    - {name: x, mountPath: /etc/thanos/sd}\n'));
  assert.match((mountConfigMap(busy.carrier, MOUNT) as { problem: string }).problem, /already has volume x mounted/);
  const elsewhere = one(base.replace('args: [query]\n', 'args: [query]\n    volumeMounts:\n    - {name: sd, mountPath: /sd}\n'));
  assert.match((mountConfigMap(elsewhere.carrier, MOUNT) as { problem: string }).problem, /already mounted at \/sd/);
  const weird = one(base + '  volumes: sd\n');
  assert.match((mountConfigMap(weird.carrier, MOUNT) as { problem: string }).problem, /`volumes` is not a sequence/);
});

test('mountConfigMap: empty `volumes:` and `volumeMounts: []` become blocks, comments kept', () => {
  const { file, carrier } = one('kind: Pod\napiVersion: v1\nmetadata:\n  name: q\nspec:\n  containers:\n  - name: q\n    volumeMounts: []  # none\n    args: [query]\n  volumes: # later\n  hostNetwork: true\n');
  assert.equal(apply(file.text, mountConfigMap(carrier, MOUNT) as Edit[]),
    'kind: Pod\napiVersion: v1\nmetadata:\n  name: q\nspec:\n  containers:\n  - name: q\n    volumeMounts:  # none\n    - name: sd\n      mountPath: /etc/thanos/sd\n      readOnly: true\n    args: [query]\n'
    + '  volumes: # later\n  - name: sd\n    configMap:\n      name: thanos-sd\n  hostNetwork: true\n');
});

test('mountConfigMap: args ending the container and the file never share a point with other insertions', () => {
  // args last in the only container, at the end of the file: volumeMounts goes after `image`, volumes before `containers`
  const text = 'kind: Pod\napiVersion: v1\nmetadata:\n  name: q\nspec:\n  containers:\n  - name: q\n    image: thanos\n    args:\n    - query\n    - --cluster.peers=p:10900';
  const { file, carrier } = one(text);
  const edits = [
    ...carrier.editor.removeWords([carrier.words[1]!]),
    ...carrier.editor.insertAfter(carrier.words[1]!, [{ value: '--store.sd-files=/etc/thanos/sd/s.yaml' }]),
    ...(mountConfigMap(carrier, MOUNT) as Edit[]),
    ...appendDocument(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: thanos-sd\n'),
  ];
  const want = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: thanos-sd\n---\n'
    + 'kind: Pod\napiVersion: v1\nmetadata:\n  name: q\nspec:\n  volumes:\n  - name: sd\n    configMap:\n      name: thanos-sd\n  containers:\n  - name: q\n    image: thanos\n'
    + '    volumeMounts:\n    - name: sd\n      mountPath: /etc/thanos/sd\n      readOnly: true\n    args:\n    - query\n    - --store.sd-files=/etc/thanos/sd/s.yaml';
  // the file has no marker: the new document goes first with a separator after it
  assert.equal(apply(text, edits), want.replace(/^---\n/, ''));
  assert.equal(applyAscending(text, edits), want.replace(/^---\n/, ''));
});

test('mountConfigMap next to the removal of a last peers Service document, no final newline', () => {
  const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: q\nspec:\n  template:\n    spec:\n      containers:\n      - name: q\n        args: [query]\n        ports:\n        - containerPort: 10902\n';
  const text = dep + '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: thanos-peers\nspec:\n  clusterIP: None';
  const file = src(text);
  const r = readYamlCarriers(file);
  const edits = [
    ...removeKubeObject(file, r.objects.find((o) => o.kind === 'Service')!),
    ...(mountConfigMap(r.carriers[0]!, MOUNT) as Edit[]),
    ...appendDocument(file, 'kind: ConfigMap\n'),
  ];
  // the blank line before `---` goes with the Service (and the line break before it): nothing is inserted there
  const want = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: q\nspec:\n  template:\n    spec:\n'
    + '      volumes:\n      - name: sd\n        configMap:\n          name: thanos-sd\n'
    + '      containers:\n      - name: q\n        args: [query]\n'
    + '        volumeMounts:\n        - name: sd\n          mountPath: /etc/thanos/sd\n          readOnly: true\n'
    + '        ports:\n        - containerPort: 10902\n---\nkind: ConfigMap';
  assert.equal(apply(text, edits), want);
  assert.equal(applyAscending(text, edits), want);
});

test('mountConfigMap: JSON manifests get JSON flow entries', () => {
  const file = src(fixture('k8s-manifest.json'), 'yaml', 'm.json');
  const carrier = readYamlCarriers(file).carriers[0]!;
  const out = apply(file.text, mountConfigMap(carrier, MOUNT) as Edit[]);
  assert.ok(out.includes('              "--cluster.address=0.0.0.0:10900"\n            ],\n            "volumeMounts": [{"name": "sd", "mountPath": "/etc/thanos/sd", "readOnly": true}]\n          },'), out);
  assert.ok(out.includes('        ],\n        "volumes": [{"name": "sd", "configMap": {"name": "thanos-sd"}}]\n      }'), out);
  const o = JSON.parse(out);
  assert.deepEqual(o.spec.template.spec.volumes, [{ name: 'sd', configMap: { name: 'thanos-sd' } }]);
});

test('mountConfigMap: Prometheus resource containers mount into spec.volumes', () => {
  const file = src(fixture('prometheus-cr.yaml'));
  const carrier = readYamlCarriers(file).carriers[0]!;
  const out = apply(file.text, mountConfigMap(carrier, MOUNT) as Edit[]);
  // containers end where the argv ends: volumes go before `containers:`, the mount before `args:`
  assert.equal(out, file.text
    .replace('  containers:\n', '  volumes:\n  - name: sd\n    configMap:\n      name: thanos-sd\n  containers:\n')
    .replace('    args:\n    - --cluster.gossip', '    volumeMounts:\n    - name: sd\n      mountPath: /etc/thanos/sd\n      readOnly: true\n    args:\n    - --cluster.gossip'));
  const docs = loadAll(out) as any[];
  assert.deepEqual(docs[0].spec.volumes, [{ name: 'sd', configMap: { name: 'thanos-sd' } }]);
  assert.deepEqual(docs[0].spec.containers[0].volumeMounts, [{ name: 'sd', mountPath: '/etc/thanos/sd', readOnly: true }]);
});

test('mountConfigMap: compose and Helm carriers are problems', () => {
  const compose = readYamlCarriers(src(fixture('compose.yml'), 'compose', 'compose.yml')).carriers[0]!;
  assert.match((mountConfigMap(compose, MOUNT) as { problem: string }).problem, /not a Kubernetes container/);
  const helm = readHelmTemplateCarriers(src(fixture('helm/templates/query.yaml'), 'helm', 'query.yaml')).carriers[0]!;
  assert.match((mountConfigMap(helm, MOUNT) as { problem: string }).problem, /not a Kubernetes container/);
  assert.equal(containerFacts(compose), null);
});

test('containerFacts', () => {
  const file = src(fixture('wiring/query-no-volumes.yaml'));
  const c = readYamlCarriers(file).carriers[0]!;
  assert.deepEqual(containerFacts(c), {
    kind: 'Deployment', name: 'thanos-query', namespace: 'monitoring',
    podLabels: { app: 'thanos-query', 'thanos-peer': 'true' },
    ports: { http: 10902, grpc: 10901, cluster: 10900 },
  });
  const cr = readYamlCarriers(src(fixture('prometheus-cr.yaml'))).carriers[0]!;
  assert.deepEqual(containerFacts(cr), { kind: 'Prometheus', name: 'main', namespace: 'mon', podLabels: { 'thanos-peer': 'true' }, ports: {} });
});

test('appendDocument: separators, final newline, trailing marker, empty file, several documents', () => {
  const doc = 'kind: ConfigMap\nmetadata:\n  name: x\n';
  const at = (text: string, d = doc) => apply(text, appendDocument(src(text), d));
  assert.equal(at('a: 1\n'), 'a: 1\n---\nkind: ConfigMap\nmetadata:\n  name: x\n');
  assert.equal(at('a: 1'), 'a: 1\n---\nkind: ConfigMap\nmetadata:\n  name: x');
  assert.equal(at('a: 1\r\n'), 'a: 1\r\n---\r\nkind: ConfigMap\r\nmetadata:\r\n  name: x\r\n');
  assert.equal(at('a: 1\n---\n'), 'a: 1\n---\nkind: ConfigMap\nmetadata:\n  name: x\n');
  assert.equal(at(''), 'kind: ConfigMap\nmetadata:\n  name: x\n');
  assert.equal(at('a: 1\n', 'b: 2\n---\nc: 3\n'), 'a: 1\n---\nb: 2\n---\nc: 3\n');
});

test('appendDocument: kind: List items, block (re-indented), flow and an argv at the end', () => {
  const doc = 'kind: ConfigMap\ndata:\n  f.yaml: |\n    - targets: [a]\n\n    # end\n';
  const list = 'kind: List\nitems:\n  - kind: Service\n    metadata:\n      name: s\n';
  assert.equal(apply(list, appendDocument(src(list), doc)),
    list + '  - kind: ConfigMap\n    data:\n      f.yaml: |\n        - targets: [a]\n\n        # end\n');
  const flow = 'kind: List\nitems: []\n';
  assert.equal(apply(flow, appendDocument(src(flow), 'kind: A\n')), 'kind: List\nitems:\n- kind: A\n');
  const json = '{"kind": "List", "items": [{"kind": "A"}]}';
  assert.equal(apply(json, appendDocument(src(json), 'kind: B\nx: [1]\n')), '{"kind": "List", "items": [{"kind": "A"}, {"kind":"B","x":[1]}]}');
  // the last item ends with a container argv: the new item goes first
  const argv = fixture('k8s-list.yaml');
  const out = apply(argv, appendDocument(src(argv), 'kind: ConfigMap\n'));
  assert.ok(out.startsWith('apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n- apiVersion: v1\n'), out);
});

test('renderConfigMap and renderService', () => {
  assert.equal(renderConfigMap({
    name: 'thanos-sd', namespace: 'mon', labels: { 'app.kubernetes.io/name': 'thanos', managed: 'true' },
    data: { 'z.json': '[{"targets": ["a:1"]}]', 'a.yaml': '- targets:\n  - a:10901\n', 'lead.txt': '  indented\n\n\n' },
  }),
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: thanos-sd\n  namespace: mon\n  labels:\n    app.kubernetes.io/name: thanos\n    managed: "true"\n'
  + 'data:\n  a.yaml: |\n    - targets:\n      - a:10901\n  lead.txt: |2+\n      indented\n\n\n  z.json: |-\n    [{"targets": ["a:1"]}]\n');
  assert.equal(renderConfigMap({ name: 'e', data: { 'empty.yaml': '' } }),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e\ndata:\n  empty.yaml: ""\n');
  assert.equal(renderService({
    name: 'thanos-store', namespace: 'mon', selector: { app: 'prometheus', 'thanos-store-api': 'true' }, headless: true,
    ports: [{ name: 'grpc', port: 10901, targetPort: 'grpc' }, { name: 'http', port: 10902, targetPort: 10902 }],
  }),
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: thanos-store\n  namespace: mon\nspec:\n  clusterIP: None\n  selector:\n    app: prometheus\n    thanos-store-api: "true"\n'
  + '  ports:\n  - name: grpc\n    port: 10901\n    targetPort: grpc\n  - name: http\n    port: 10902\n    targetPort: 10902\n');
  const rendered = loadAll(renderConfigMap({ name: 'x', data: { 'lead.txt': '  indented\n\n\n', 'a': 'b' } })) as any[];
  assert.deepEqual(rendered[0].data, { 'lead.txt': '  indented\n\n\n', a: 'b' });
});
