// Inputs that grow along one dimension, each written at two sizes so the
// benchmark can tell linear from quadratic: a tree where every file needs an
// edit (and the same tree once migrated), one file with many workloads (in
// closed meshes, in open ones, in one mesh of many Stores), an SD file with
// many targets, a long command line, one line with many gossip flags, a
// long single-line script, and one shape of each other carrier that was
// quadratic (Markdown fences, a Nomad job, a kustomization, a Helm template,
// systemd host folders, a script of continued lines). Meshes have ten members or a fixed number of
// Queriers, so what the tool must print grows linearly too (a mesh's every
// Querier gets every Store of it: Queriers times Stores).

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Every mesh is seeded at its Querier's advertised address, so each mesh is
// closed: the tool can migrate it without asking.
const querierHost = (mesh: number) => `host-${mesh * 10}.example.internal`;
const peers = (mesh: number) => `${querierHost(mesh)}:10900`;

const STORE_FLAGS = ['--data-dir=/var/thanos/store', '--objstore.config-file=/etc/thanos/bucket.yaml'];

function statefulSet(i: number, component = 'store', flags = STORE_FLAGS, seed = peers): string {
  const mesh = Math.floor(i / 10);
  const name = `${component}-${i}`;
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: monitoring
spec:
  serviceName: ${name}
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        thanos-peer-${mesh}: "true"
    spec:
      containers:
      - name: thanos-${component}
        image: improbable/thanos:v0.3.2
        args:
        - ${component}
${[...flags, `--cluster.peers=${seed(mesh)}`].map((flag) => `        - ${flag}`).join('\n')}
        ports:
        - name: grpc
          containerPort: 10901
        - name: cluster
          containerPort: 10900
`;
}

function serviceFor(i: number, component = 'store'): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${component}-${i}
  namespace: monitoring
spec:
  clusterIP: None
  selector:
    app: ${component}-${i}
  ports:
  - name: grpc
    port: 10901
`;
}

/** A script per process: every tenth one a Querier of its mesh, the rest sidecars. */
function script(i: number): string {
  const mesh = Math.floor(i / 10);
  const host = `host-${i}.example.internal`;
  if (i % 10 === 0) return `#!/bin/sh\nexec thanos query --http-address=0.0.0.0:10902 --grpc-address=0.0.0.0:10901 --cluster.address=0.0.0.0:10900 --cluster.advertise-address=${host}:10900 --cluster.peers=${peers(mesh)}\n`;
  return `#!/bin/sh\nexec thanos sidecar --tsdb.path=/var/prometheus --prometheus.url=http://localhost:9090 --grpc-address=0.0.0.0:10901 --grpc-advertise-address=${host}:10901 --cluster.address=0.0.0.0:10900 --cluster.peers=${peers(mesh)}\n`;
}

type Writer = (dir: string, n: number) => void;

export interface ScaleCase {
  name: string;
  /** What n counts, for the table. */
  unit: string;
  sizes: [number, number];
  write: Writer;
  /** The subcommand and options run on the written directory. */
  command: string[];
  /** Whether `--write` is run on a copy first, so the command sees the migrated tree. */
  migrated?: boolean;
}

function writeAllEdit(dir: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const folder = join(dir, `mesh-${Math.floor(i / 10)}`);
    mkdirSync(folder, { recursive: true });
    if (i % 2 === 0) writeFileSync(join(folder, `thanos-${i}.sh`), script(i));
    else writeFileSync(join(folder, `store-${i}.yaml`), `${statefulSet(i)}---\n${serviceFor(i)}`);
  }
}

