// Interrupted writes can always be finished by running the same command
// again. Five trees, because the order of names decides nothing: scripts
// whose Querier sorts first; units whose sidecars sort before the Querier;
// units where the Querier and the Ruler sort first and the Ruler's only
// evidence of its Querier is the Querier's own advertise flag; shell sidecars
// and a compose Querier. Each is stopped after every file in process (the
// write loop's hook, deterministic), and killed with SIGKILL at seeded random
// moments through the real bin. After each stop: every file is the original
// or the complete new version, a Querier never names an SD file that is not
// there, and one rerun finishes byte-exact with no temp file left.
//
// The fifth tree is the one no order can finish alone: a Querier and a Ruler
// that are each other's only evidence (each advertises through gossip what
// the other needs, and each one's gossip flags make the other a member of its
// mesh). Whichever goes first erases the other's evidence; the rerun finishes
// because it reads back the SD file the first run wrote (the tool's header).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readFileSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, memoryIo, readTree, ROOT, runMain, scripted, tempDir, tempFilesIn } from './support.js';
import { loadDeployment, planMigration, thanosPodLabelValues, writePlan } from '../src/index.js';
import { migrationOptions } from '../src/raw-options.js';
import { readTextOrNull } from '../src/sources/read.js';
import { runWizard } from '../src/wizard/run.js';

interface TreeSpec {
  name: string;
  /** Writes the tree; `copies` providers, each padded with `padLines` comment lines. */
  stage(dir: string, copies: number, padLines: number): void;
  /** consumer file -> the SD file it names, both relative. */
  readers: Record<string, string>;
}

const pad = (lines: number, label: string) => Array.from({ length: lines }, (_, line) => `# padding line ${line} of ${label}: keeps the file large enough to be caught mid-write\n`).join('');
const numbered = (k: number) => String(k).padStart(3, '0');

const TREES: TreeSpec[] = [
  {
    name: 'scripts, Querier first (query.sh < sidecar-*.sh)',
    stage(dir, copies, padLines) {
      for (let k = 0; k < copies; k++) {
        writeFileSync(
          join(dir, `sidecar-${numbered(k)}.sh`),
          `#!/bin/sh\n${pad(padLines, `script ${k}`)}./thanos sidecar \\\n  --tsdb.path=/data/${k} \\\n  --grpc-address=0.0.0.0:10901 \\\n  --grpc-advertise-address=10.1.${k >> 8}.${k & 255}:10901 \\\n  --cluster.address=0.0.0.0:10900 \\\n  --cluster.peers=10.0.0.1:10900 &\nwait\n`,
        );
      }
      writeFileSync(join(dir, 'query.sh'), '#!/bin/sh\n./thanos query --http-address=0.0.0.0:10902 --cluster.address=10.0.0.1:10900 --cluster.peers=10.0.0.1:10900\n');
    },
    readers: { 'query.sh': 'thanos-store-sd.yaml' },
  },
  {
    name: 'units, sidecars first (a-sidecar-*.service < z-query.service)',
    stage(dir, copies, padLines) {
      for (let k = 0; k < copies; k++) writeFileSync(join(dir, `a-sidecar-${numbered(k)}.service`), sidecarUnit(k, padLines));
      writeFileSync(join(dir, 'z-query.service'), queryUnit);
    },
    readers: { 'z-query.service': 'thanos-store-sd.yaml' },
  },
  {
    name: 'units, Querier and Ruler first (thanos-query < thanos-rule < thanos-sidecar-*)',
    stage(dir, copies, padLines) {
      writeFileSync(join(dir, 'thanos-query.service'), queryUnit);
      // The Ruler's StoreAPI address is a plain flag that stays; its Querier is known only from the Querier's advertise flag.
      writeFileSync(
        join(dir, 'thanos-rule.service'),
        '[Service]\nExecStart=/usr/local/bin/thanos rule \\\n  --data-dir=/var/lib/thanos/rule \\\n  --rule-file=/etc/thanos/rules/*.yaml \\\n  --grpc-address=10.0.0.6:10901 \\\n  --cluster.address=0.0.0.0:10900 \\\n  --cluster.peers=10.0.0.1:10900\n',
      );
      for (let k = 0; k < copies; k++) writeFileSync(join(dir, `thanos-sidecar-${numbered(k)}.service`), sidecarUnit(k, padLines));
    },
    readers: { 'thanos-query.service': 'thanos-store-sd.yaml', 'thanos-rule.service': 'thanos-query-sd.yaml' },
  },
  {
    name: 'units, a Querier and a Ruler that are each other\'s only evidence (advertise flags both ways)',
    stage(dir, copies, padLines) {
      writeFileSync(
        join(dir, 'thanos-query.service'),
        '[Service]\nExecStart=/usr/local/bin/thanos query \\\n  --http-address=0.0.0.0:10902 \\\n  --http-advertise-address=10.0.0.5:10902 \\\n  --cluster.address=10.0.0.1:10900 \\\n  --cluster.peers=10.0.0.1:10900\n',
      );
      writeFileSync(
        join(dir, 'thanos-rule.service'),
        '[Service]\nExecStart=/usr/local/bin/thanos rule \\\n  --data-dir=/var/lib/thanos/rule \\\n  --rule-file=/etc/thanos/rules/*.yaml \\\n  --grpc-advertise-address=10.0.0.6:10901 \\\n  --cluster.peers=10.0.0.1:10900\n',
      );
      for (let k = 0; k < copies; k++) writeFileSync(join(dir, `thanos-sidecar-${numbered(k)}.service`), sidecarUnit(k, padLines));
    },
    readers: { 'thanos-query.service': 'thanos-store-sd.yaml', 'thanos-rule.service': 'thanos-query-sd.yaml' },
  },
  {
    name: 'shell sidecars and a compose Querier (a-sidecar-*.sh < docker-compose.yml)',
    stage(dir, copies, padLines) {
      for (let k = 0; k < copies; k++) {
        writeFileSync(
          join(dir, `a-sidecar-${numbered(k)}.sh`),
          `#!/bin/sh\n${pad(padLines, `script ${k}`)}./thanos sidecar --tsdb.path=/data/${k} --grpc-address=0.0.0.0:10901 --grpc-advertise-address=10.1.${k >> 8}.${k & 255}:10901 --cluster.peers=10.0.0.1:10900 &\nwait\n`,
        );
      }
      writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  query:\n    image: improbable/thanos:v0.3.2\n    command:\n      - query\n      - --http-address=0.0.0.0:10902\n      - --cluster.address=10.0.0.1:10900\n      - --cluster.peers=10.0.0.1:10900\n');
    },
    readers: { 'docker-compose.yml': 'thanos-store-sd.query.yaml' },
  },
];

