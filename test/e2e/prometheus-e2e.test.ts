// A real Prometheus reads the SD files we write. Prometheus's file_sd is the
// reader behind Thanos --store.sd-files / --query.sd-files, so for files the
// library renders (JSON and YAML) and for every file_sd list among the
// fixtures' expected outputs: promtool accepts the configuration that reads
// them, `promtool check service-discovery` lists exactly our targets, and a
// running Prometheus on 127.0.0.1 discovers exactly those targets (HTTP API).
//
// Needs `prometheus` and `promtool` on PATH (Debian: apt-get install prometheus;
// .ci/run installs it). Without them this test fails; it never skips.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { renderSdFile } from '../../src/sd/render.js';
import { validateSdFile } from '../../src/sd/validate.js';
import type { Endpoint, SdFileSpec } from '../../src/model.js';
import { ROOT, tempDir } from '../support.js';

const INSTALL_HINT = 'install it with `apt-get install prometheus` (Debian/Ubuntu package; .ci/run does this when run as root)';

/** `name --version`, or a failure that says how to get the binary. */
function requireBinary(name: string): string {
  const result = spawnSync(name, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error) throw new Error(`${name} is not runnable (${result.error.message}): ${INSTALL_HINT}`);
  if (result.status !== 0) throw new Error(`${name} --version exited ${result.status}: ${result.stderr}\n${INSTALL_HINT}`);
  return `${result.stdout}${result.stderr}`.split('\n')[0] ?? '';
}

interface SdCase {
  job: string;
  /** Where it came from, for messages. */
  origin: string;
  /** The copy Prometheus reads. */
  path: string;
  /** The addresses we wrote, in any order. */
  targets: string[];
}

function endpoint(address: string, role: 'store' | 'query', index: number): Endpoint {
  return {
    address,
    role,
    confidence: index % 2 === 0 ? 'user' : 'likely',
    // Provenance text with YAML-significant characters: it must stay inside the comment.
    provenance: [{ file: `deploy/run #${index}: "local".sh`, line: index + 1, column: 1, note: `--grpc-address=0.0.0.0:${index}` }],
    reason: 'given on the command line: {not: a map}, [not a list]',
  };
}

/** SD files rendered by the library, every role x encoding, with the addresses we put in. */
function libraryFiles(): { name: string; text: string; targets: string[] }[] {
  const addressSets: Record<'store' | 'query', string[]> = {
    // [::1] needs quoting in YAML; localhost is a name, not an IP.
    store: ['127.0.0.1:19101', '127.0.0.1:19102', 'localhost:19103', '[::1]:19104'],
    query: ['127.0.0.1:19201', '127.0.0.1:19202'],
  };
  const files: { name: string; text: string; targets: string[] }[] = [];
  for (const role of ['store', 'query'] as const) {
    for (const encoding of ['yaml', 'json'] as const) {
      const addresses = addressSets[role];
      const spec: SdFileSpec = {
        path: `thanos-${role}-sd.${encoding}`,
        role,
        schema: 'file-sd',
        encoding,
        endpoints: addresses.map((address, i) => endpoint(address, role, i)),
        readBy: role === 'store' ? '--store.sd-files' : '--query.sd-files',
      };
      files.push({ name: `library-${role}-sd.${encoding}`, text: renderSdFile(spec), targets: addresses });
    }
  }
  return files;
}

/** Files under fixtures/cases/<case>/expected/ whose content is a Prometheus file_sd list. */
function fixtureSdFiles(): string[] {
  const found: string[] = [];
  const casesDir = join(ROOT, 'fixtures', 'cases');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/i.test(name)) {
        let value: unknown;
        try {
          value = load(readFileSync(path, 'utf8'));
        } catch {
          continue; // multi-document manifests and the like: not an SD file
        }
        const isFileSd =
          Array.isArray(value) &&
          value.length > 0 &&
          value.every((group) => group !== null && typeof group === 'object' && Array.isArray((group as { targets?: unknown }).targets));
        if (isFileSd) found.push(path);
      }
    }
  };
  for (const caseName of readdirSync(casesDir).sort()) {
    const expected = join(casesDir, caseName, 'expected');
    if (statSync(join(casesDir, caseName)).isDirectory() && readdirSafe(expected)) walk(expected);
  }
  return found;
}