/** The headless Service that seeds a mesh of StatefulSets (a peers Service, as the Thanos examples had). */
function peersService(mesh: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: thanos-peers-${mesh}
  namespace: monitoring
spec:
  clusterIP: None
  selector:
    thanos-peer-${mesh}: "true"
  ports:
  - name: cluster
    port: 10900
`;
}

function writeWorkloads(dir: string, n: number): void {
  const seed = (mesh: number) => `thanos-peers-${mesh}.monitoring.svc:10900`;
  const documents: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) documents.push(peersService(i / 10), statefulSet(i, 'query', ['--query.replica-label=replica'], seed));
    else documents.push(statefulSet(i, 'store', STORE_FLAGS, seed), serviceFor(i));
  }
  writeFileSync(join(dir, 'workloads.yaml'), documents.join('---\n'));
}

/** The same workloads without their peers Services: every seed leads outside the input, so every mesh is open. */
function writeOpenWorkloads(dir: string, n: number): void {
  const seed = (mesh: number) => `thanos-peers-${mesh}.monitoring.svc:10900`;
  const documents: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) documents.push(statefulSet(i, 'query', ['--query.replica-label=replica'], seed));
    else documents.push(statefulSet(i, 'store', STORE_FLAGS, seed), serviceFor(i));
  }
  writeFileSync(join(dir, 'workloads.yaml'), documents.join('---\n'));
}

/** One mesh, as a single peers Service made it: three Queriers and n - 3 Stores, every one seeding that Service. */
function writeOneMesh(dir: string, n: number): void {
  const seed = () => 'thanos-peers-0.monitoring.svc:10900';
  const documents: string[] = [peersService(0)];
  for (let i = 0; i < n; i++) {
    if (i < 3) documents.push(statefulSet(i, 'query', ['--query.replica-label=replica'], seed));
    else documents.push(statefulSet(i, 'store', STORE_FLAGS, seed), serviceFor(i));
  }
  writeFileSync(join(dir, 'workloads.yaml'), documents.join('---\n'));
}

/** n scripts, one per host folder, each a Store on loopback seeding one address no file describes: one open mesh of members with no address. */
function writeLoopbackScripts(dir: string, n: number): void {
  for (let i = 0; i < n; i++) {
    mkdirSync(join(dir, `host-${i}`), { recursive: true });
    writeFileSync(join(dir, `host-${i}`, 'store.sh'), '#!/bin/sh\nexec thanos store --data-dir=/var/thanos/store --cluster.address=127.0.0.1:10900 --cluster.peers=gossip.example.internal:10900\n');
  }
}

/** n host folders, each a script starting a sidecar on loopback and a Querier, all seeding one address: one mesh with a Querier per host. */
function writeLoopbackHosts(dir: string, n: number): void {
  for (let i = 0; i < n; i++) {
    mkdirSync(join(dir, `host-${i}`), { recursive: true });
    writeFileSync(
      join(dir, `host-${i}`, 'run.sh'),
      '#!/bin/sh\nthanos sidecar --tsdb.path=/var/prometheus --grpc-address=127.0.0.1:10901 --cluster.peers=gossip.example.internal:10900 &\nthanos query --cluster.peers=gossip.example.internal:10900\n',
    );
  }
}

function writeSdFile(dir: string, n: number): void {
  const targets: string[] = [];
  for (let i = 0; i < n; i++) targets.push(`    - store-${i}.monitoring.svc:10901`);
  writeFileSync(join(dir, 'stores.yaml'), `- targets:\n${targets.join('\n')}\n  labels:\n    cluster: eu-1\n`);
  writeFileSync(join(dir, 'query.sh'), '#!/bin/sh\nexec thanos query --http-address=0.0.0.0:10902 --store.sd-files=stores.yaml\n');
}

/** A command line `bytes` long: one Querier with many --store flags. */
function writeLongCommand(dir: string, bytes: number): void {
  const words: string[] = ['#!/bin/sh\nexec thanos query --cluster.peers=thanos-peers.monitoring.svc:10900'];
  let size = words[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const word = `--store=store-${i}.monitoring.svc:10901`;
    words.push(word);
    size += word.length + 1;
  }
  writeFileSync(join(dir, 'query.sh'), `${words.join(' ')}\n`);
}

function writeGossipLine(dir: string, n: number): void {
  const flags: string[] = [];
  for (let i = 0; i < n; i++) flags.push(`--cluster.peers=peer-${i}.monitoring.svc:10900`);
  writeFileSync(join(dir, 'query.sh'), `#!/bin/sh\nexec thanos query --http-address=0.0.0.0:10902 ${flags.join(' ')}\n`);
}

