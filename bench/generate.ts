// A synthetic GitOps repository for the benchmark: `count` files averaging
// about 16 KB (the shape of a 10,000-file, 158 MB monorepo). About 1% are
// gossip-era Thanos manifests in meshes of ten (a Querier, a Ruler, a Store
// and Prometheus sidecars sharing one peers Service), 0.5% Alertmanagers
// with their own --cluster.* flags, the rest ordinary Deployments, some with
// a Service and a ConfigMap beside them. Every file is valid YAML.
// Deterministic: the same count gives the same bytes, so a tree is written
// once per GENERATOR_VERSION and reused.

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bump when the bytes change: cached trees are keyed by it. */
export const GENERATOR_VERSION = 2;

/** Where generated inputs are kept between runs (the benchmark's and the tests'). */
export function benchCacheDir(): string {
  return join(tmpdir(), `thanos-gossip-migrate-bench-v${GENERATOR_VERSION}`);
}

export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Block-scalar lines of an nginx config, `bytes` long (no word of them is a Thanos or gossip token). */
export function configLines(random: () => number, indent: string, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const n = Math.floor(random() * 1e6);
    const line = `${indent}location /api/v${n % 7}/resource-${n} { proxy_pass http://backend-${n % 31}:8080; proxy_read_timeout ${n % 90}s; }`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** A ConfigMap size: mostly small, a long tail (mean about 16 KB). */
function configSize(random: () => number): number {
  const r = random();
  if (r < 0.5) return 1000 + Math.floor(random() * 6000);
  if (r < 0.85) return 8000 + Math.floor(random() * 16000);
  return 30000 + Math.floor(random() * 60000);
}

function deployment(name: string, namespace: string, i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: shop
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      containers:
      - name: app
        image: registry.example.com/shop/${name}:1.${i % 25}.${i % 7}
        args: ["serve", "--listen=:8080", "--log-level=info", "--config=/etc/app/app.conf"]
        env:
        - name: GOMAXPROCS
          value: "2"
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
        resources:
          requests:
            cpu: ${50 + (i % 8) * 25}m
            memory: ${64 + (i % 4) * 64}Mi
        volumeMounts:
        - name: config
          mountPath: /etc/app
      volumes:
      - name: config
        configMap:
          name: ${name}-config
`;
}

function service(name: string, namespace: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
  - name: http
    port: 80
    targetPort: http
`;
}

function configMap(name: string, namespace: string, random: () => number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${namespace}
data:
  app.conf: |
${configLines(random, '    ', configSize(random))}
`;
}

/** An ordinary file: a Deployment, with its Service and ConfigMap in the same file or not. */
function ordinaryFile(i: number, random: () => number): string {
  const name = `svc-${i}`;
  const namespace = `team-${i % 40}`;
  const documents = [deployment(name, namespace, i)];
  if (random() < 0.6) documents.push(service(name, namespace));
  if (random() < 0.9) documents.push(configMap(name, namespace, random));
  return documents.join('---\n');
}

const PEERS = (mesh: number) => `thanos-peers-${mesh}.monitoring.svc.cluster.local:10900`;

function thanosWorkload(kind: 'Deployment' | 'StatefulSet', name: string, mesh: number, containers: string): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: monitoring
  labels:
    app: ${name}
spec:
  replicas: 2
${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        thanos-peer-${mesh}: "true"
    spec:
      containers:
${containers}`;
}

function thanosContainer(component: string, mesh: number, flags: string[]): string {
  return `      - name: thanos-${component}
        image: improbable/thanos:v0.3.2
        args:
        - ${component}
${[...flags, `--cluster.peers=${PEERS(mesh)}`].map((flag) => `        - "${flag}"`).join('\n')}
        ports:
        - name: http
          containerPort: 10902
        - name: grpc
          containerPort: 10901
        - name: cluster
          containerPort: 10900
`;
}

function headlessService(name: string, selector: string, port: number, portName: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: monitoring
spec:
  clusterIP: None
  selector:
    ${selector}
  ports:
  - name: ${portName}
    port: ${port}
`;
}

/** The files of one gossip mesh: peers Service, Querier, Ruler, Store, and Prometheus sidecars. */
function meshFiles(mesh: number, size: number, random: () => number): [string, string][] {
  const files: [string, string][] = [];
  files.push([`peers.yaml`, headlessService(`thanos-peers-${mesh}`, `thanos-peer-${mesh}: "true"`, 10900, 'cluster')]);
  if (size > 1) files.push([`query.yaml`, thanosWorkload('Deployment', `thanos-query-${mesh}`, mesh, thanosContainer('query', mesh, ['--query.replica-label=replica', '--http-address=0.0.0.0:10902']))]);
  if (size > 2) files.push([`rule.yaml`, thanosWorkload('StatefulSet', `thanos-rule-${mesh}`, mesh, thanosContainer('rule', mesh, ['--data-dir=/var/thanos/rule', '--rule-file=/etc/thanos/rules/*.yaml', '--alertmanagers.url=http://alertmanager.monitoring.svc:9093']))]);
  if (size > 3) files.push([`store.yaml`, thanosWorkload('StatefulSet', `thanos-store-${mesh}`, mesh, thanosContainer('store', mesh, ['--data-dir=/var/thanos/store', '--objstore.config-file=/etc/thanos/bucket.yaml']))]);
  for (let p = 0; files.length < size; p++) {
    const name = `prometheus-${mesh}-${p}`;
    const prometheus = `      - name: prometheus
        image: quay.io/prometheus/prometheus:v2.6.0
        args: ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus", "--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h"]
`;
    const sidecar = thanosContainer('sidecar', mesh, ['--tsdb.path=/prometheus', '--prometheus.url=http://127.0.0.1:9090']);
    const config = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-rules
  namespace: monitoring
data:
  notes.conf: |
${configLines(random, '    ', configSize(random))}
`;
    files.push([`${name}.yaml`, [thanosWorkload('StatefulSet', name, mesh, prometheus + sidecar), headlessService(name, `app: ${name}`, 10901, 'grpc'), config].join('---\n')]);
  }
  return files;
}

