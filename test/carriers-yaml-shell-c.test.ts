// `sh -c "<script>"` containers and compose services: the commands of the
// script are carriers, edited in place through the shared shell line editor;
// scripts whose YAML spelling does not map 1:1 onto their value are problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { readYamlCarriers, containerFacts, mountConfigMap } from '../src/carriers/yaml/index.js';
import type { ArgvCarrier, Edit, NewArg, SourceFile } from '../src/model.js';
import { applyEdits, fixture, src } from './carriers-yaml-helpers.js';

const v = (...xs: string[]): NewArg[] => xs.map((value) => ({ value }));

function read(file: SourceFile) {
  return readYamlCarriers(file);
}
function thanos(file: SourceFile): ArgvCarrier[] {
  const r = read(file);
  assert.deepEqual(r.problems, []);
  return r.carriers.filter((c) => c.words.some((w) => w.value === 'thanos'));
}
function gossip(c: ArgvCarrier) {
  return c.words.filter((w) => w.value.startsWith('--cluster.'));
}
function removeGossip(file: SourceFile): string {
  return applyEdits(file.text, read(file).carriers.flatMap((c) => (gossip(c).length ? c.editor.removeWords(gossip(c)) : [])));
}
/** Remove gossip and add `args` after the last word that stays, as the migration does. */
function migrate(file: SourceFile, args: NewArg[]): string {
  const edits: Edit[] = [];
  for (const c of thanos(file)) {
    const gone = gossip(c);
    const staying = c.words.filter((w) => !gone.includes(w));
    edits.push(...c.editor.removeWords(gone), ...c.editor.insertAfter(staying[staying.length - 1]!, args));
  }
  return applyEdits(file.text, edits);
}

type Pod = { containers: Array<{ command?: string[]; args?: string[] }> };
/** The pod spec of a workload or of a bare Pod. */
function podOf(text: string): Pod {
  const spec = (load(text) as { spec: Pod & { template?: { spec: Pod } } }).spec;
  return spec.template?.spec ?? spec;
}

const POD = (cmd: string, eol = '\n') =>
  ['kind: Pod', 'apiVersion: v1', 'metadata:', '  name: p', 'spec:', '  containers:', '  - name: q', '    image: improbable/thanos:v0.3.2', ...cmd.split('\n')].join(eol);

test('flow command ["sh", "-c", "<script>"]: a yaml-string carrier with the container context', () => {
  const f = src(fixture('shell-c/k8s-flow.yaml'));
  const r = read(f);
  assert.deepEqual(r.problems, []);
  assert.equal(r.carriers.length, 1);
  const c = r.carriers[0]!;
  assert.equal(c.kind, 'yaml-string');
  assert.deepEqual(c.words.map((w) => w.value), ['thanos', 'query', '--cluster.peers=a:10900', '--http-address=0.0.0.0:10902']);
  for (const w of c.words) assert.equal(f.text.slice(w.span.start, w.span.end), w.value);
  assert.deepEqual(c.context, {
    kind: 'workload',
    label: 'Deployment/thanos-query container query (sh -c)',
    hostGroup: 'pod:test.yaml#0:Deployment/thanos-query',
    workloadKind: 'Deployment',
    workloadName: 'thanos-query',
    container: 'query',
    namespace: 'monitoring',
  });
  assert.equal(c.image, undefined);
  assert.equal(c.argsOnly, undefined);
  const out = removeGossip(f);
  assert.equal(out, fixture('shell-c/expected/k8s-flow.yaml.removed'));
  assert.deepEqual(podOf(out).containers[0]!.command, ['sh', '-c', 'thanos query --http-address=0.0.0.0:10902']);
  const sd = migrate(f, v('--store.sd-files=/etc/thanos/sd/thanos-store-sd.yaml'));
  assert.deepEqual(podOf(sd).containers[0]!.command,
    ['sh', '-c', 'thanos query --http-address=0.0.0.0:10902 --store.sd-files=/etc/thanos/sd/thanos-store-sd.yaml']);
  // the wiring helpers know the container
  assert.equal(containerFacts(c)?.name, 'thanos-query');
  const m = mountConfigMap(c, { volumeName: 'thanos-sd', configMapName: 'thanos-query-store-sd', mountPath: '/etc/thanos/sd' });
  assert.ok(Array.isArray(m));
  assert.equal(podOf(applyEdits(f.text, m)).containers.length, 1);
});