function sidecarUnit(k: number, padLines: number): string {
  return `[Unit]\nDescription=Thanos sidecar ${k}\n${pad(padLines, `unit ${k}`)}\n[Service]\nExecStart=/usr/local/bin/thanos sidecar \\\n  --tsdb.path=/var/lib/prometheus/${k} \\\n  --grpc-address=0.0.0.0:10901 \\\n  --grpc-advertise-address=10.1.${k >> 8}.${k & 255}:10901 \\\n  --cluster.address=0.0.0.0:10900 \\\n  --cluster.peers=10.0.0.1:10900\n`;
}

const queryUnit =
  '[Unit]\nDescription=Thanos Query\n\n[Service]\nExecStart=/usr/local/bin/thanos query \\\n  --http-address=0.0.0.0:10902 \\\n  --http-advertise-address=10.0.0.5:10902 \\\n  --grpc-address=0.0.0.0:10901 \\\n  --cluster.address=10.0.0.1:10900 \\\n  --cluster.peers=10.0.0.1:10900\n\n[Install]\nWantedBy=multi-user.target\n';

function staged(spec: TreeSpec, dir: string, copies: number, padLines: number): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  spec.stage(dir, copies, padLines);
  return readTree(dir);
}

/** After a stop: each file old or new, no SD file missing under a reader, and the names of what is new. */
function assertOldOrNew(spec: TreeSpec, dir: string, original: Map<string, string>, expected: Map<string, string>, when: string): { olds: number; news: number } {
  let olds = 0;
  let news = 0;
  for (const [name, text] of readTree(dir)) {
    if (/(^|\/)\.tgm-/.test(name)) continue;
    const isOld = original.get(name) === text;
    const isNew = expected.get(name) === text;
    assert.ok(isOld || isNew, `${name} ${when} is neither the original nor the new version (${text.length} chars)`);
    if (isOld && !isNew) olds++;
    if (isNew && !isOld) news++;
  }
  for (const [reader, sd] of Object.entries(spec.readers)) {
    if (readFileSync(join(dir, reader), 'utf8') === expected.get(reader)) assert.equal(readTree(dir).get(sd), expected.get(sd), `${reader} is written ${when}, so ${sd} must be`);
  }
  return { olds, news };
}

