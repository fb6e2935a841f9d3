// A kustomize strategic merge patch names a container by name and gives it
// args alone; kustomize runs it with the image of the base's container of
// that name. These pin which patches take which image (and which do not),
// that each overlay's patch is a process of its own overlay's namespace and
// mesh, and that discovery goes into the patch as flags. The real build of
// such a tree is in e2e/consumers.test.ts (fixtures/cases/kustomize-overlays).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planMigration, type SourceFile } from '../src/index.js';
import { DEFAULT_MIGRATION_OPTIONS } from '../src/options.js';
import { migrationOptions } from '../src/raw-options.js';
import { detectKind } from '../src/sources/detect.js';

const yaml = (path: string, text: string): SourceFile => ({ path, text, kind: 'yaml' });

const base = (image: string, extra = '') =>
  yaml(
    'base/query.yaml',
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: thanos-query\nspec:\n  template:\n    spec:\n      containers:\n      - name: query\n        image: ${image}\n${extra}        args:\n        - query\n        - --log.level=info\n`,
  );
const baseKustomization = yaml('base/kustomization.yaml', 'resources:\n- query.yaml\n');
const overlay = (env: string, patches = 'patchesStrategicMerge:\n- query-patch.yaml\n', bases = 'bases:\n- ../../base\n') =>
  yaml(`overlays/${env}/kustomization.yaml`, `namespace: mon-${env}\n${bases}${patches}`);
const patch = (env: string, name = 'thanos-query') =>
  yaml(
    `overlays/${env}/query-patch.yaml`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n      - name: query\n        args:\n        - query\n        - --cluster.peers=thanos-peers.mon-${env}.svc:10900\n`,
  );

const plan = (files: SourceFile[], raw: Parameters<typeof migrationOptions>[0] = {}) => planMigration(files, { ...DEFAULT_MIGRATION_OPTIONS, ...migrationOptions(raw), sdPath: undefined }, () => null);

/** How each patch file's container was taken: `path: identifiedBy`, or `path: manual` when its gossip flag is left to a human. */
function patchIdentities(files: SourceFile[]): string[] {
  const result = plan(files);
  const patches = files.filter((file) => file.path.endsWith('-patch.yaml'));
  return patches.map((file) => {
    const invocation = result.invocations.find((entry) => entry.carrier.file === file);
    if (invocation) return `${file.path}: ${invocation.identifiedBy}`;
    const manual = result.findings.find((finding) => finding.file === file && finding.ruleId === 'gossip-flag-manual');
    return `${file.path}: ${manual ? 'manual' : 'nothing'}`;
  });
}

test('a patch container without an image runs the image of the base container it patches', () => {
  assert.deepEqual(patchIdentities([base('improbable/thanos:v0.3.2'), baseKustomization, overlay('prod'), patch('prod')]), [
    'overlays/prod/query-patch.yaml: image improbable/thanos:v0.3.2 of base/query.yaml Deployment/thanos-query container query, which this kustomize patch patches',
  ]);
});

test('patches: entries with a target, and resources: naming the base directory, are followed too', () => {
  const files = [base('quay.io/thanos/thanos:v0.4.0'), baseKustomization, overlay('prod', 'patches:\n- path: query-patch.yaml\n  target:\n    kind: Deployment\n    name: thanos-query\n', 'resources:\n- ../../base\n'), patch('prod', 'anything')];
  assert.deepEqual(patchIdentities(files), [
    'overlays/prod/query-patch.yaml: image quay.io/thanos/thanos:v0.4.0 of base/query.yaml Deployment/thanos-query container query, which this kustomize patch patches',
  ]);
});