function alertmanagerFile(k: number): string {
  const name = `alertmanager-${k}`;
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: alerting
spec:
  serviceName: ${name}
  replicas: 3
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: alertmanager
        image: quay.io/prometheus/alertmanager:v0.21.0
        args:
        - "--config.file=/etc/alertmanager/config.yml"
        - "--storage.path=/alertmanager"
        - "--cluster.listen-address=0.0.0.0:9094"
        - "--cluster.peer=${name}-0.${name}.alerting.svc:9094"
        - "--cluster.peer=${name}-1.${name}.alerting.svc:9094"
        - "--cluster.peer=${name}-2.${name}.alerting.svc:9094"
        ports:
        - name: web
          containerPort: 9093
        - name: mesh
          containerPort: 9094
---
${headlessService(name, `app: ${name}`, 9094, 'mesh').replace('namespace: monitoring', 'namespace: alerting')}`;
}

export interface GeneratedTree {
  /** The repository root (what check and migrate are given). */
  root: string;
  files: number;
}

/** Writes the repository for `count` files under `cacheDir` (once: a marker beside it says it is complete). */
export function generateRepository(cacheDir: string, count: number): GeneratedTree {
  const root = join(cacheDir, `tree-${count}`);
  const marker = `${root}.complete`;
  if (existsSync(marker)) return { root, files: count };
  rmSync(root, { recursive: true, force: true });
  const random = rng(count);
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  let written = 0;
  const thanosFiles = Math.max(1, Math.round(count / 100));
  for (let mesh = 0; written < thanosFiles; mesh++) {
    for (const [name, text] of meshFiles(mesh, Math.min(10, thanosFiles - written), random)) write(`monitoring/mesh-${mesh}/${name}`, text);
    written = Math.min(thanosFiles, written + 10);
  }
  const alertmanagers = Math.max(1, Math.round(count / 200));
  for (let k = 0; k < alertmanagers; k++) write(`alerting/alertmanager-${k}.yaml`, alertmanagerFile(k));
  written += alertmanagers;
  // Ordinary apps, one to four files to a folder.
  for (let i = 0, folder = 0; written < count; folder++) {
    const files = Math.min(count - written, 1 + Math.floor(random() * 4));
    for (let f = 0; f < files; f++, i++) write(`apps/team-${folder % 40}/app-${folder}/svc-${i}.yaml`, ordinaryFile(i, random));
    written += files;
  }
  writeFileSync(marker, `${count}\n`);
  return { root, files: count };
}
