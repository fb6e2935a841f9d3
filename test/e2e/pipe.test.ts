// A reader that stops early (`thanos-gossip-migrate check --help | head -1`)
// closes the pipe: through the real bin, the run ends with its own exit code
// and nothing on stderr, not an EPIPE stack trace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, ROOT } from '../support.js';

function firstChunkThenClose(args: string[]): Promise<{ code: number | null; first: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let first = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString();
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, first, stderr }));
  });
}

test('stdout closed after the first chunk: the exit code is the run\'s own and stderr stays empty', async () => {
  const help = await firstChunkThenClose(['check', '--help']);
  assert.match(help.first, /^Usage: thanos-gossip-migrate check/);
  assert.equal(help.stderr, '');
  assert.equal(help.code, 0);

  // A check with findings on a fixture folder, its JSON cut short: still exit 1 (findings), no trace.
  const cut = await firstChunkThenClose(['check', '--format', 'json', 'fixtures/quickstart']);
  assert.match(cut.first, /^\{/);
  assert.equal(cut.stderr, '');
  assert.equal(cut.code, 1);
});