test('a patch is read as it stands when its base sets a command, when two builds disagree on the image, or when no kustomization applies it', () => {
  const withCommand = base('improbable/thanos:v0.3.2', '        command: ["/bin/sh", "-c"]\n');
  assert.deepEqual(patchIdentities([withCommand, baseKustomization, overlay('prod'), patch('prod')]), ['overlays/prod/query-patch.yaml: manual']);
  // One patch file applied by two overlays whose bases run different images.
  const shared = yaml('patches/query-patch.yaml', patch('x').text);
  const other = yaml('base-b/query.yaml', base('example/not-thanos:1').text);
  const disagreeing = [base('improbable/thanos:v0.3.2'), baseKustomization, other, yaml('base-b/kustomization.yaml', 'resources:\n- query.yaml\n'), yaml('a/kustomization.yaml', 'bases:\n- ../base\npatchesStrategicMerge:\n- ../patches/query-patch.yaml\n'), yaml('b/kustomization.yaml', 'bases:\n- ../base-b\npatchesStrategicMerge:\n- ../patches/query-patch.yaml\n'), shared];
  assert.deepEqual(patchIdentities(disagreeing), ['patches/query-patch.yaml: manual']);
  assert.deepEqual(patchIdentities([base('improbable/thanos:v0.3.2'), baseKustomization, patch('prod')]), ['overlays/prod/query-patch.yaml: manual']);
});

test('kustomizations that build on each other in a cycle end (kustomize refuses them; the tool reads on)', () => {
  const files = [base('improbable/thanos:v0.3.2'), yaml('base/kustomization.yaml', 'resources:\n- query.yaml\n- ../overlays/prod\n'), overlay('prod'), patch('prod')];
  assert.deepEqual(patchIdentities(files), [
    'overlays/prod/query-patch.yaml: image improbable/thanos:v0.3.2 of base/query.yaml Deployment/thanos-query container query, which this kustomize patch patches',
  ]);
});

test("each overlay's patch is a Querier of its overlay's namespace and mesh, wired with flags in the patch itself", () => {
  const files = [base('improbable/thanos:v0.3.2'), baseKustomization, overlay('prod'), patch('prod'), overlay('staging'), patch('staging')];
  const result = plan(files, { storeEndpoint: ['mon-prod/deployment/thanos-query=store.mon-prod.svc:10901', 'mon-staging/deployment/thanos-query=store.mon-staging.svc:10901'] });
  const names = result.consumers.map((entry) => `${entry.name.name} mesh ${entry.mesh?.id}`);
  assert.deepEqual(names, ['mon-prod/deployment/thanos-query mesh 1', 'mon-staging/deployment/thanos-query mesh 2']);
  const after = new Map(result.changes.map((change) => [change.path, change.after]));
  // No ConfigMap document beside the patch: kustomize would take it for a patch of a ConfigMap the build lacks.
  assert.equal(after.get('overlays/prod/query-patch.yaml'), patch('prod').text.replace('--cluster.peers=thanos-peers.mon-prod.svc:10900', '--store=store.mon-prod.svc:10901'));
  assert.equal(after.get('overlays/staging/query-patch.yaml'), patch('staging').text.replace('--cluster.peers=thanos-peers.mon-staging.svc:10900', '--store=store.mon-staging.svc:10901'));
  assert.deepEqual(result.sdFiles, []);
});

test('a patch that names its own image is still wired in the patch, not beside it', () => {
  const ownImage = yaml('overlays/prod/query-patch.yaml', patch('prod').text.replace('      - name: query\n', '      - name: query\n        image: improbable/thanos:v0.3.2\n'));
  const result = plan([overlay('prod', 'patchesStrategicMerge:\n- query-patch.yaml\n', ''), ownImage], { storeEndpoint: ['store.mon-prod.svc:10901'] });
  const after = result.changes.find((change) => change.path === ownImage.path)?.after;
  assert.equal(after, ownImage.text.replace('--cluster.peers=thanos-peers.mon-prod.svc:10900', '--store=store.mon-prod.svc:10901'));
});

const jsonOps = (path: string, ops: string) => yaml(path, ops);
const argsOp = (env: string, path = '/spec/template/spec/containers/0/args') =>
  `- op: replace\n  path: ${path}\n  value:\n  - query\n  - --cluster.peers=thanos-peers.mon-${env}.svc:10900\n`;