/** One line `bytes` long of short commands, one of them a gossiping Thanos. */
function writeLongScript(dir: string, bytes: number): void {
  const parts: string[] = ['thanos sidecar --tsdb.path=/var/prometheus --cluster.peers=thanos-peers.monitoring.svc:10900'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const part = `echo step-${i} >> /var/log/setup.log`;
    parts.push(part);
    size += part.length + 2;
  }
  writeFileSync(join(dir, 'setup.sh'), `#!/bin/sh\n${parts.join('; ')}\n`);
}

/** The role of the i-th of n members of one mesh: four Queriers (so the report stays linear), then sidecars and a Store in five. */
const memberRole = (i: number) => (i < 4 ? 'query' : i % 5 === 0 ? 'store' : 'sidecar');
const hostIp = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** One runbook of n fenced blocks, each a Querier or a sidecar of one mesh (plain and `$ ` console fences). */
function writeMarkdownFences(dir: string, n: number): void {
  const parts = ['# Runbook\n'];
  for (let i = 0; i < n; i++) {
    const host = `metrics-${i}.example.net`;
    if (memberRole(i) === 'query') parts.push(`## Querier ${i}\n\n\`\`\`bash\nthanos query \\\n  --http-address 0.0.0.0:10902 \\\n  --cluster.advertise-address q-${i}.example.net:10900 \\\n  --cluster.peers=q-0.example.net:10900\n\`\`\`\n`);
    else if (i % 2) parts.push(`## Sidecar ${i}\n\n\`\`\`console\n$ thanos sidecar \\\n    --tsdb.path /var/lib/prometheus \\\n    --grpc-advertise-address ${host}:10901 \\\n    --cluster.peers q-0.example.net:10900\nlevel=info msg="starting sidecar"\n\`\`\`\n`);
    else parts.push(`## Sidecar ${i}\n\n\`\`\`sh\nthanos sidecar --tsdb.path /p --grpc-advertise-address ${host}:10901 --cluster.peers=q-0.example.net:10900\n\`\`\`\n`);
  }
  writeFileSync(join(dir, 'RUNBOOK.md'), parts.join('\n'));
}

/** One runbook of n YAML fences, each a whole Deployment of one mesh: each fence was parsed as a copy of the whole runbook. */
function writeMarkdownManifests(dir: string, n: number): void {
  const parts = ['# Deploying the monitoring stack\n'];
  for (let i = 0; i < n; i++) {
    const component = memberRole(i) === 'query' ? 'query' : 'sidecar';
    const args = component === 'query' ? `[query, --http-address=0.0.0.0:10902, --cluster.peers=q-0.example.net:10900]` : `[sidecar, --tsdb.path=/prometheus, --grpc-advertise-address=$(POD_IP):10901, --cluster.peers=q-0.example.net:10900]`;
    parts.push(`## ${component} ${i}\n\nApply this:\n\n\`\`\`yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: thanos-${component}-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: thanos\n          image: quay.io/thanos/thanos:v0.4.0\n          args: ${args}\n\`\`\`\n`);
  }
  writeFileSync(join(dir, 'DEPLOY.md'), parts.join('\n'));
}

/** One Nomad job of n groups, each a task of one mesh with an advertised address. */
function writeNomadGroups(dir: string, n: number): void {
  const parts = ['job "monitoring" {\n  datacenters = ["dc1"]\n'];
  for (let i = 0; i < n; i++) {
    const role = memberRole(i);
    parts.push(`  group "g${i}" {\n    task "${role}" {\n      driver = "raw_exec"\n      config {\n        command = "/usr/local/bin/thanos"\n        args = [\n          "${role}",\n          "--cluster.advertise-address=${hostIp(i)}:10900",\n          "--grpc-advertise-address=${hostIp(i)}:10901",\n          "--cluster.peers=10.0.0.0:10900",\n        ]\n      }\n    }\n  }\n`);
  }
  writeFileSync(join(dir, 'monitoring.nomad'), `${parts.join('')}}\n`);
}

