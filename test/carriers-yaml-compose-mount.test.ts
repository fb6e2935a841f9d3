// mountComposeFile: exact bytes of the `volumes:` entry it adds to a compose
// service, alone and together with the service carrier's own edits (gossip
// flags removed, the SD flag inserted), which must never tie with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { readYamlCarriers, mountComposeFile } from '../src/carriers/yaml/index.js';
import type { ArgvCarrier, Edit, SourceFile } from '../src/model.js';
import { applyEdits, fixture, src } from './carriers-yaml-helpers.js';

const HOST = './thanos-store-sd.yaml';
const CTR = '/etc/thanos/thanos-store-sd.yaml';
const ENTRY = `${HOST}:${CTR}:ro`;
const FLAG = `--store.sd-files=${CTR}`;

function carrierOf(file: SourceFile, service: string): ArgvCarrier {
  const r = readYamlCarriers(file);
  assert.deepEqual(r.problems, []);
  const c = r.carriers.find((k) => k.context.kind === 'compose' && k.context.service === service);
  assert.ok(c, service);
  return c;
}

function mount(c: ArgvCarrier): Edit[] {
  const m = mountComposeFile(c, HOST, CTR);
  assert.ok(Array.isArray(m), JSON.stringify(m));
  return m;
}

/** No two insertions at one point, and no insertion inside what another edit cuts. */
function assertNoTies(edits: Edit[]): void {
  const points = edits.filter((e) => e.span.start === e.span.end).map((e) => e.span.start);
  assert.equal(new Set(points).size, points.length, `tied insertions at ${points.join(',')}`);
  for (const p of points) {
    for (const e of edits) assert.ok(!(e.span.start < p && p < e.span.end), `insertion at ${p} inside ${e.span.start}-${e.span.end}`);
  }
}

/** The whole migration of one service: mount, remove `--cluster.*`, add the SD flag after the last word that stays. */
function migrate(file: SourceFile, service: string): string {
  const c = carrierOf(file, service);
  const gone = c.words.filter((w) => w.value.startsWith('--cluster.'));
  const staying = c.words.filter((w) => !gone.includes(w));
  const edits = [
    ...mount(c),
    ...c.editor.removeWords(gone),
    ...c.editor.insertAfter(staying[staying.length - 1]!, [{ value: FLAG }]),
  ];
  assertNoTies(edits);
  return applyEdits(file.text, edits);
}

type Svc = { volumes?: unknown[]; command?: unknown };
const services = (text: string): Record<string, Svc> => (load(text) as { services: Record<string, Svc> }).services;

test('list command as last key: volumes goes before it (after it is where the SD flag goes)', () => {
  const f = src(fixture('compose-mount/list-command.yml'), 'compose', 'docker-compose.yml');
  const c = carrierOf(f, 'query');
  assert.equal(applyEdits(f.text, mount(c)), f.text.replace('    command:\n      - query', `    volumes:\n      - ${ENTRY}\n    command:\n      - query`));
  const out = migrate(f, 'query');
  assert.equal(out, fixture('compose-mount/expected/list-command.yml'));
  const q = services(out).query!;
  assert.deepEqual(q.volumes, [ENTRY]);
  assert.deepEqual(q.command, ['query', '--http-address=0.0.0.0:10902', FLAG]);
  assert.deepEqual(services(out).sidecar, services(f.text).sidecar);
});

test('string command: volumes goes after it, in the file style', () => {
  const f = src(fixture('compose-mount/string-command.yml'), 'compose', 'docker-compose.yml');
  const out = migrate(f, 'query');
  assert.equal(out, fixture('compose-mount/expected/string-command.yml'));
  assert.deepEqual(services(out).query, {
    image: 'quay.io/thanos/thanos:v0.3.2',
    command: `query --http-address=0.0.0.0:10902 ${FLAG}`,
    volumes: [ENTRY],
  });
});

