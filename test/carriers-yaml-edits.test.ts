// Exact bytes for editor and helper edge cases: insertion styles, CRLF, BOM,
// no final newline, flow sequences, leftovers (ports, labels, peers, documents).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  readYamlCarriers, readHelmTemplateCarriers, removeSequenceItem, removeMappingEntry, removeDocument, removeKubeObject,
} from '../src/carriers/yaml/index.js';
import type { ArgvCarrier, NewArg, SourceFile } from '../src/model.js';
import { applyEdits, fixture, src } from './carriers-yaml-helpers.js';

const v = (...xs: string[]): NewArg[] => xs.map((value) => ({ value }));

function only(file: SourceFile, helm = false): ArgvCarrier {
  const r = helm ? readHelmTemplateCarriers(file) : readYamlCarriers(file);
  assert.equal(r.carriers.length, 1, JSON.stringify(r.problems));
  return r.carriers[0]!;
}
function word(c: ArgvCarrier, prefix: string) {
  const w = c.words.find((x) => x.value.startsWith(prefix));
  assert.ok(w, prefix);
  return w;
}
function removeCluster(file: SourceFile, helm = false): string {
  const c = only(file, helm);
  return applyEdits(file.text, c.editor.removeWords(c.words.filter((w) => w.value.startsWith('--cluster.'))));
}

const POD = (args: string) => `kind: Pod\napiVersion: v1\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: t\n    image: thanos\n    args:\n${args}`;

test('block insertAfter keeps dash, indentation and quote style', () => {
  const dq = src(POD('    - "query"\n    - "--log.level=info"\n    ports: []\n'));
  const c = only(dq);
  assert.equal(applyEdits(dq.text, c.editor.insertAfter(word(c, '--log'), v('--store=a:10901', 'say "hi"'))),
    POD('    - "query"\n    - "--log.level=info"\n    - "--store=a:10901"\n    - "say \\"hi\\""\n    ports: []\n'));
  const sq = src(POD("    -   'query'\n"));
  const c2 = only(sq);
  assert.equal(applyEdits(sq.text, c2.editor.insertAfter(c2.words[0]!, v("it's", '--x=1'))),
    POD("    -   'query'\n    -   'it''s'\n    -   '--x=1'\n"));
  const pl = src(POD('    - query # the component\n    - --a=1\n'));
  const c3 = only(pl);
  assert.equal(applyEdits(pl.text, c3.editor.insertAfter(c3.words[0]!, v('--store=dns+x:10901', 'true', 'a: b', '#x'))),
    POD('    - query # the component\n    - --store=dns+x:10901\n    - "true"\n    - "a: b"\n    - "#x"\n    - --a=1\n'));
  assert.equal(applyEdits(pl.text, c3.editor.insertAfter(c3.words[1]!, [{ raw: '"--raw"' }])),
    POD('    - query # the component\n    - --a=1\n    - "--raw"\n'));
});

test('CRLF: removal and insertion keep CRLF', () => {
  const text = POD('    - query\n    - --cluster.peers=x:10900\n    - --log.level=info\n').replace(/\n/g, '\r\n');
  const f = src(text);
  assert.equal(removeCluster(f), POD('    - query\n    - --log.level=info\n').replace(/\n/g, '\r\n'));
  const c = only(f);
  assert.equal(applyEdits(text, c.editor.insertAfter(c.words[2]!, v('--store=s:1'))),
    POD('    - query\n    - --cluster.peers=x:10900\n    - --log.level=info\n    - --store=s:1\n').replace(/\n/g, '\r\n'));
});

test('no final newline and BOM are preserved', () => {
  const f = src('\ufeff' + POD('    - query\n    - --cluster.peers=x:10900'));
  assert.equal(removeCluster(f), '\ufeff' + POD('    - query'));
  const c = only(f);
  assert.equal(applyEdits(f.text, c.editor.insertAfter(c.words[1]!, v('--a', '--b'))),
    '\ufeff' + POD('    - query\n    - --cluster.peers=x:10900\n    - --a\n    - --b'));
  const crlf = src(POD('    - query\n    - --cluster.address=0.0.0.0:10900').replace(/\n/g, '\r\n'));
  assert.equal(removeCluster(crlf), POD('    - query').replace(/\n/g, '\r\n'));
});