/** The rerun finishes the job: exit 0, byte-exact, no temp file left. */
async function assertRerunFinishes(dir: string, expected: Map<string, string>, when: string): Promise<void> {
  const rerun = await runMain(['--write', '-q', '.'], dir);
  assert.equal(rerun.status, 0, `rerun ${when}:\n${rerun.stderr}`);
  assert.deepEqual(tempFilesIn(dir), [], `no temp file after the rerun ${when}`);
  assert.deepEqual(readTree(dir), expected, `the rerun ${when} finishes byte-exact`);
}

for (const spec of TREES) {
  test(`stopped after each file, then rerun: ${spec.name}`, async () => {
    const root = tempDir('stop');
    const reference = join(root, 'reference');
    staged(spec, reference, 3, 2);
    const first = await runMain(['--write', '-q', '.'], reference);
    assert.equal(first.status, 0, first.stderr);
    const expected = readTree(reference);
    const untouched = staged(spec, join(root, 'probe'), 3, 2);
    const files = [...expected.keys()].filter((name) => untouched.get(name) !== expected.get(name));
    for (let stopAfter = 1; stopAfter < files.length; stopAfter++) {
      for (const when of ['after the rename', 'before the rename'] as const) {
        const dir = join(root, `stop-${stopAfter}-${when === 'after the rename' ? 'a' : 'b'}`);
        const original = staged(spec, dir, 3, 2);
        const controller = new AbortController();
        let done = 0;
        const stop = () => {
          if (++done === stopAfter) controller.abort('SIGTERM');
        };
        const loaded = await loadDeployment(['.'], thanosPodLabelValues, { cwd: dir });
        const plan = planMigration(loaded.files, migrationOptions({}), (path) => readTextOrNull(join(dir, path)));
        const outcome = await writePlan(plan, { kind: 'in-place', inputs: ['.'] }, {
          cwd: dir,
          signal: controller.signal,
          hooks: when === 'after the rename' ? { afterFile: stop } : { afterTempWritten: stop },
        });
        const label = `(stopped ${when} of file ${stopAfter} of ${files.length})`;
        assert.equal(outcome.interrupted, 'SIGTERM', label);
        assert.equal(outcome.written.length + outcome.created.length, when === 'after the rename' ? stopAfter : stopAfter - 1, label);
        assert.deepEqual(tempFilesIn(dir), [], `the file in flight leaves no temp file ${label}`);
        assertOldOrNew(spec, dir, original, expected, label);
        await assertRerunFinishes(dir, expected, label);
      }
    }
  });
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

/** Run the real bin's `--write` in `dir`; once the first temp file appears (the write phase has begun), SIGKILL it after `delayMs`. */
function runAndKill(dir: string, delayMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--write', '-q', '.'], { cwd: dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    let killed = false;
    let firstWrite = 0;
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dir, (_event, name) => {
      if (firstWrite !== 0 || !name?.startsWith('.tgm-')) return;
      firstWrite = Date.now();
      timer = setTimeout(() => (killed = child.kill('SIGKILL')), delayMs);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      watcher.close();
      resolve({ killed: killed && code === null, code });
    });
  });
}

/** A complete in-process run (no spawn), timing its write phase from the first temp file. */
async function timedWritePhase(dir: string): Promise<{ code: number | null; writeMs: number }> {
  let firstWrite = 0;
  const watcher = watch(dir, (_event, name) => {
    if (firstWrite === 0 && name?.startsWith('.tgm-')) firstWrite = Date.now();
  });
  const run = await runMain(['--write', '-q', '.'], dir);
  // Let the watcher deliver what it saw before it closes.
  await new Promise((resolve) => setTimeout(resolve, 20));
  watcher.close();
  return { code: run.status, writeMs: firstWrite === 0 ? 0 : Date.now() - firstWrite };
}