test('block `args: - |` script: the gossip line ending the command goes with the `\\` before it', () => {
  const f = src(fixture('shell-c/k8s-block.yaml'));
  const r = read(f);
  assert.deepEqual(r.problems, []); // the init container's escaped script does not mention Thanos
  assert.deepEqual(r.carriers.map((c) => [c.context.label, c.words.map((w) => w.value)]), [
    ['StatefulSet/prometheus container sidecar (sh -c)', ['set', '-e']],
    ['StatefulSet/prometheus container sidecar (sh -c)', ['exec', 'thanos', 'sidecar', '--tsdb.path=/data', '--cluster.address=0.0.0.0:10900',
      '--prometheus.url=http://localhost:9090', '--cluster.peers=thanos-peers.monitoring.svc:10900']],
  ]);
  const out = removeGossip(f);
  assert.equal(out, fixture('shell-c/expected/k8s-block.yaml.removed'));
  assert.deepEqual(podOf(out).containers[0]!.args,
    ['set -e\nexec thanos sidecar \\\n  --tsdb.path=/data \\\n  --prometheus.url=http://localhost:9090\n']);
  // adding a flag after the last word that stays: a new continuation line at the block's indentation
  const sd = migrate(f, v('--store.sd-files=/x/sd.yaml'));
  assert.equal(sd, fixture('shell-c/expected/k8s-block.yaml.removed').replace(
    '--prometheus.url=http://localhost:9090\n', '--prometheus.url=http://localhost:9090 \\\n              --store.sd-files=/x/sd.yaml\n'));
  assert.deepEqual(podOf(sd).containers[0]!.args,
    ['set -e\nexec thanos sidecar \\\n  --tsdb.path=/data \\\n  --prometheus.url=http://localhost:9090 \\\n  --store.sd-files=/x/sd.yaml\n']);
});

test('block script: lines inside, the whole command, `|-` at the end of a file without final newline, CRLF', () => {
  const mid = src(POD('    command: [sh, -c]\n    args:\n    - |-\n      thanos query \\\n        --cluster.peers=a:10900 --cluster.address=0.0.0.0:10900 \\\n        --http-address=0.0.0.0:10902\n    ports: []\n'));
  assert.equal(removeGossip(mid), POD('    command: [sh, -c]\n    args:\n    - |-\n      thanos query \\\n        --http-address=0.0.0.0:10902\n    ports: []\n'));
  const two = src(POD('    command: [sh, -c]\n    args:\n    - |\n      thanos query --cluster.peers=a:10900 \\\n        --log.level=info &\n      wait\n'));
  const twoOut = removeGossip(two);
  assert.equal(twoOut, POD('    command: [sh, -c]\n    args:\n    - |\n      thanos query \\\n        --log.level=info &\n      wait\n'));
  assert.deepEqual(podOf(twoOut).containers[0]!.args, ['thanos query \\\n  --log.level=info &\nwait\n']);
  const trailer = src(POD('    command: [sh, -c]\n    args:\n    - |\n      thanos query \\\n        --cluster.peers=a:10900 &\n      wait\n'));
  assert.equal(removeGossip(trailer), POD('    command: [sh, -c]\n    args:\n    - |\n      thanos query &\n      wait\n'));
  const eof = src(POD('    command:\n    - sh\n    - -c\n    - |-\n      thanos query \\\n        --cluster.peers=a:10900'));
  const eofOut = removeGossip(eof);
  assert.equal(eofOut, POD('    command:\n    - sh\n    - -c\n    - |-\n      thanos query'));
  assert.deepEqual(podOf(eofOut).containers[0]!.command, ['sh', '-c', 'thanos query']);
  const crlf = src(POD('    command: ["sh", "-c"]\n    args:\n    - |\n      thanos query \\\n        --http-address=0.0.0.0:10902 \\\n        --cluster.peers=a:10900\n', '\r\n'));
  const crlfOut = migrate(crlf, v('--store.sd-files=/x.yaml'));
  assert.equal(crlfOut, POD('    command: ["sh", "-c"]\n    args:\n    - |\n      thanos query \\\n        --http-address=0.0.0.0:10902 \\\n        --store.sd-files=/x.yaml\n', '\r\n'));
  assert.deepEqual(podOf(crlfOut).containers[0]!.args, ['thanos query \\\n  --http-address=0.0.0.0:10902 \\\n  --store.sd-files=/x.yaml\n']);
});