test('removing every arg drops the args key', () => {
  const f = src(POD('    - --cluster.peers=x\n    - --cluster.address=y # mesh\n    ports:\n    - containerPort: 1\n'));
  assert.equal(removeCluster(f), POD('').replace(/    args:\n$/, '') + '    ports:\n    - containerPort: 1\n');
  const last = src(POD('    - --cluster.peers=x'));
  assert.equal(removeCluster(last), POD('').replace(/\n    args:\n$/, ''));
});

test('flow sequences: comments, trailing commas, insertion', () => {
  const a = src(POD('      [ "query", # q\n        "--cluster.peers=x", # gossip\n        "--log.level=info",\n      ]\n'));
  assert.equal(removeCluster(a), POD('      [ "query", # q\n        "--log.level=info",\n      ]\n'));
  const b = src(POD('      ["query", "--log.level=info", "--cluster.peers=x"]\n'));
  assert.equal(removeCluster(b), POD('      ["query", "--log.level=info"]\n'));
  const c = src(POD('      ["--cluster.peers=x", "query",]\n'));
  assert.equal(removeCluster(c), POD('      ["query",]\n'));
  const d = src(POD('      ["q", "--cluster.a=1", "--cluster.b=2", "r"]\n'));
  assert.equal(removeCluster(d), POD('      ["q", "r"]\n'));
  const e = src(POD('      ["q", "--cluster.a=1", "--cluster.b=2"]\n'));
  assert.equal(removeCluster(e), POD('      ["q"]\n'));
  const bc = only(b);
  assert.equal(applyEdits(b.text, bc.editor.insertAfter(bc.words[1]!, v('--store=a', 'b,c'))),
    POD('      ["query", "--log.level=info", "--store=a", "b,c", "--cluster.peers=x"]\n'));
  const pl = src(POD('      [query, --log]\n'));
  const pc = only(pl);
  assert.equal(applyEdits(pl.text, pc.editor.insertAfter(pc.words[1]!, v('--s=a', 'x,y'))), POD('      [query, --log, --s=a, "x,y"]\n'));
  const ml = src(POD('      [\n        "query",\n        "--log"\n      ]\n'));
  const mc = only(ml);
  assert.equal(applyEdits(ml.text, mc.editor.insertAfter(mc.words[1]!, v('--s=a', '--t'))),
    POD('      [\n        "query",\n        "--log",\n        "--s=a",\n        "--t"\n      ]\n'));
  assert.equal(applyEdits(ml.text, mc.editor.insertAfter(mc.words[0]!, v('--s=a'))),
    POD('      [\n        "query",\n        "--s=a",\n        "--log"\n      ]\n'));
});

test('JSON manifest insertion stays JSON', () => {
  const f = src(fixture('k8s-manifest.json'));
  const c = readYamlCarriers(f).carriers[0]!;
  const out = applyEdits(f.text, c.editor.insertAfter(c.words[3]!, v('--query=q:10901')));
  assert.deepEqual((JSON.parse(out) as { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } }).spec.template.spec.containers[0]!.args,
    ['rule', '--cluster.peers=peers:10900', '--eval-interval=30s', '--cluster.address=0.0.0.0:10900', '--query=q:10901']);
  assert.ok(out.includes('              "--cluster.address=0.0.0.0:10900",\n              "--query=q:10901"\n            ]'));
});

test('compose string command: removal and insertion', () => {
  const f = src(fixture('compose.yml'), 'compose');
  const r = readYamlCarriers(f);
  const store = r.carriers.find((c) => c.context.kind === 'compose' && c.context.service === 'west-store')!;
  assert.equal(store.kind, 'yaml-string');
  assert.equal(store.argsOnly, undefined);
  const q = r.carriers.find((c) => c.context.kind === 'compose' && c.context.service === 'east-query')!;
  assert.equal(q.argsOnly, true);
  const ins = applyEdits(f.text, q.editor.insertAfter(q.words[3]!, v('--store=a:1', 'x y')));
  assert.ok(ins.includes("    command: query --http-address=0.0.0.0:10902 --cluster.peers=store:10900 --query.replica-label=replica --store=a:1 'x y'\n"));
  const ins2 = applyEdits(f.text, store.editor.insertAfter(store.words[2]!, v("it's")));
  assert.ok(ins2.includes('    command: "store --data-dir=/var/store \\"it\'s\\" \'--objstore.config=type: FILESYSTEM\' --cluster.peers=${PEERS}"\n'));
  const ins3 = applyEdits(f.text, store.editor.insertAfter(store.words[2]!, v('a b')));
  assert.ok(ins3.includes(`    command: "store --data-dir=/var/store 'a b' '--objstore.config=type: FILESYSTEM' --cluster.peers=\${PEERS}"\n`));
  const gone = applyEdits(f.text, store.editor.removeWords(store.words.slice(1)));
  assert.ok(gone.includes('    entrypoint: ["/bin/thanos"]\n  west-rule:'));
  assert.deepEqual(r.composeServices.map((s) => [s.name, s.networks, s.image]), [
    ['bucket', ['default'], 'minio/minio'],
    ['east-sidecar', ['east'], 'thanos-exp/thanos:latest'],
    ['east-query', ['east', 'west'], 'thanos-exp/thanos:latest'],
    ['west-store', ['default'], 'thanos-exp/thanos:${TAG}'],
    ['west-rule', ['default'], 'thanos-exp/thanos:latest'],
  ]);
});