/** A kustomization of n peers Services and their Queriers, one file each. */
function writeKustomization(dir: string, n: number): void {
  const resources: string[] = [];
  for (let i = 0; i < n; i++) {
    resources.push(`  - peers-${i}.yaml`, `  - query-${i}.yaml`);
    writeFileSync(join(dir, `peers-${i}.yaml`), `apiVersion: v1\nkind: Service\nmetadata:\n  name: thanos-peers-${i}\nspec:\n  clusterIP: None\n  ports:\n  - name: cluster\n    port: 10900\n  selector:\n    thanos-peer-${i}: "true"\n`);
    writeFileSync(join(dir, `query-${i}.yaml`), `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: thanos-query-${i}\nspec:\n  template:\n    metadata:\n      labels:\n        thanos-peer-${i}: "true"\n    spec:\n      containers:\n      - name: q\n        image: improbable/thanos:v0.2.1\n        args: ["query", "--cluster.peers=thanos-peers-${i}:10900"]\n`);
  }
  writeFileSync(join(dir, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: monitoring\nresources:\n${resources.join('\n')}\n`);
}

/** A chart whose one template holds n Deployments, each with its gossip flag in a conditional. */
function writeHelmTemplate(dir: string, n: number): void {
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v1\nname: thanos\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), 'tag: v0.3.2\ncluster:\n  enabled: true\n  port: 10900\n');
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const role = memberRole(i);
    parts.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: thanos-${role}-${i}\nspec:\n  template:\n    metadata:\n      labels:\n        thanos-peer: "true"\n    spec:\n      containers:\n      - name: thanos-${role}\n        image: "improbable/thanos:{{ .Values.tag }}"\n        args:\n        - "${role}"\n        {{- if .Values.cluster.enabled }}\n        - "--cluster.peers=thanos-peers.{{ .Release.Namespace }}.svc:{{ .Values.cluster.port }}"\n        {{- end }}\n`);
  }
  writeFileSync(join(dir, 'templates', 'thanos.yaml'), `---\n${parts.join('---\n')}`);
}

/** n host folders, each a sidecar unit beside the env file of its gossip flags, and four Querier units. */
function writeSystemdHosts(dir: string, n: number): void {
  for (let i = 0; i < n; i++) {
    if (memberRole(i) === 'query') {
      writeFileSync(join(dir, `thanos-query-${i}.service`), `[Service]\nExecStart=/usr/local/bin/thanos query \\\n  --http-address=0.0.0.0:10902 \\\n  --cluster.peers=10.0.0.0:10900 \\\n  --cluster.advertise-address=${hostIp(i)}:10900\n`);
      continue;
    }
    mkdirSync(join(dir, `h${i}`));
    writeFileSync(join(dir, `h${i}`, 'thanos-sidecar.service'), '[Service]\nEnvironmentFile=-/etc/default/thanos-sidecar\nExecStart=/usr/local/bin/thanos sidecar \\\n  --tsdb.path=/var/lib/prometheus \\\n  --grpc-address=0.0.0.0:10901 \\\n  $THANOS_GOSSIP_OPTS\n');
    writeFileSync(join(dir, `h${i}`, 'thanos-sidecar'), `THANOS_GOSSIP_OPTS="--cluster.advertise-address=${hostIp(i)}:10900 --cluster.peers=10.0.0.0:10900"\n`);
  }
}

/**
 * n sidecar units in one units/ folder, each naming /etc/default/thanos-sidecar,
 * and a copy of that file in each of n host folders (env/h1 …): every unit is
 * refused every copy as equally near, which compared and named all n per unit.
 */