test('existing short-syntax volumes: appended with their dash gap and quotes', () => {
  const f = src(fixture('compose-mount/short-volumes.yml'), 'compose', 'docker-compose.yml');
  const out = migrate(f, 'query');
  assert.equal(out, fixture('compose-mount/expected/short-volumes.yml'));
  assert.deepEqual(services(out).query, {
    image: 'quay.io/thanos/thanos:v0.3.2',
    volumes: ['./query-data:/data', '/etc/localtime:/etc/localtime:ro', ENTRY],
    command: ['query', '--http-address=0.0.0.0:10902', FLAG],
  });
});

test('existing long-syntax volumes: a short-syntax item is appended', () => {
  const f = src(fixture('compose-mount/long-volumes.yml'), 'compose', 'docker-compose.yml');
  const out = migrate(f, 'query');
  assert.equal(out, fixture('compose-mount/expected/long-volumes.yml'));
  assert.deepEqual(services(out).query!.volumes, [{ type: 'bind', source: './query-data', target: '/data' }, ENTRY]);
});

test('flow volumes: one-line and one-item-per-line', () => {
  const f = src(fixture('compose-mount/flow-volumes.yml'), 'compose', 'docker-compose.yml');
  const q = migrate(f, 'query');
  const s = migrate(src(q, 'compose', 'docker-compose.yml'), 'store');
  assert.equal(s, fixture('compose-mount/expected/flow-volumes.yml'));
  assert.deepEqual(services(s).query!.volumes, ['./query-data:/data', ENTRY]);
  assert.deepEqual(services(s).store!.volumes, ['./store-data:/data', ENTRY]);
  assert.equal(services(s).store!.command, `store ${FLAG}`);
});

test('no volumes: empty key, empty flow, flow service mapping', () => {
  const head = 'services:\n  query:\n    image: thanos\n';
  const cmd = '    command: ["query"]\n';
  const empty = src(`${head}    volumes:\n${cmd}`, 'compose');
  assert.equal(applyEdits(empty.text, mount(carrierOf(empty, 'query'))), `${head}    volumes:\n    - ${ENTRY}\n${cmd}`);
  const ports = '    ports:\n      - "10902:10902"\n';
  const emptyFlow = src(`${head}${ports}    volumes: []  # none yet\n${cmd}`, 'compose');
  assert.equal(applyEdits(emptyFlow.text, mount(carrierOf(emptyFlow, 'query'))),
    `${head}${ports}    volumes:  # none yet\n      - ${ENTRY}\n${cmd}`);
  const flowMap = src('services:\n  query: {image: thanos, command: [query, --cluster.peers=a:10900]}\n', 'compose');
  const out = migrate(flowMap, 'query');
  assert.equal(out, `services:\n  query: {image: thanos, command: [query, ${FLAG}], volumes: [${ENTRY}]}\n`);
});

test('CRLF: the entry and the new key use CRLF', () => {
  const lf = 'services:\n  query:\n    image: thanos\n    command:\n      - query\n      - --cluster.peers=s:10900\n    networks: [east]\n';
  const f = src(lf.replace(/\n/g, '\r\n'), 'compose');
  const out = migrate(f, 'query');
  assert.equal(out, `services:\n  query:\n    image: thanos\n    command:\n      - query\n      - ${FLAG}\n    networks: [east]\n    volumes:\n      - ${ENTRY}\n`.replace(/\n/g, '\r\n'));
  assert.deepEqual(services(out).query!.volumes, [ENTRY]);
  const short = src('services:\r\n  q:\r\n    volumes:\r\n      - ./a:/a\r\n    command: query\r\n', 'compose');
  assert.equal(applyEdits(short.text, mount(carrierOf(short, 'q'))),
    `services:\r\n  q:\r\n    volumes:\r\n      - ./a:/a\r\n      - ${ENTRY}\r\n    command: query\r\n`);
});