test('Prometheus resource: spec.thanos peers removal', () => {
  const f = src(fixture('prometheus-cr.yaml'));
  const [main, lonely] = readYamlCarriers(f).objects;
  assert.equal(main!.thanos!.peers, 'thanos-peers.mon.svc:10900');
  assert.deepEqual(main!.podLabels, { 'thanos-peer': 'true' });
  assert.equal(f.text.slice(main!.thanos!.peersSpan!.start, main!.thanos!.peersSpan!.end), '    peers: thanos-peers.mon.svc:10900 # gossip\n');
  const out = applyEdits(f.text, [
    ...removeMappingEntry(f, main!.thanos!.peersSpan!),
    ...removeMappingEntry(f, lonely!.thanos!.peersSpan!),
    ...removeMappingEntry(f, main!.podLabelKeySpans!['thanos-peer']!),
  ]);
  assert.equal(out, f.text
    .replace('    peers: thanos-peers.mon.svc:10900 # gossip\n', '')
    .replace('  podMetadata:\n    labels:\n      thanos-peer: \'true\'\n', '  podMetadata:\n    labels: {}\n')
    .replace('  thanos:\n    peers: thanos-peers.mon.svc:10900\n', '  thanos: {}\n'));
});

test('leftovers: cluster port, label, peers Service document, List item', () => {
  const f = src(fixture('k8s-multidoc.yaml'));
  const r = readYamlCarriers(f);
  const sts = r.objects[0]!;
  const port = sts.ports.find((p) => p.name === 'cluster')!;
  assert.equal(port.containerPort, 10900);
  assert.equal(port.container, 'sidecar');
  const peers = r.objects.find((o) => o.name === 'gossip')!;
  assert.equal(peers.clusterIP, 'None');
  assert.deepEqual(peers.selector, { 'thanos-peer': 'true' });
  const out = applyEdits(f.text, [
    ...removeSequenceItem(f, port.itemSpan),
    ...removeMappingEntry(f, sts.labelKeySpans['thanos-peer']!),
    ...removeKubeObject(f, peers),
  ]);
  assert.equal(out, f.text
    .replace('        - name: cluster\n          containerPort: 10900\n', '')
    .replace('    app: prom\n    thanos-peer: "true"\n', '    app: prom\n')
    .replace(/---\napiVersion: v1\nkind: Service\nmetadata:\n  name: gossip\n[^]*?(?=---)/, ''));
  // last document, file without final newline
  const g = src('a: 1\n\n---\nkind: Service\napiVersion: v1\nmetadata:\n  name: x');
  assert.equal(applyEdits(g.text, removeDocument(g, { start: 20, end: 20 })), 'a: 1');
  const l = src(fixture('k8s-list.yaml'));
  const svc = readYamlCarriers(l).objects[0]!;
  assert.equal(svc.inList, true);
  assert.ok(applyEdits(l.text, removeKubeObject(l, svc)).startsWith('apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1beta1\n'));
});