function writeSharedUnitsHostEnv(dir: string, n: number): void {
  mkdirSync(join(dir, 'units'));
  mkdirSync(join(dir, 'env'));
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, 'units', `thanos-sidecar-${i}.service`), '[Service]\nEnvironmentFile=-/etc/default/thanos-sidecar\nExecStart=/usr/local/bin/thanos sidecar \\\n  --tsdb.path=/var/lib/prometheus \\\n  $THANOS_GOSSIP_OPTS\n');
    mkdirSync(join(dir, 'env', `h${i}`));
    writeFileSync(join(dir, 'env', `h${i}`, 'thanos-sidecar'), `THANOS_GOSSIP_OPTS="--cluster.advertise-address=${hostIp(i)}:10900 --cluster.peers=10.0.0.0:10900"\n`);
  }
}

/**
 * One deploy script of n functions, each setting the same variable and
 * starting a member with it: every flag resolved its variable through every
 * assignment before it, and each assignment kept a copy of the later uses.
 */
function writeFunctionScript(dir: string, n: number): void {
  const parts = ['#!/bin/sh\nset -e\nSEED=q-0.example.net:10900\n'];
  for (let i = 0; i < n; i++) {
    const start = memberRole(i) === 'query' ? `thanos query --http-address 0.0.0.0:10902 --cluster.advertise-address "$addr" --cluster.peers "$SEED"` : `thanos sidecar --tsdb.path data/prom${i} --grpc-advertise-address ${hostIp(i)}:10901 --cluster.advertise-address "$addr" --cluster.peers "$SEED"`;
    parts.push(`start_${i}() {\n  addr=${hostIp(i)}:10900\n  ${start} &\n}\n`);
  }
  for (let i = 0; i < n; i++) parts.push(`start_${i}\n`);
  writeFileSync(join(dir, 'deploy.sh'), `${parts.join('')}wait\n`);
}

/**
 * A ConfigMap whose start script runs Alertmanager with n `\\`-continued
 * --cluster.peer flags, and a comment line naming as many: each token's
 * owner was found by a scan back to the start of its command or line.
 */