test('no final newline: kept', () => {
  const f = src('services:\n  query:\n    image: thanos\n    command: query --cluster.peers=s:10900\n  other:\n    image: x', 'compose');
  const out = migrate(f, 'query');
  assert.equal(out, `services:\n  query:\n    image: thanos\n    command: query ${FLAG}\n    volumes:\n    - ${ENTRY}\n  other:\n    image: x`);
  // the end of the file is where the SD flag goes, and the line before the command may be cut with it: the key goes first
  const last = src('services:\n  query:\n    image: thanos\n    command: query --cluster.peers=s:10900', 'compose');
  assert.equal(migrate(last, 'query'), `services:\n  query:\n    volumes:\n    - ${ENTRY}\n    image: thanos\n    command: query ${FLAG}`);
  const list = src('services:\n  query:\n    image: thanos\n    command:\n      - query\n      - --cluster.peers=s:10900', 'compose');
  const out2 = migrate(list, 'query');
  assert.equal(out2, `services:\n  query:\n    volumes:\n      - ${ENTRY}\n    image: thanos\n    command:\n      - query\n      - ${FLAG}`);
  const vols = src('services:\n  q:\n    command: query\n    volumes:\n      - ./a:/a', 'compose');
  assert.equal(applyEdits(vols.text, mount(carrierOf(vols, 'q'))), `services:\n  q:\n    command: query\n    volumes:\n      - ./a:/a\n      - ${ENTRY}`);
});

test('a command emptied of gossip loses its key; the mount does not collide with that', () => {
  const f = src('services:\n  q:\n    entrypoint: ["thanos", "query"]\n    command:\n      - --cluster.peers=a:10900\n', 'compose');
  const c = carrierOf(f, 'q');
  const edits = [...mount(c), ...c.editor.removeWords(c.words.filter((w) => w.value.startsWith('--cluster.')))];
  assertNoTies(edits);
  const out = applyEdits(f.text, edits);
  assert.deepEqual(services(out).q, { entrypoint: ['thanos', 'query'], volumes: [ENTRY] });
});

test('idempotent: [] once an entry targets the container path', () => {
  const f = src(fixture('compose-mount/list-command.yml'), 'compose');
  const once = src(applyEdits(f.text, mount(carrierOf(f, 'query'))), 'compose');
  assert.deepEqual(mountComposeFile(carrierOf(once, 'query'), HOST, CTR), []);
  const other = src(`services:\n  q:\n    volumes: ["./sd/store.yaml:${CTR}:ro"]\n    command: query\n`, 'compose');
  assert.deepEqual(mountComposeFile(carrierOf(other, 'q'), HOST, CTR), []);
  const long = src(`services:\n  q:\n    volumes:\n      - type: bind\n        source: thanos-store-sd.yaml\n        target: ${CTR}\n        read_only: true\n    command: query\n`, 'compose');
  assert.deepEqual(mountComposeFile(carrierOf(long, 'q'), HOST, CTR), []);
});

test('problems: another long-syntax source at the path, non-compose carriers, odd volumes', () => {
  const vol = src(`services:\n  q:\n    volumes:\n      - type: volume\n        source: sd\n        target: ${CTR}\n    command: query\n`, 'compose');
  assert.match((mountComposeFile(carrierOf(vol, 'q'), HOST, CTR) as { problem: string }).problem,
    /compose service q: \/etc\/thanos\/thanos-store-sd.yaml already has volume volume sd mounted/);
  const k8s = src('kind: Pod\napiVersion: v1\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: q\n    image: thanos\n    args: [query]\n');
  const kc = readYamlCarriers(k8s).carriers[0]!;
  assert.match((mountComposeFile(kc, HOST, CTR) as { problem: string }).problem, /not a docker-compose service/);
  const odd = src('services:\n  q:\n    volumes: ./a:/a\n    command: query\n', 'compose');
  assert.match((mountComposeFile(carrierOf(odd, 'q'), HOST, CTR) as { problem: string }).problem, /`volumes` is not a sequence/);
});

test('sh -c service carriers get the mount too', () => {
  const f = src('services:\n  q:\n    image: thanos\n    entrypoint: ["sh", "-c"]\n    command:\n      - |\n        thanos query \\\n          --cluster.peers=s:10900\n', 'compose');
  const out = migrate(f, 'q');
  assert.equal(out, `services:\n  q:\n    image: thanos\n    entrypoint: ["sh", "-c"]\n    volumes:\n      - ${ENTRY}\n    command:\n      - |\n        thanos query \\\n          ${FLAG}\n`);
  assert.deepEqual(services(out).q!.command, [`thanos query \\\n  ${FLAG}\n`]);
});
