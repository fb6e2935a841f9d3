// The progress line of check and migrate: on a terminal once the run passes
// the delay, one line redrawn in place and erased at the end; nothing off a
// terminal, with --quiet or under CI. Run in-process with a fake terminal on stderr, the
// delay set to 0 so that a small tree's run is long enough.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/io.js';
import { join } from 'node:path';
import { ROOT } from './support.js';

const ERASE = '\r\x1b[K';

async function check(argv: string[], stderrIsTTY: boolean, env: NodeJS.ProcessEnv, command: string[] = ['check', '--format', 'json']): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = join(ROOT, 'fixtures', 'check-rules', 'gossip-flag', 'input');
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    cwd: root,
    env: { NO_COLOR: '1', THANOS_GOSSIP_MIGRATE_PROGRESS_MS: '0', ...env },
    stdin: Readable.from([]),
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text), isTTY: stderrIsTTY },
  };
  const code = await main([...command, ...argv, '.'], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

test('on a terminal, a long check shows one progress line (files scanned, candidates, elapsed) and erases it; stdout is the report alone', async () => {
  const plain = await check([], false, {});
  const shown = await check([], true, {});
  assert.equal(shown.code, 1);
  assert.equal(shown.stdout, plain.stdout);
  const draws = shown.stderr.split(ERASE).filter((part) => part !== '');
  assert.ok(draws.length >= 1, JSON.stringify(shown.stderr));
  for (const draw of draws) assert.match(draw, /^thanos-gossip-migrate: \d+ files scanned, \d+ candidates, \d+\.\d s$/);
  assert.ok(shown.stderr.endsWith(ERASE), 'the line is erased at the end');
  assert.equal(plain.stderr, '');
});

test('no progress line with --quiet, under CI, or when stderr is not a terminal', async () => {
  assert.equal((await check(['--quiet'], true, {})).stderr, '');
  assert.equal((await check([], true, { CI: 'true' })).stderr, '');
  assert.equal((await check([], false, {})).stderr, '');
});

test('migrate draws the same line while it reads (on its own thread) and erases it before the preview', async () => {
  const migrate = ['migrate'];
  const plain = await check([], false, {}, migrate);
  const shown = await check([], true, {}, migrate);
  assert.equal(shown.code, plain.code);
  assert.equal(shown.stdout, plain.stdout);
  assert.ok(shown.stderr.startsWith(ERASE), JSON.stringify(shown.stderr));
  const [line, rest] = [shown.stderr.slice(ERASE.length, shown.stderr.indexOf(ERASE, ERASE.length)), shown.stderr.slice(shown.stderr.indexOf(ERASE, ERASE.length) + ERASE.length)];
  assert.match(line, /^thanos-gossip-migrate: \d+ files scanned, \d+ candidates, \d+\.\d s$/);
  assert.equal(rest, plain.stderr, 'after the erased line, stderr is what it is off a terminal');
  assert.equal((await check(['--quiet'], true, {}, migrate)).stderr, (await check(['--quiet'], false, {}, migrate)).stderr);
});
