// Crash safety: the real bin runs `--write` over 200 gossip scripts (~50 KB
// each) and an SD file consumer, and is killed with SIGKILL at seeded random
// moments. After every kill each file must be the original or the complete
// new version, never partial; temp files a killed run leaves (`.tgm-tmp-*`)
// are never read as inputs and are swept by the next run that writes there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runBin, tempDir } from './support.js';
import { sweepStaleTempFiles, TEMP_PREFIX } from '../src/output/write.js';

const COPIES = 200;
const KILLS = 5;

function gossipScript(k: number): string {
  const padding = Array.from({ length: 700 }, (_, line) => `# padding line ${line} of script ${k}: keeps the file near fifty kilobytes\n`).join('');
  return `#!/bin/sh\n${padding}./thanos sidecar \\\n  --tsdb.path=/data/${k} \\\n  --grpc-address=0.0.0.0:10901 \\\n  --grpc-advertise-address=10.1.${k >> 8}.${k & 255}:10901 \\\n  --cluster.address=0.0.0.0:10900 \\\n  --cluster.peers=10.0.0.1:10900 &\nwait\n`;
}
// The Querier is the mesh's seed (10.0.0.1): the mesh is closed, every sidecar is its StoreAPI.
const QUERY = '#!/bin/sh\n./thanos query --http-address=0.0.0.0:10902 --cluster.address=10.0.0.1:10900 --cluster.peers=10.0.0.1:10900\n';

function stageTree(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < COPIES; k++) writeFileSync(join(dir, `sidecar-${String(k).padStart(3, '0')}.sh`), gossipScript(k));
  writeFileSync(join(dir, 'query.sh'), QUERY);
}

/** A small seeded PRNG (mulberry32), so a failing kill moment can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Run `--write` in `dir`; once the first temp file appears (the write phase
 * has begun), SIGKILL it after `delayMs`. Returns how long the write phase ran
 * when the run was not killed.
 */
function runAndKill(dir: string, delayMs: number | null): Promise<{ killed: boolean; code: number | null; writeMs: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--write', '-q', '.'], { cwd: dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    let killed = false;
    let firstWrite = 0;
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dir, (_event, name) => {
      if (firstWrite !== 0 || !name?.startsWith(TEMP_PREFIX)) return;
      firstWrite = Date.now();
      if (delayMs !== null) timer = setTimeout(() => (killed = child.kill('SIGKILL')), delayMs);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      watcher.close();
      resolve({ killed: killed && code === null, code, writeMs: firstWrite === 0 ? 0 : Date.now() - firstWrite });
    });
  });
}

test('crash safety: SIGKILL at random moments of --write leaves every file old or new, never partial', { timeout: 120_000 }, async (t) => {
  const root = tempDir('crash');
  // The expected result, from one complete run on a copy; it also measures the write phase.
  const reference = join(root, 'reference');
  stageTree(reference);
  const full = await runAndKill(reference, null);
  assert.equal(full.code, 0);
  assert.ok(full.writeMs > 0, 'the write phase was observed');
  const expected = new Map(readdirSync(reference).map((name) => [name, readFileSync(join(reference, name), 'utf8')]));
  assert.ok(expected.has('thanos-store-sd.yaml'), 'the run writes an SD file too');

  const random = prng(Number(process.env.CRASH_SEED ?? 6));
  let kills = 0;
  let mixed = 0;
  let leftovers = 0;
  for (let round = 0; round < KILLS; round++) {
    const dir = join(root, `tree-${round}`);
    stageTree(dir);
    const original = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    // Anywhere in the write phase, and a little past it.
    const { killed } = await runAndKill(dir, Math.floor(random() * full.writeMs * 1.2));
    if (killed) kills++;
    let olds = 0;
    let news = 0;
    for (const name of readdirSync(dir)) {
      if (name.startsWith(TEMP_PREFIX)) {
        leftovers++;
        continue;
      }
      const text = readFileSync(join(dir, name), 'utf8');
      const isOld = original.get(name) === text;
      const isNew = expected.get(name) === text;
      assert.ok(isOld || isNew, `${name} after kill ${round} is neither the original nor the new version (${text.length} chars)`);
      if (isOld && !isNew) olds++;
      if (isNew && !isOld) news++;
    }
    if (olds > 0 && news > 0) mixed++;
    // A Querier never names an SD file that is not there (SD files are written first).
    if (readFileSync(join(dir, 'query.sh'), 'utf8') === expected.get('query.sh')) assert.equal(readFileSync(join(dir, 'thanos-store-sd.yaml'), 'utf8'), expected.get('thanos-store-sd.yaml'));

    // The next complete run finishes the job, reads no temp file as input, and leaves none behind.
    const next = runBin(['--write', '.'], { cwd: dir });
    assert.equal(next.status, 0, next.stderr);
    assert.doesNotMatch(next.stderr, /tgm-tmp/, 'temp files are not inputs');
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith(TEMP_PREFIX)), [], 'no temp files after the next run');
    assert.deepEqual(readdirSync(dir).sort(), [...expected.keys()].sort());
    for (const [name, text] of expected) assert.equal(readFileSync(join(dir, name), 'utf8'), text, name);
  }
  t.diagnostic(`write phase ${full.writeMs} ms; ${kills}/${KILLS} runs killed; ${mixed} kills left a mix of old and new files; ${leftovers} temp files left by killed runs`);
  assert.ok(mixed > 0, 'at least one kill landed mid-write');
});

test('stale temp files: never read as inputs, swept from directories the next run writes to', () => {
  const dir = tempDir('stale-temp');
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n./thanos sidecar --tsdb.path=/data --cluster.peers=10.0.0.1:10900 &\n');
  // What a run killed mid-write leaves: a partial copy that still mentions thanos and gossip.
  const stale = join(dir, `${TEMP_PREFIX}run.sh.0123456789ab`);
  writeFileSync(stale, '#!/bin/sh\n./thanos sidecar --tsdb.path=/data --cluster.pe');
  const old = new Date(Date.now() - 60_000);
  utimesSync(stale, old, old);
  const preview = runBin(['.'], { cwd: dir });
  assert.doesNotMatch(preview.stdout + preview.stderr, /tgm-tmp/, 'a temp file is not an input');
  const write = runBin(['--write', '.'], { cwd: dir });
  assert.equal(write.status, 0, write.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ['run.sh']);
});

test('sweepStaleTempFiles keeps temp files newer than the run and files without the prefix', async () => {
  const dir = tempDir('sweep');
  const old = new Date(Date.now() - 60_000);
  for (const name of [`${TEMP_PREFIX}a.0`, `${TEMP_PREFIX}b.1`, 'keep.sh']) {
    writeFileSync(join(dir, name), 'x');
    utimesSync(join(dir, name), old, old);
  }
  writeFileSync(join(dir, `${TEMP_PREFIX}inflight.2`), 'x');
  mkdirSync(join(dir, `${TEMP_PREFIX}dir`));
  const removed = await sweepStaleTempFiles(dir, Date.now() - 1000);
  assert.deepEqual(removed.map((path) => path.slice(dir.length + 1)).sort(), [`${TEMP_PREFIX}a.0`, `${TEMP_PREFIX}b.1`]);
  assert.deepEqual(readdirSync(dir).sort(), [`${TEMP_PREFIX}dir`, `${TEMP_PREFIX}inflight.2`, 'keep.sh']);
});