test('helm: if-block collapse, insertion, peers entry in a template', () => {
  const f = src(fixture('helm/templates/query.yaml'), 'helm');
  const c = readHelmTemplateCarriers(f).carriers[0]!;
  assert.equal(c.image, '{{ .Values.image.repository }}:{{ .Values.image.tag }}');
  assert.equal(c.words[3]!.hasExpansion, true);
  // only the inner if-block empties: the outer one keeps --cluster.address
  const inner = applyEdits(f.text, c.editor.removeWords([word(c, '--cluster.peers')]));
  assert.equal(inner, f.text.replace('        {{- if .Values.gossip.peers }}\n        - "--cluster.peers={{ .Values.gossip.peers }}"\n        {{- end }}\n', ''));
  assert.equal(applyEdits(f.text, c.editor.insertAfter(word(c, '--grpc'), v('--store={{ .Values.store }}'))),
    f.text.replace('        - "--grpc-address=0.0.0.0:10901"\n', '        - "--grpc-address=0.0.0.0:10901"\n        - "--store={{ .Values.store }}"\n'));
  const objs = readHelmTemplateCarriers(f).objects;
  const port = objs[0]!.ports.find((p) => p.name === 'cluster')!;
  assert.equal(applyEdits(f.text, removeSequenceItem(f, port.itemSpan)),
    f.text.replace('        {{- if .Values.gossip.enabled }}\n        - name: cluster\n          containerPort: {{ .Values.gossip.port }}\n        {{- end }}\n', ''));
  const p = src([
    'kind: Prometheus', 'apiVersion: monitoring.coreos.com/v1', 'metadata:', '  name: {{ .Values.name }}', 'spec:', '  thanos:',
    '    {{- if not .Values.thanos.peers }}', '    peers: {{ include "thanos.peers" . }}', '    {{ end }}', '    version: v0.3.0', '',
  ].join('\n'), 'helm');
  const po = readHelmTemplateCarriers(p).objects[0]!;
  assert.equal(applyEdits(p.text, removeMappingEntry(p, po.thanos!.peersSpan!)),
    'kind: Prometheus\napiVersion: monitoring.coreos.com/v1\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  thanos:\n    version: v0.3.0\n');
});

test('sh -c scripts give one carrier per command that can matter; parse errors are problems', () => {
  const f = src(fixture('k8s-list.yaml'));
  // The wait container's `until nslookup …; do sleep 1; done` names no flag, variable, Thanos or gossip port.
  assert.deepEqual(readYamlCarriers(f).carriers.map((c) => c.context.container), ['compact']);
  const bad = readYamlCarriers(src('a: [1, 2\nb: {'));
  assert.equal(bad.carriers.length, 0);
  assert.equal(bad.problems.length, 1);
  assert.match(bad.problems[0]!.message, /^YAML parse error/);
});

test('shell commands that cannot matter are not carriers; ones that assign, expand, flag, name Thanos or 10900 are', async () => {
  const { readShellCarriers } = await import('../src/carriers/shell/read.js');
  const file = src('cd /opt; echo step-1 >> setup.log; T=thanos; $T query --cluster.peers=p:10900; ufw allow 10900; mythanos sidecar; `which t` store; sleep 1\n', 'shell');
  assert.deepEqual(readShellCarriers(file).map((carrier) => carrier.words.map((word) => word.value).join(' ')), [
    'T=thanos',
    '$T query --cluster.peers=p:10900',
    'ufw allow 10900',
    'mythanos sidecar',
    '`which t` store',
  ]);
});

test('a flow list of one arg per line: the args after the anchor go and new ones come after it, each its own arg', () => {
  // Removing the last args cuts the anchor's comma; an insertion after it written as a line of its own then folded
  // `--log.level=debug` and the new flag into one arg (`[query, "--log.level=debug --store=a"]`), and the Querier would not start.
  const ml = src(POD('      [\n        query,\n        --log.level=debug,\n        --cluster.peers=x\n      ]\n'));
  const c = only(ml);
  const edits = [...c.editor.removeWords([word(c, '--cluster.')]), ...c.editor.insertAfter(word(c, '--log.'), v('--store=a'))];
  assert.equal(applyEdits(ml.text, edits), POD('      [\n        query,\n        --log.level=debug,\n        --store=a\n      ]\n'));
  // Kept args after the anchor: the same text as a line after it.
  const kept = src(POD('      [\n        query,\n        --log.level=debug,\n        --http-address=:10902\n      ]\n'));
  const k = only(kept);
  assert.equal(applyEdits(kept.text, k.editor.insertAfter(word(k, '--log.'), v('--store=a'))), POD('      [\n        query,\n        --log.level=debug,\n        --store=a,\n        --http-address=:10902\n      ]\n'));
});