test('compose: entrypoint ["sh", "-c"] + command list, `sh -c "<script>"` string, entrypoint string + block script', () => {
  const f = src(fixture('shell-c/compose.yml'), 'compose', 'docker-compose.yml');
  const r = read(f);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.carriers.map((c) => [c.kind, c.context, c.words.map((w) => w.value)]), [
    ['yaml-string', { kind: 'compose', label: 'compose service sidecar (sh -c)', service: 'sidecar', hostGroup: 'compose:docker-compose.yml#sidecar' },
      ['thanos', 'sidecar', '--cluster.peers=query:10900', '--tsdb.path=/data']],
    ['yaml-string', { kind: 'compose', label: 'compose service query (sh -c)', service: 'query', hostGroup: 'compose:docker-compose.yml#query' },
      ['thanos', 'query', '--cluster.peers=sidecar:10900', '--http-address=0.0.0.0:10902']],
    ['yaml-string', { kind: 'compose', label: 'compose service rule (sh -c)', service: 'rule', hostGroup: 'compose:docker-compose.yml#rule' },
      ['exec', 'thanos', 'rule', '--data-dir=/data', '--cluster.peers=query:10900', '--eval-interval=30s']],
  ]);
  const out = removeGossip(f);
  assert.equal(out, fixture('shell-c/expected/compose.yml.removed'));
  const svc = (load(out) as { services: Record<string, { command: unknown }> }).services;
  assert.deepEqual(svc.sidecar!.command, ['thanos sidecar --tsdb.path=/data']);
  assert.equal(svc.query!.command, 'sh -c "thanos query --http-address=0.0.0.0:10902"');
  assert.deepEqual(svc.rule!.command, ['exec thanos rule --data-dir=/data \\\n  --eval-interval=30s']);
  const sd = migrate(f, [{ raw: '--store.sd-files="/etc/thanos/sd.yaml"' }]);
  const sds = (load(sd) as { services: Record<string, { command: unknown }> }).services;
  assert.deepEqual(sds.sidecar!.command, ['thanos sidecar --tsdb.path=/data --store.sd-files="/etc/thanos/sd.yaml"']);
  assert.equal(sds.query!.command, 'sh -c "thanos query --http-address=0.0.0.0:10902 --store.sd-files=\\"/etc/thanos/sd.yaml\\""');
});

test('compose: entrypoint ["sh", "-c"] + command string runs only its first word: a problem', () => {
  const text = 'services:\n  side:\n    image: improbable/thanos:v0.3.2\n    entrypoint: ["sh", "-c"]\n    command: "thanos sidecar --cluster.peers=q:10900 --tsdb.path=/data"\n';
  const r = read(src(text, 'compose'));
  assert.equal(r.carriers.length, 0);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.message, /^sh -c in compose service side runs only `thanos` as its script; the words after it become the script's \$0, \$1/);
});

