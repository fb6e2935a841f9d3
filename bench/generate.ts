// A synthetic GitOps repository for the benchmark: `count` files, about
// 15 KB each; 1% gossip-era Thanos manifests (under monitoring/), the rest
// ordinary Kubernetes manifests, compose files and text. Deterministic: the
// same count gives the same bytes.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const TARGET_BYTES = 15_000;

function padding(random: () => number, indent: string): string {
  const lines: string[] = [];
  let size = 0;
  while (size < TARGET_BYTES) {
    const n = Math.floor(random() * 1e6);
    const line = `${indent}location /api/v${n % 7}/resource-${n} { proxy_pass http://backend-${n % 31}:8080; proxy_read_timeout ${n % 90}s; }`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function ordinaryManifest(i: number, random: () => number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: team-${i % 40}
  labels:
    app: web-${i}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app: web-${i}
  template:
    metadata:
      labels:
        app: web-${i}
    spec:
      containers:
      - name: nginx
        image: nginx:1.${i % 25}
        args: ["-c", "/etc/nginx/nginx.conf"]
        ports:
        - name: http
          containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web-${i}
  namespace: team-${i % 40}
spec:
  selector:
    app: web-${i}
  ports:
  - name: http
    port: 80
    targetPort: http
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-${i}-nginx
  namespace: team-${i % 40}
data:
  nginx.conf: |
${padding(random, '    ')}
`;
}

function composeFile(i: number, random: () => number): string {
  return `version: "3"
services:
  app-${i}:
    image: example/app:${i % 9}
    command: ["serve", "--port=8080", "--workers=${i % 8}"]
    environment:
      LOG_LEVEL: info
x-notes: |
${padding(random, '  ')}
`;
}

function textFile(i: number, random: () => number): string {
  return `# Runbook ${i}\n\nRestart the service with care.\n\n${padding(random, '    ')}\n`;
}

function thanosManifest(i: number, random: () => number): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: prometheus-${i}
  namespace: monitoring
spec:
  serviceName: prometheus-${i}
  replicas: 2
  selector:
    matchLabels:
      app: prometheus-${i}
  template:
    metadata:
      labels:
        app: prometheus-${i}
        thanos-peer: "true"
    spec:
      containers:
      - name: prometheus
        image: quay.io/prometheus/prometheus:v2.6.0
        args: ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
      - name: thanos-sidecar
        image: improbable/thanos:v0.3.2
        args:
        - "sidecar"
        - "--tsdb.path=/prometheus"
        - "--prometheus.url=http://127.0.0.1:9090"
        - "--cluster.peers=thanos-peers.monitoring.svc:10900"
        ports:
        - name: grpc
          containerPort: 10901
        - name: cluster
          containerPort: 10900
---
apiVersion: v1
kind: Service
metadata:
  name: prometheus-${i}
  namespace: monitoring
spec:
  clusterIP: None
  selector:
    app: prometheus-${i}
  ports:
  - name: grpc
    port: 10901
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: prometheus-${i}-config
  namespace: monitoring
data:
  prometheus.yml: |
${padding(random, '    ')}
`;
}

const QUERY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: thanos-query
  namespace: monitoring
spec:
  replicas: 1
  selector:
    matchLabels:
      app: thanos-query
  template:
    metadata:
      labels:
        app: thanos-query
    spec:
      containers:
      - name: thanos-query
        image: improbable/thanos:v0.3.2
        args:
        - "query"
        - "--cluster.peers=thanos-peers.monitoring.svc:10900"
`;

/** Writes the repository under `dir` (once: a marker file says it is complete). */
export function generateRepository(dir: string, count: number): { thanosDir: string } {
  const thanosDir = join(dir, 'monitoring');
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return { thanosDir };
  const random = rng(count);
  const thanosCount = Math.max(1, Math.round(count / 100));
  mkdirSync(thanosDir, { recursive: true });
  writeFileSync(join(thanosDir, 'query.yaml'), QUERY);
  for (let i = 0; i < thanosCount - 1; i++) writeFileSync(join(thanosDir, `prometheus-${i}.yaml`), thanosManifest(i, random));
  for (let i = 0; i < count - thanosCount; i++) {
    const folder = join(dir, 'apps', `team-${i % 40}`, `app-${Math.floor(i / 40)}`);
    mkdirSync(folder, { recursive: true });
    const kind = i % 10;
    if (kind < 7) writeFileSync(join(folder, 'deploy.yaml'), ordinaryManifest(i, random));
    else if (kind < 9) writeFileSync(join(folder, 'docker-compose.yml'), composeFile(i, random));
    else writeFileSync(join(folder, 'RUNBOOK.md'), textFile(i, random));
  }
  writeFileSync(marker, `${count}\n`);
  return { thanosDir };
}