function writeContinuedPeersConfigMap(dir: string, n: number): void {
  const peers = Array.from({ length: n }, (_, i) => `      --cluster.peer=alertmanager-${i}.alertmanager:9094 \\\n`).join('');
  const comment = `    # was: ${Array.from({ length: n }, (_, i) => `--cluster.peer=am-${i}:9094`).join(' ')}\n`;
  writeFileSync(join(dir, 'alertmanager-start.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alertmanager-start\ndata:\n  start.sh: |\n${comment}    exec /bin/alertmanager \\\n${peers}      --config.file=/etc/alertmanager/config.yml\n`);
}

/** One script starting n members, each command continued over lines: an edit every few lines, so one diff cluster. */
function writeContinuedScript(dir: string, n: number): void {
  const parts = ['#!/bin/sh\nset -e\n'];
  for (let i = 0; i < n; i++) {
    if (memberRole(i) === 'query') parts.push(`ssh ${hostIp(i)} thanos query \\\n  --http-address 0.0.0.0:10902 \\\n  --cluster.advertise-address ${hostIp(i)}:10900 \\\n  --cluster.peers 10.0.0.0:10900 &\n`);
    else parts.push(`thanos sidecar \\\n    --tsdb.path data/prom${i} \\\n    --grpc-advertise-address ${hostIp(i)}:10901 \\\n    --cluster.advertise-address ${hostIp(i)}:10900 \\\n    --cluster.peers 10.0.0.0:10900 &\n`);
  }
  writeFileSync(join(dir, 'run.sh'), `${parts.join('')}wait\n`);
}

const MB = 1024 * 1024;

export const SCALE_CASES: ScaleCase[] = [
  { name: 'all-edit tree, check', unit: 'files', sizes: [2500, 10000], write: writeAllEdit, command: ['check', '--format', 'json'] },
  { name: 'all-edit tree, migrate preview', unit: 'files', sizes: [2500, 10000], write: writeAllEdit, command: ['migrate', '--quiet'] },
  { name: 'all-edit tree migrated, check', unit: 'files', sizes: [2500, 10000], write: writeAllEdit, command: ['check', '--format', 'json'], migrated: true },
  { name: 'one file of workloads, check', unit: 'workloads', sizes: [7500, 30000], write: writeWorkloads, command: ['check', '--format', 'json'] },
  // Small sizes: every workload is edited, and the preview prints a diff hunk for each (1,500 take about 4 s).
  { name: 'one file of workloads, migrate preview', unit: 'workloads', sizes: [750, 1500], write: writeWorkloads, command: ['migrate', '--quiet'] },
  { name: 'one file of open meshes, check', unit: 'workloads', sizes: [2500, 10000], write: writeOpenWorkloads, command: ['check', '--format', 'json'] },
  { name: 'one mesh of many Stores, check', unit: 'workloads', sizes: [2500, 10000], write: writeOneMesh, command: ['check', '--format', 'json'] },
  { name: 'one mesh of many Stores, migrate preview', unit: 'workloads', sizes: [2500, 10000], write: writeOneMesh, command: ['migrate', '--quiet'] },
  { name: 'one open mesh of loopback scripts, check', unit: 'files', sizes: [1000, 4000], write: writeLoopbackScripts, command: ['check', '--format', 'json'] },
  // Every Querier of the mesh is told every server: its Queriers share one list (one per machine where loopback differs).
  { name: 'one mesh, a Querier per loopback host, check', unit: 'hosts', sizes: [500, 2000], write: writeLoopbackHosts, command: ['check', '--format', 'json'] },
  { name: 'SD file, check', unit: 'targets', sizes: [5000, 20000], write: writeSdFile, command: ['check', '--format', 'json'] },
  { name: 'long command line, check', unit: 'bytes', sizes: [2.5 * MB, 10 * MB], write: writeLongCommand, command: ['check', '--format', 'json'] },
  { name: 'gossip flags on one line, check', unit: 'flags', sizes: [10000, 50000], write: writeGossipLine, command: ['check', '--format', 'json'] },
  { name: 'single-line script, check', unit: 'bytes', sizes: [7.5 * MB, 30 * MB], write: writeLongScript, command: ['check', '--format', 'json'] },
  // Shapes of the other carriers, each of them quadratic before (the commits give the figures).
  { name: 'Markdown fences in one file, check', unit: 'fences', sizes: [2000, 8000], write: writeMarkdownFences, command: ['check', '--format', 'json'] },
  { name: 'Markdown YAML manifests in one file, check', unit: 'fences', sizes: [250, 1000], write: writeMarkdownManifests, command: ['check', '--format', 'json'] },
  { name: 'Nomad groups in one job, check', unit: 'groups', sizes: [2000, 8000], write: writeNomadGroups, command: ['check', '--format', 'json'] },
  { name: 'kustomization of peers Services, check', unit: 'Services', sizes: [500, 2000], write: writeKustomization, command: ['check', '--format', 'json'] },
  { name: 'Helm template of Deployments, migrate preview', unit: 'Deployments', sizes: [250, 1000], write: writeHelmTemplate, command: ['migrate', '--quiet'] },
  { name: 'systemd host folders, check', unit: 'hosts', sizes: [250, 1000], write: writeSystemdHosts, command: ['check', '--format', 'json'] },
  { name: 'systemd units beside host env folders, check', unit: 'hosts', sizes: [500, 2000], write: writeSharedUnitsHostEnv, command: ['check', '--format', 'json'] },
  { name: 'script of functions reassigning one variable, check', unit: 'functions', sizes: [1000, 4000], write: writeFunctionScript, command: ['check', '--format', 'json'] },
  { name: 'ConfigMap script of continued peers, check', unit: 'peers', sizes: [2000, 8000], write: writeContinuedPeersConfigMap, command: ['check', '--format', 'json'] },
  { name: 'script of continued lines, migrate preview', unit: 'commands', sizes: [500, 2000], write: writeContinuedScript, command: ['migrate', '--quiet'] },
];

/** The input of `scale` at size `n` under `cacheDir` (written once; a marker says it is complete). */
export function scaleInput(cacheDir: string, scale: ScaleCase, n: number): string {
  const dir = join(cacheDir, `${scale.write.name}-${n}`);
  const marker = `${dir}.complete`;
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  scale.write(dir, n);
  writeFileSync(marker, `${n}\n`);
  return dir;
}