const KILL_TREES: { spec: TreeSpec; copies: number; padLines: number; kills: number }[] = [
  { spec: TREES[0]!, copies: 60, padLines: 100, kills: 2 },
  { spec: TREES[1]!, copies: 30, padLines: 20, kills: 2 },
  { spec: TREES[2]!, copies: 30, padLines: 20, kills: 2 },
  { spec: TREES[3]!, copies: 30, padLines: 20, kills: 1 },
];

test('SIGKILL at random moments of --write: every file old or new, and every rerun finishes', { timeout: 180_000 }, async (t) => {
  const random = prng(Number(process.env.CRASH_SEED ?? 6));
  let mixed = 0;
  for (const { spec, copies, padLines, kills } of KILL_TREES) {
    const root = tempDir('crash');
    // The expected result, from one complete run on a copy; it also measures the write phase.
    const reference = join(root, 'reference');
    staged(spec, reference, copies, padLines);
    const full = await timedWritePhase(reference);
    assert.equal(full.code, 0, spec.name);
    assert.ok(full.writeMs > 0, 'the write phase was observed');
    const expected = readTree(reference);
    let killed = 0;
    let treeMixed = 0;
    for (let round = 0; round < kills; round++) {
      const dir = join(root, `tree-${round}`);
      const original = staged(spec, dir, copies, padLines);
      // Anywhere in the write phase, and a little past it.
      const run = await runAndKill(dir, Math.floor(random() * full.writeMs * 1.2));
      if (run.killed) killed++;
      const { olds, news } = assertOldOrNew(spec, dir, original, expected, `after kill ${round} (${spec.name})`);
      if (olds > 0 && news > 0) treeMixed++;
      await assertRerunFinishes(dir, expected, `after kill ${round} (${spec.name})`);
    }
    mixed += treeMixed;
    t.diagnostic(`${spec.name}: write phase ${full.writeMs} ms; ${killed}/${kills} runs killed; ${treeMixed} left a mix of old and new files`);
  }
  assert.ok(mixed > 0, 'at least one kill landed mid-write');
});

// The wizard writes through the same path -----------------------------------

const WIZARD_COMPOSE = join(ROOT, 'fixtures', 'wizard', 'compose');
const WIZARD_OPTIONS = { thanosVersion: 'v0.5.0', sdFormat: 'yaml', sdPath: '/etc/thanos/sd.yaml' };

test('wizard: the SD file is written before the compose file that reads it', async () => {
  const dir = tempDir('wizard-order');
  cpSync(WIZARD_COMPOSE, join(dir, 'compose'), { recursive: true });
  const order: string[] = [];
  const io = memoryIo(dir);
  const code = await runWizard('compose', WIZARD_OPTIONS, io, { prompter: scripted(['accept', true]), interactive: true, writeHooks: { afterFile: (path) => void order.push(path) } });
  assert.equal(code, 0, io.err());
  assert.deepEqual(order, ['compose/sd.query.yaml', 'compose/docker-compose.yml']);
  assert.match(io.out(), /^created compose\/sd\.query\.yaml\nwrote compose\/docker-compose\.yml\nwrote 1 file, created 1 SD file\n/m);
  assert.deepEqual(tempFilesIn(dir), []);
});

test('wizard: a write that would land outside the tree (an SD file that is a link out) is refused, and nothing is written', async () => {
  const dir = tempDir('wizard-outside');
  cpSync(WIZARD_COMPOSE, join(dir, 'compose'), { recursive: true });
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(dir, 'outside', 'victim.yaml'), 'mine\n');
  symlinkSync(join(dir, 'outside', 'victim.yaml'), join(dir, 'compose', 'sd.query.yaml'));
  const before = readTree(join(dir, 'compose'));
  const io = memoryIo(dir);
  const code = await runWizard('compose', WIZARD_OPTIONS, io, { prompter: scripted(['accept', true]), interactive: true });
  assert.equal(code, 3, io.out());
  assert.match(io.out(), /^thanos-gossip-migrate: nothing written: compose\/sd\.query\.yaml would land outside the input tree\n {2}compose\/sd\.query\.yaml: it would land at .*\/outside\/victim\.yaml, outside the tree\n/m);
  assert.equal(readFileSync(join(dir, 'outside', 'victim.yaml'), 'utf8'), 'mine\n');
  assert.equal(lstatSync(join(dir, 'compose', 'sd.query.yaml')).isSymbolicLink(), true);
  assert.deepEqual(readTree(join(dir, 'compose')), before);
});
