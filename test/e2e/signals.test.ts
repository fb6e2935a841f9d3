// SIGTERM and SIGINT during `--write`, through the real bin (the process
// boundary is the point): the file in flight is finished or rolled back, no
// temp file survives, stderr says what was and was not written, the exit
// code is 143 / 130, and running the same command again finishes the job.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, readTree, runMain, tempDir, tempFilesIn } from '../support.js';

const COPIES = 60;

function stage(dir: string): void {
  for (let k = 0; k < COPIES; k++) {
    writeFileSync(join(dir, `sidecar-${String(k).padStart(3, '0')}.sh`), `#!/bin/sh\n./thanos sidecar --tsdb.path=/data/${k} --grpc-address=0.0.0.0:10901 --grpc-advertise-address=10.1.0.${k}:10901 --cluster.peers=10.0.0.1:10900 &\nwait\n`);
  }
  writeFileSync(join(dir, 'query.sh'), '#!/bin/sh\n./thanos query --http-address=0.0.0.0:10902 --cluster.address=10.0.0.1:10900 --cluster.peers=10.0.0.1:10900\n');
}

/** Runs `--write` in `dir` and sends `signal` as soon as the first temp file appears. */
function writeAndSignal(dir: string, signal: 'SIGTERM' | 'SIGINT'): Promise<{ code: number | null; killedBy: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--write', '-q', '.'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let sent = false;
    const watcher = watch(dir, (_event, name) => {
      if (sent || !name?.startsWith('.tgm-')) return;
      sent = true;
      child.kill(signal);
    });
    child.on('close', (code, killedBy) => {
      watcher.close();
      resolve({ code, killedBy, stderr });
    });
  });
}

for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  test(`${signal} during --write: the file in flight finished or rolled back, no temp file, what was written said, exit ${code}`, async () => {
    const root = tempDir(`signal-${signal}`);
    const reference = join(root, 'reference');
    const dir = join(root, 'tree');
    for (const path of [reference, dir]) {
      mkdirSync(path);
      stage(path);
    }
    const original = readTree(dir);
    assert.equal((await runMain(['--write', '-q', '.'], reference)).status, 0);
    const expected = readTree(reference);

    const run = await writeAndSignal(dir, signal);
    assert.equal(run.killedBy, null, 'the process exits by itself, not killed by the signal');
    assert.equal(run.code, code, run.stderr);
    assert.deepEqual(tempFilesIn(dir), [], 'no temp file survives the signal');
    const line = new RegExp(`^thanos-gossip-migrate: interrupted by ${signal}: wrote (\\d+) files?, created (\\d+) SD files?; not written: (.+) \\(run the same command again to finish\\)$`, 'm');
    const match = line.exec(run.stderr);
    assert.ok(match, run.stderr);
    const notWritten = match[3]!.split(', ');
    const now = readTree(dir);
    const changedNow = [...now.keys()].filter((name) => now.get(name) !== original.get(name));
    for (const name of changedNow) assert.equal(now.get(name), expected.get(name), `${name} is complete`);
    for (const name of notWritten) assert.equal(now.get(name), original.get(name), `${name} is listed as not written and is untouched`);
    assert.equal(Number(match[1]) + Number(match[2]), changedNow.length, 'the counts are what changed');
    assert.equal(changedNow.length + notWritten.length, [...expected.keys()].filter((name) => expected.get(name) !== original.get(name)).length, 'every planned file is either written or listed');
    assert.ok(notWritten.length > 0, 'the signal stopped the run before its end');

    const rerun = await runMain(['--write', '-q', '.'], dir);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.deepEqual(readTree(dir), expected);
  });
}