function readdirSafe(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Run a command without blocking the event loop (hooks and timeouts keep working). */
function run(command: string, args: string[], timeoutMs: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

interface ApiTarget {
  discoveredLabels: Record<string, string>;
  labels?: Record<string, string>;
  scrapePool: string;
  scrapeUrl?: string;
}
interface TargetsResponse {
  status: string;
  data: { activeTargets: ApiTarget[]; droppedTargets: ApiTarget[] };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
  try {
    if (await Promise.race([exited.then(() => false), timedOut])) {
      child.kill('SIGKILL');
      await exited;
    }
  } finally {
    clearTimeout(timer);
  }
}

describe('a real Prometheus reads the SD files we write', { timeout: 120_000 }, () => {
  let dir = '';
  let configPath = '';
  let cases: SdCase[] = [];
  let prometheus: ChildProcess | undefined;
  let prometheusLog = '';
  let baseUrl = '';
  let versions = '';
  const killOnExit = () => prometheus?.kill('SIGKILL');

  before(async () => {
    // Fail (never skip) when the binaries are missing.
    versions = `${requireBinary('prometheus')}; ${requireBinary('promtool')}`;

    dir = tempDir('prometheus');
    mkdirSync(join(dir, 'sd'));
    let n = 0;
    for (const file of libraryFiles()) {
      const path = join(dir, 'sd', file.name);
      writeFileSync(path, file.text);
      cases.push({ job: `sd${n++}`, origin: `renderSdFile -> ${file.name}`, path, targets: file.targets });
    }
    const fixtures = fixtureSdFiles();
    assert.ok(fixtures.length >= 5, `expected the fixtures to hold file_sd lists, found ${fixtures.length}`);
    for (const source of fixtures) {
      const origin = relative(ROOT, source);
      const text = readFileSync(source, 'utf8');
      const ours = validateSdFile(text, source, 'file-sd');
      assert.deepEqual(ours.problems, [], `${origin}: our own validator objects`);
      const job = `sd${n++}`;
      const path = join(dir, 'sd', `${job}-${origin.split('/').pop()}`);
      copyFileSync(source, path);
      cases.push({ job, origin, path, targets: ours.endpoints.map((e) => e.address) });
    }

    configPath = join(dir, 'prometheus.yml');
    const config = [
      'global:',
      '  scrape_interval: 1h',
      '  scrape_timeout: 10s',
      '  evaluation_interval: 1h',
      'scrape_configs:',
      ...cases.flatMap((c) => [
        `  - job_name: ${c.job}`,
        '    file_sd_configs:',
        `      - files: [${JSON.stringify(c.path)}]`,
        '        refresh_interval: 1h',
      ]),
    ].join('\n');
    writeFileSync(configPath, `${config}\n`);

    process.once('exit', killOnExit);
    // A free port can be taken between probing and binding: retry a few times.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      prometheusLog = '';
      const child = spawn(
        'prometheus',
        [
          `--config.file=${configPath}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=info',
        ],
        { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      prometheus = child;
      child.stdout?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
      const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
      const deadline = Date.now() + 30_000;
      let ready = false;
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) break;
        const failed = await Promise.race([spawnError, sleep(0).then(() => null)]);
        if (failed) throw new Error(`prometheus did not start: ${failed.message}\n${INSTALL_HINT}`);
        try {
          const response = await fetch(`${baseUrl}/-/ready`, { signal: AbortSignal.timeout(2_000) });
          if (response.status === 200) {
            ready = true;
            break;
          }
        } catch {
          // not listening yet
        }
        await sleep(200);
      }
      if (ready) break;
      await stop(child);
      if (attempt < 3 && /address already in use/.test(prometheusLog)) continue;
      throw new Error(`prometheus was not ready on ${baseUrl} within 30 s (exit ${child.exitCode ?? child.signalCode}):\n${prometheusLog.slice(-4000)}`);
    }
  });

  after(async () => {
    try {
      if (prometheus) await stop(prometheus);
    } finally {
      process.removeListener('exit', killOnExit);
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  test('promtool check config accepts the configuration and the SD files it reads', async () => {
    const result = await run('promtool', ['check', 'config', configPath], 30_000);
    assert.equal(result.status, 0, `${versions}\n${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /SUCCESS/);

    // Control: promtool really reads file_sd files here, so the pass above covers them.
    const broken = join(dir, 'broken-sd.json');
    writeFileSync(broken, '[{"targets": 3}]\n');
    const brokenConfig = join(dir, 'broken.yml');
    writeFileSync(brokenConfig, `scrape_configs:\n  - job_name: broken\n    file_sd_configs:\n      - files: [${JSON.stringify(broken)}]\n`);
    const control = await run('promtool', ['check', 'config', brokenConfig], 30_000);
    assert.notEqual(control.status, 0, 'promtool check config should reject a broken file_sd file');
    assert.match(`${control.stdout}${control.stderr}`, /SD file/);
  });

  test('promtool check service-discovery lists exactly the targets we wrote', async () => {
    // It always waits --timeout for more updates, so run every job at once.
    const results = await Promise.all(
      cases.map((c) => run('promtool', ['check', 'service-discovery', '--timeout=5s', configPath, c.job], 60_000)),
    );
    cases.forEach((c, i) => {
      const result = results[i]!;
      assert.equal(result.status, 0, `${c.origin}: ${result.stdout}${result.stderr}`);
      assert.doesNotMatch(result.stderr, /level=error/, `${c.origin}: ${result.stderr}`);
      const found = (JSON.parse(result.stdout) as ApiTarget[]).map((t) => t.discoveredLabels['__address__']);
      assert.deepEqual([...found].sort(), [...c.targets].sort(), c.origin);
    });
  });

  test('Prometheus discovers exactly the targets we wrote (HTTP API)', async () => {
    const expectedTotal = cases.reduce((sum, c) => sum + c.targets.length, 0);
    // The discovery manager batches updates (every 5 s): poll, bounded.
    let targets: TargetsResponse | undefined;
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      targets = (await getJson(`${baseUrl}/api/v1/targets`)) as TargetsResponse;
      const pools = new Set(targets.data.activeTargets.map((t) => t.scrapePool));
      if (targets.data.activeTargets.length >= expectedTotal && cases.every((c) => pools.has(c.job))) break;
      await sleep(500);
    }
    if (!targets) throw new Error('no answer from /api/v1/targets');
    const answer: TargetsResponse = targets;
    assert.equal(answer.status, 'success');
    assert.deepEqual(
      answer.data.droppedTargets.map((t) => t.discoveredLabels['__address__']),
      [],
      'Prometheus dropped targets',
    );
    for (const c of cases) {
      const active: ApiTarget[] = answer.data.activeTargets.filter((t) => t.scrapePool === c.job);
      const addresses = active.map((t) => t.discoveredLabels['__address__']);
      assert.deepEqual([...addresses].sort(), [...c.targets].sort(), `${c.origin}: discovered ${JSON.stringify(addresses)}`);
      for (const t of active) {
        assert.equal(t.discoveredLabels['__meta_filepath'], c.path, c.origin);
        assert.equal(t.scrapeUrl, `http://${t.discoveredLabels['__address__']}/metrics`, c.origin);
      }
    }
    assert.equal(answer.data.activeTargets.length, expectedTotal, 'targets from nowhere');
  });
});