test('scripts that do not map 1:1 onto the file are problems (when they mention Thanos)', () => {
  const esc = POD('    command: ["sh", "-c", "thanos query --cluster.peers=\\"a:10900\\" --http-address=0.0.0.0:10902"]\n');
  const r = read(src(esc));
  assert.equal(r.carriers.length, 0);
  assert.deepEqual(r.problems.map((p) => p.message), ['cannot map the sh -c script of Pod/p container q onto the file; edit it by hand']);
  const start = esc.indexOf('"thanos');
  assert.deepEqual(r.problems[0]!.span, { start, end: esc.indexOf('"]\n') + 1 });
  const others = [
    POD("    command: ['sh', '-c', 'thanos query --cluster.peers=''a:10900''']\n"), // '' in single quotes
    POD('    command: [sh, -c]\n    args:\n    - >\n      thanos query\n      --cluster.peers=a:10900\n'), // folded
    POD('    command: [sh, -c]\n    args:\n    - "thanos query\n      --cluster.peers=a:10900"\n'), // folded double-quoted
    POD('    command: [sh, -c]\n    args:\n    - |\n      thanos query --label="a\n        b" --cluster.peers=a:10900\n'), // a word across lines sees the indentation
    POD('    command: [sh, -c]\n    args:\n    - |\n      cat <<EOF > /x\n      a\n      EOF\n      thanos query --cluster.peers=a:10900\n'), // heredoc body indented
  ];
  for (const t of others) {
    const o = read(src(t));
    assert.equal(o.carriers.length, 0, t);
    assert.deepEqual(o.problems.map((p) => p.message), ['cannot map the sh -c script of Pod/p container q onto the file; edit it by hand'], t);
  }
  const quote = read(src(POD('    command: ["sh", "-c", "thanos query \'--x"]\n')));
  assert.deepEqual(quote.problems.map((p) => p.message), ['sh -c script of Pod/p container q: unterminated single quote']);
  // a script not about Thanos in a non-Thanos image is nobody's business
  const other = read(src(POD('    command: [sh, -c, "echo \\"hi\\""]\n').replace('improbable/thanos:v0.3.2', 'busybox')));
  assert.deepEqual([other.carriers, other.problems], [[], []]);
});

test('inserting into quoted and plain scalars keeps the YAML valid', () => {
  const sq = src(POD("    command: ['sh', '-c', 'thanos query --cluster.peers=a:10900']\n"));
  const sqOut = migrate(sq, [{ raw: "--store.sd-files='/sd.yaml'" }]);
  assert.equal(sqOut, POD("    command: ['sh', '-c', 'thanos query --store.sd-files=''/sd.yaml''']\n"));
  assert.deepEqual(podOf(sqOut).containers[0]!.command, ['sh', '-c', "thanos query --store.sd-files='/sd.yaml'"]);
  const dq = src(POD('    command: ["sh", "-c", "thanos query --cluster.peers=a:10900"]\n'));
  assert.deepEqual(podOf(migrate(dq, v('a b'))).containers[0]!.command, ['sh', '-c', "thanos query 'a b'"]);
  assert.deepEqual(podOf(migrate(dq, [{ raw: '"a\\b"' }])).containers[0]!.command, ['sh', '-c', 'thanos query "a\\b"']);
  // a plain scalar in a flow sequence cannot take `, `: it becomes double-quoted
  const pl = src(POD('    command: [sh, -c, thanos query --cluster.peers=a:10900]\n'));
  const plOut = migrate(pl, [{ raw: '--x=a,b' }]);
  assert.equal(plOut, POD('    command: [sh, -c, "thanos query --x=a,b"]\n'));
  assert.deepEqual(podOf(migrate(pl, v('--store.sd-files=/sd.yaml'))).containers[0]!.command, ['sh', '-c', 'thanos query --store.sd-files=/sd.yaml']);
  const block = src(POD('    args:\n    - sh\n    - -c\n    - thanos query --cluster.peers=a:10900 # run it\n'));
  assert.equal(migrate(block, [{ raw: '--x=#y' }]), POD('    args:\n    - sh\n    - -c\n    - thanos query --x=#y # run it\n'));
});

test('shell loops inside the script are kept as carrier loops', () => {
  const f = src(POD('    command: [sh, -c]\n    args:\n    - |\n      for i in 1 2; do\n        thanos sidecar --cluster.peers=p$i:10900 &\n      done\n      wait\n'));
  const c = thanos(f)[0]!;
  assert.deepEqual(c.loops, [{ variable: 'i', values: ['1', '2'] }]);
  assert.equal(removeGossip(f), POD('    command: [sh, -c]\n    args:\n    - |\n      for i in 1 2; do\n        thanos sidecar &\n      done\n      wait\n'));
});