const jsonOverlay = (env: string, file = 'query-args.yaml') =>
  yaml(`overlays/${env}/kustomization.yaml`, `namespace: mon-${env}\nbases:\n- ../../base\npatchesJson6902:\n- target:\n    group: apps\n    version: v1\n    kind: Deployment\n    name: thanos-query\n  path: ${file}\n`);

/** `path: identifiedBy` of the JSON patch files' invocations, or `manual`. */
function opIdentities(files: SourceFile[]): string[] {
  const result = plan(files);
  return files.filter((file) => file.path.endsWith('-args.yaml')).map((file) => {
    const invocation = result.invocations.find((entry) => entry.carrier.file === file);
    if (invocation) return `${file.path}: ${invocation.carrier.context.label}; ${invocation.identifiedBy}`;
    return `${file.path}: ${result.findings.some((finding) => finding.file === file && finding.ruleId === 'gossip-flag-manual') ? 'manual' : 'nothing'}`;
  });
}

test("a JSON patch op that sets a container's args is that container of the kustomization's target, with its base's image", () => {
  const files = [base('improbable/thanos:v0.3.2'), baseKustomization, jsonOverlay('prod'), jsonOps('overlays/prod/query-args.yaml', argsOp('prod'))];
  assert.deepEqual(opIdentities(files), [
    'overlays/prod/query-args.yaml: Deployment/thanos-query container query (JSON patch op at line 1 (/spec/template/spec/containers/0/args)); image improbable/thanos:v0.3.2 of base/query.yaml Deployment/thanos-query container query, which this kustomize patch patches',
  ]);
  const result = plan(files, { storeEndpoint: ['mon-prod/deployment/thanos-query=store.mon-prod.svc:10901'] });
  assert.equal(result.changes.find((change) => change.path === 'overlays/prod/query-args.yaml')?.after, argsOp('prod').replace('--cluster.peers=thanos-peers.mon-prod.svc:10900', '--store=store.mon-prod.svc:10901'));
});

test('a JSON patch op stays a command line of its own when no kustomization targets it, when the base has no container at its index, or when it adds one flag', () => {
  const files = (ops: string, overlay = jsonOverlay('prod')) => [base('improbable/thanos:v0.3.2'), baseKustomization, overlay, jsonOps('overlays/prod/query-args.yaml', ops)];
  assert.deepEqual(opIdentities(files(argsOp('prod'), yaml('overlays/prod/kustomization.yaml', 'bases:\n- ../../base\n'))), ['overlays/prod/query-args.yaml: manual']);
  assert.deepEqual(opIdentities(files(argsOp('prod', '/spec/template/spec/containers/1/args'))), ['overlays/prod/query-args.yaml: manual']);
  const addOne = '- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: --cluster.peers=thanos-peers.mon-prod.svc:10900\n';
  assert.deepEqual(opIdentities(files(addOne)), ['overlays/prod/query-args.yaml: manual']);
});

/** The consumers' names, mesh ids and endpoints, one line each. */
function consumerLines(files: SourceFile[], raw: Parameters<typeof migrationOptions>[0] = {}): string[] {
  return plan(files, raw).consumers.map((entry) => `${entry.name.name} mesh ${entry.mesh?.id}${entry.mesh?.openings.length ? ' (open)' : ''}: ${entry.endpoints.map((endpoint) => `${endpoint.address} ${endpoint.confidence}`).join(', ')}`);
}

const namespacedBase = [
  yaml('base/query.yaml', base('improbable/thanos:v0.3.2').text.replace('  name: thanos-query\n', '  name: thanos-query\n  namespace: monitoring\n').replace('        - --log.level=info\n', '        - --cluster.peers=thanos-peers:10900\n').replace('    spec:\n      containers', '    metadata:\n      labels:\n        thanos-peer: "true"\n    spec:\n      containers')),
  yaml('base/store.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: thanos-store\n  namespace: monitoring\nspec:\n  serviceName: thanos-store\n  template:\n    metadata:\n      labels:\n        app: thanos-store\n        thanos-peer: "true"\n    spec:\n      containers:\n      - name: store\n        image: improbable/thanos:v0.3.2\n        args: [store, --cluster.peers=thanos-peers:10900]\n        ports:\n        - name: grpc\n          containerPort: 10901\n'),
  yaml('base/services.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: thanos-peers\n  namespace: monitoring\nspec:\n  clusterIP: None\n  selector:\n    thanos-peer: "true"\n  ports:\n  - name: cluster\n    port: 10900\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: thanos-store\n  namespace: monitoring\nspec:\n  clusterIP: None\n  selector:\n    app: thanos-store\n  ports:\n  - name: grpc\n    port: 10901\n'),
  yaml('base/kustomization.yaml', 'resources:\n- query.yaml\n- store.yaml\n- services.yaml\n'),
];
const shortSeedPatch = (path: string, namespace = '') =>
  yaml(path, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: thanos-query\n${namespace}spec:\n  template:\n    spec:\n      containers:\n      - name: query\n        args:\n        - query\n        - --cluster.peers=thanos-peers:10900\n`);

test("a patch's short seeds never reach another environment's StoreAPIs: the kustomization's namespace wins over the patch's own", () => {
  // The patch says monitoring, as its base does; kustomize builds it into monitoring-prod.
  const files = [...namespacedBase, overlay('prod'), shortSeedPatch('overlays/prod/query-patch.yaml', '  namespace: monitoring\n')];
  // The base itself runs in monitoring built alone and in mon-prod built by the overlay, its Querier beside its Store: a name with no namespace.
  assert.deepEqual(consumerLines(files), ['base/query.yaml:deployment/thanos-query mesh 1: dnssrv+_grpc._tcp.thanos-store certain', 'mon-prod/deployment/thanos-query mesh 2 (open): ']);
});

test('a patch built into several namespaces (shared by overlays, or an overlay others build on) is in none, whatever --namespace says', () => {
  const shared = shortSeedPatch('patches/query-patch.yaml');
  const sharing = (env: string) => yaml(`overlays/${env}/kustomization.yaml`, `namespace: mon-${env}\nbases:\n- ../../base\npatchesStrategicMerge:\n- ../../patches/query-patch.yaml\n`);
  assert.deepEqual(consumerLines([...namespacedBase, sharing('prod'), sharing('staging'), shared], { namespace: 'monitoring' }), [
    'base/query.yaml:deployment/thanos-query mesh 1: dnssrv+_grpc._tcp.thanos-store certain',
    'patches/query-patch.yaml:deployment/thanos-query mesh 2 (open): ',
  ]);
  // overlays/prod is built alone into mon-prod, and by overlays/prod-eu into mon-prod-eu.
  const nested = [...namespacedBase, overlay('prod'), shortSeedPatch('overlays/prod/query-patch.yaml'), yaml('overlays/prod-eu/kustomization.yaml', 'namespace: mon-prod-eu\nresources:\n- ../prod\n')];
  assert.deepEqual(consumerLines(nested, { namespace: 'monitoring' }), [
    'base/query.yaml:deployment/thanos-query mesh 1: dnssrv+_grpc._tcp.thanos-store certain',
    'overlays/prod/query-patch.yaml:deployment/thanos-query mesh 2 (open): ',
  ]);
});

test('an initContainer of a patch takes no image from a container of the same name', () => {
  const init = yaml('overlays/prod/query-patch.yaml', patch('prod').text.replace('      containers:\n', '      initContainers:\n'));
  assert.deepEqual(patchIdentities([base('improbable/thanos:v0.3.2'), baseKustomization, overlay('prod'), init]), ['overlays/prod/query-patch.yaml: manual']);
});

// The same question for what a kustomization lists, not only for its patches:
// kustomize puts every object it builds into its `namespace:` and renames it
// by its namePrefix/nameSuffix, and a Querier's argv is not rewritten with it.
const plainBase = [
  yaml('base/query.yaml', namespacedBase[0]!.text.replace('  namespace: monitoring\n', '')),
  yaml('base/store.yaml', namespacedBase[1]!.text.replace('  namespace: monitoring\n', '')),
  yaml('base/services.yaml', namespacedBase[2]!.text.replaceAll('  namespace: monitoring\n', '')),
];
const listing = (namespace: string) => yaml('base/kustomization.yaml', `namespace: ${namespace}\nresources:\n- query.yaml\n- store.yaml\n- services.yaml\n`);
const unresolvedOf = (files: SourceFile[], raw: Parameters<typeof migrationOptions>[0] = {}) => plan(files, raw).consumers.flatMap((entry) => entry.unresolved.map((unresolved) => unresolved.missing));

test("an object a kustomization lists runs in the kustomization's namespace: no --namespace needed, and the ConfigMap beside it names none", () => {
  const files = [...plainBase, listing('monitoring')];
  const result = plan(files);
  assert.deepEqual(consumerLines(files), ['deployment/thanos-query mesh 1: dnssrv+_grpc._tcp.thanos-store.monitoring.svc certain']);
  assert.deepEqual(
    result.consumers[0]!.endpoints[0]!.provenance.map((p) => p.note),
    ['StatefulSet/thanos-store in namespace monitoring (the namespace: of base/kustomization.yaml)', 'Service thanos-store exposes grpc'],
  );
  const query = result.changes.find((change) => change.path === 'base/query.yaml')!.after;
  assert.match(query, /kind: ConfigMap\nmetadata:\n  name: thanos-query-store-sd\ndata:\n/);
});

test('an object that overlays build into other namespaces is reached with no namespace from what every build puts beside it, and asked for from anything else, whatever --namespace says', () => {
  const overlays = [yaml('overlays/prod/kustomization.yaml', 'namespace: prod\nresources:\n- ../../base\n'), yaml('overlays/staging/kustomization.yaml', 'namespace: staging\nresources:\n- ../../base\n')];
  const files = [...plainBase, listing('monitoring'), ...overlays];
  // Every build of base/ (alone, prod, staging) puts the Querier, the Store and its Service in one namespace: each resolves the short name in its own.
  assert.deepEqual(consumerLines(files, { namespace: 'monitoring' }), ['deployment/thanos-query mesh 1: dnssrv+_grpc._tcp.thanos-store certain']);
  assert.deepEqual(unresolvedOf(files, { namespace: 'monitoring' }), []);
  // overlays/prod also lists the Querier's file itself: it builds a Querier with no Store and no peers Service beside it,
  // so its seed reaches nothing there (its mesh is open) and the short name is not known to be right.
  const alsoListed = [...plainBase, listing('monitoring'), yaml('overlays/prod/kustomization.yaml', 'namespace: prod\nresources:\n- ../../base/query.yaml\n'), overlays[1]!];
  assert.deepEqual(consumerLines(alsoListed), ['deployment/thanos-query mesh 1 (open): ']);
  assert.deepEqual(plan(alsoListed).meshes.flatMap((mesh) => mesh.openings.map((opening) => `${opening.kind}: ${opening.reason}`)), [
    'service: Service thanos-peers (base/services.yaml) is built by base/kustomization.yaml, and this member by base/kustomization.yaml, overlays/prod/kustomization.yaml: some build runs it without that Service, and the tool does not build kustomizations',
  ]);
  // A pod that does not resolve in its namespace (dnsPolicy: Default uses the node's resolver) gets no short name either.
  const nodeDns = [yaml('base/query.yaml', plainBase[0]!.text.replace('    spec:\n      containers', '    spec:\n      dnsPolicy: Default\n      containers')), plainBase[1]!, plainBase[2]!, listing('monitoring'), ...overlays];
  assert.deepEqual(consumerLines(nodeDns), ['deployment/thanos-query mesh 1: ']);
  // One overlay, the base's own namespace, but a prefix: thanos-store is prod-thanos-store there.
  const renamed = [...plainBase, listing('monitoring'), yaml('overlays/prod/kustomization.yaml', 'namePrefix: prod-\nresources:\n- ../../base\n')];
  assert.deepEqual(unresolvedOf(renamed), [
    'its name: overlays/prod/kustomization.yaml renames what it builds (namePrefix, nameSuffix, or a patch of metadata/name), so StatefulSet/thanos-store runs under another name, and the tool does not build kustomizations',
  ]);
  // The mesh stays one and closed: the peers Service is built with its members wherever they go.
  assert.equal(plan(files).meshes.filter((mesh) => mesh.openings.length > 0).length, 0);
});

test('components are built into their overlays, a Service that a build renames is asked for, and namespace: "" sets none', () => {
  // A Component is built into each overlay that names it: prod and staging here, never the namespace the objects name.
  const component = [...plainBase.map((file) => yaml(file.path.replace('base/', 'components/thanos/'), file.text)), yaml('components/thanos/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- query.yaml\n- store.yaml\n- services.yaml\n')];
  const including = ['prod', 'staging'].map((env) => yaml(`overlays/${env}/kustomization.yaml`, `namespace: ${env}\ncomponents:\n- ../../components/thanos\n`));
  assert.deepEqual(consumerLines([...component, ...including], { namespace: 'monitoring' }), ['deployment/thanos-query mesh 1: dnssrv+_grpc._tcp.thanos-store certain']);
  // The StatefulSet keeps its name; the Service it is reached by does not (an inline JSON patch of its metadata/name).
  const renamingPatch = yaml('base/kustomization.yaml', 'namespace: mon\nresources:\n- query.yaml\n- store.yaml\n- services.yaml\npatches:\n- target: {kind: Service, name: thanos-store}\n  patch: |-\n    - op: replace\n      path: /metadata/name\n      value: thanos-store-grpc\n');
  assert.deepEqual(unresolvedOf([...plainBase, renamingPatch]), [
    'its name: base/kustomization.yaml renames what it builds (namePrefix, nameSuffix, or a patch of metadata/name), so StatefulSet/thanos-store runs under another name, and the tool does not build kustomizations',
  ]);
  const services = yaml('svc/services.yaml', plainBase[2]!.text);
  const renamedService = [plainBase[0]!, plainBase[1]!, services, yaml('base/kustomization.yaml', 'namespace: mon\nresources:\n- query.yaml\n- store.yaml\n'), yaml('svc/kustomization.yaml', 'namespace: mon\nnamePrefix: x-\nresources:\n- services.yaml\n'), yaml('top/kustomization.yaml', 'resources:\n- ../base\n- ../svc\n')];
  assert.deepEqual(unresolvedOf(renamedService), [
    'the name of Service thanos-store: svc/kustomization.yaml renames what it builds (namePrefix, nameSuffix, or a patch of metadata/name), and the tool does not build kustomizations',
  ]);
  // kustomize reads namespace: "" as none: the objects keep theirs, and --namespace places them.
  assert.deepEqual(consumerLines([...plainBase, listing('""')], { namespace: 'mon' }), ['deployment/thanos-query mesh 1: dnssrv+_grpc._tcp.thanos-store.mon.svc certain']);
});

test('a kustomization file named Kustomization is YAML whatever its first key (kind: is optional in it)', () => {
  assert.equal(detectKind('overlays/prod/Kustomization', 'resources:\n- ../../base\nnamespace: prod\n'), 'yaml');
  assert.equal(detectKind('overlays/prod/Kustomizations', 'resources:\n- ../../base\n'), 'unknown');
});

test('a patch of a Service is no Service of its own: a seed is not said to reach one that selects no pod', () => {
  // The prod overlay patches the peers Service's annotations; the Service kustomize builds is the base's, selector and all.
  const peersPatch = yaml('overlays/prod/peers-patch.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: thanos-peers\n  annotations:\n    service.alpha.kubernetes.io/tolerate-unready-endpoints: "true"\n');
  const prodSeeds = yaml('overlays/prod/query-patch.yaml', shortSeedPatch('overlays/prod/query-patch.yaml').text.replace('thanos-peers:10900', 'thanos-peers.mon-prod.svc:10900'));
  const files = [...namespacedBase, overlay('prod', 'patchesStrategicMerge:\n- query-patch.yaml\n- peers-patch.yaml\n'), prodSeeds, peersPatch];
  const reasons = plan(files).meshes.flatMap((mesh) => mesh.openings.map((opening) => `${opening.kind}: ${opening.reason}`));
  assert.deepEqual(reasons, ['address: no file in the input describes thanos-peers.mon-prod.svc:10900: no member listens on or advertises it']);
});

test('an inline patch is read as a patch file is: its argv is the container it patches, edited inside the block', () => {
  const kustomization = (patches: string) => yaml('overlays/prod/kustomization.yaml', `namespace: mon-prod\nresources:\n- ../../base\npatches:\n${patches}`);
  const jsonOp = '- target: {kind: Deployment, name: thanos-query}\n  patch: |-\n    - op: replace\n      path: /spec/template/spec/containers/0/args\n      value: [query, --cluster.peers=thanos-peers.mon-prod.svc:10900]\n';
  const merge = '- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: thanos-query\n    spec:\n      template:\n        spec:\n          containers:\n          - name: query\n            args:\n            - query\n            - --cluster.peers=thanos-peers.mon-prod.svc:10900\n';
  for (const [name, patches, after] of [
    ['json op', jsonOp, jsonOp.replace('[query, --cluster.peers=thanos-peers.mon-prod.svc:10900]', '[query, --store=thanos-store.mon-prod.svc:10901]')],
    ['merge patch', merge, merge.replace('            - --cluster.peers=thanos-peers.mon-prod.svc:10900\n', '            - --store=thanos-store.mon-prod.svc:10901\n')],
  ] as const) {
    const host = kustomization(patches);
    const result = plan([base('improbable/thanos:v0.3.2'), baseKustomization, host], { storeEndpoint: ['mon-prod/deployment/thanos-query=thanos-store.mon-prod.svc:10901'] });
    const invocation = result.invocations.find((entry) => entry.carrier.file === host);
    assert.equal(invocation?.identifiedBy, 'image improbable/thanos:v0.3.2 of base/query.yaml Deployment/thanos-query container query, which this kustomize patch patches', name);
    assert.equal(result.changes.find((change) => change.path === host.path)?.after, host.text.replace(patches, after), name);
    assert.deepEqual(result.findings.filter((finding) => finding.ruleId === 'gossip-flag-manual'), [], name);
  }
});

test('a gossip flag of an inline patch the tool cannot read as an argv is a human\'s, and the finding says why', () => {
  const host = (patch: string) => yaml('overlays/prod/kustomization.yaml', `namespace: prod\nresources:\n- ../../base\npatches:\n- target: {kind: Deployment, name: thanos-query}\n  patch: ${patch}`);
  const manual = (file: SourceFile) => plan([base('improbable/thanos:v0.3.2'), baseKustomization, file]).findings.filter((finding) => finding.file === file).map((finding) => `${finding.ruleId}: ${finding.message}`);
  assert.deepEqual(manual(host('|-\n    - op: add\n      path: /spec/template/spec/containers/0/args/-\n      value: --cluster.peers=thanos-peers.prod.svc:10900\n')), [
    'gossip-flag-manual: manual: --cluster.peers in an inline kustomize patch (patches[0].patch) outside any argv it sets (an op adding one flag, a fragment): the tool edits a patch whose op or container sets a whole argv; edit it by hand',
  ]);
  assert.deepEqual(manual(host('>-\n    [{"op": "replace", "path": "/spec/template/spec/containers/0/args", "value": ["query", "--cluster.peers=thanos-peers.prod.svc:10900"]}]\n')), [
    'gossip-flag-manual: manual: --cluster.peers in an inline kustomize patch (patches[0].patch) that is not a literal block (|): the tool edits a patch only where its text is the YAML kustomize reads; edit it by hand, or move it to a file',
  ]);
});

test("a merge patch is the object its entry's target names, whatever its own metadata says; an inline patch of several documents says so", () => {
  const twoQueriers = [base('improbable/thanos:v0.3.2'), yaml('base/query-b.yaml', base('improbable/thanos:v0.3.2').text.replace('name: thanos-query', 'name: thanos-query-b')), yaml('base/kustomization.yaml', 'resources:\n- query.yaml\n- query-b.yaml\n')];
  const targeted = yaml('overlays/prod/kustomization.yaml', 'namespace: prod\nresources:\n- ../../base\npatches:\n- target: {kind: Deployment, name: thanos-query-b}\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: thanos-query\n    spec:\n      template:\n        spec:\n          containers:\n          - name: query\n            args: [query, --cluster.peers=thanos-peers.prod.svc:10900]\n');
  const result = plan([...twoQueriers, targeted]);
  assert.deepEqual(result.consumers.filter((entry) => entry.consumer.carrier.file === targeted).map((entry) => entry.name.name), ['prod/deployment/thanos-query-b']);
  const several = yaml('overlays/prod/kustomization.yaml', targeted.text.replace('            args: [query, --cluster.peers=thanos-peers.prod.svc:10900]\n', '            args: [query, --cluster.peers=thanos-peers.prod.svc:10900]\n    ---\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: thanos-query\n'));
  assert.deepEqual(plan([...twoQueriers, several]).findings.filter((finding) => finding.file === several).map((finding) => finding.message), [
    'manual: --cluster.peers in an inline kustomize patch (patches[0].patch) that holds several documents (---): the tool reads one per inline patch; edit it by hand, or move it to a file',
  ]);
});

test("an inline merge patch's gossip port is a leftover like a patch file's: removed inside the block, with its finding", () => {
  const host = yaml('overlays/prod/kustomization.yaml', 'namespace: mon-prod\nresources:\n- ../../base\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: thanos-query\n    spec:\n      template:\n        spec:\n          containers:\n          - name: query\n            args:\n            - query\n            - --cluster.peers=thanos-peers.mon-prod.svc:10900\n            ports:\n            - name: http\n              containerPort: 10902\n            - name: cluster\n              containerPort: 10900\n');
  const result = plan([base('improbable/thanos:v0.3.2'), baseKustomization, host], { storeEndpoint: ['mon-prod/deployment/thanos-query=thanos-store.mon-prod.svc:10901'] });
  assert.deepEqual(result.findings.filter((finding) => finding.file === host && finding.ruleId === 'gossip-port').map((finding) => finding.message), ['Deployment/thanos-query container query: gossip port cluster is dead once gossip is gone']);
  assert.equal(result.changes.find((change) => change.path === host.path)?.after, host.text.replace('            - --cluster.peers=thanos-peers.mon-prod.svc:10900\n', '            - --store=thanos-store.mon-prod.svc:10901\n').replace('            - name: cluster\n              containerPort: 10900\n', ''));
});

test('what the same kustomizations list is built together whatever folder it sits in: a base whose Services are in a subfolder is one closed mesh', () => {
  const services = yaml('base/services/services.yaml', plainBase[2]!.text);
  const files = [plainBase[0]!, plainBase[1]!, services, yaml('base/kustomization.yaml', 'namespace: monitoring\nresources:\n- query.yaml\n- store.yaml\n- services/services.yaml\n'), yaml('overlays/prod/kustomization.yaml', 'namespace: prod\nresources:\n- ../../base\n')];
  assert.deepEqual(consumerLines(files), ['deployment/thanos-query mesh 1: dnssrv+_grpc._tcp.thanos-store certain']);
});
