// Hostile and broken inputs, one test each, generated in temp dirs. Every
// hostile file holds a Thanos token, so the byte prefilter lets it through
// to the parsers. Each run also holds a gossip-era script, run.sh, which
// must be migrated whatever happens to its neighbour. A failed input gives a
// one-line `file[:line:col]: error:` and exit 3; a skip gives
// `file: skipped: reason` and does not fail the run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir } from './support.js';

const RUN_SH = '#!/bin/sh\n./thanos sidecar \\\n  --tsdb.path=/data \\\n  --cluster.peers=10.0.0.1:10900 &\n';
const RUN_SH_MIGRATED = '#!/bin/sh\n./thanos sidecar \\\n  --tsdb.path=/data &\n';

interface Outcome {
  status: number | null;
  stderr: string;
  dir: string;
  /** Lines of the report that name `name`. */
  linesFor: (name: string) => string[];
  ms: number;
  maxRssKb: number | null;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * The Node that runs the tool as another user: the test's own, unless it
 * lives under /root (CI's node@22/node@24 from npx), which `nobody` cannot
 * execute; then the machine's own Node.
 */
function nodeFor(uid: number | undefined): string {
  if (uid === undefined || !process.execPath.startsWith('/root/')) return process.execPath;
  return ['/usr/local/bin/node', '/usr/bin/node'].find((path) => existsSync(path)) ?? process.execPath;
}

function migrate(setup: (dir: string) => void, options: { uid?: number; args?: string[] } = {}): Outcome {
  const dir = tempDir('hostile');
  writeFileSync(join(dir, 'run.sh'), RUN_SH);
  setup(dir);
  const args = [BIN, '--write', ...(options.args ?? ['.'])];
  const started = Date.now();
  const result = TIME
    ? spawnSync(TIME, ['-f', 'MAXRSS=%M', nodeFor(options.uid), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}) })
    : spawnSync(nodeFor(options.uid), args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}) });
  const ms = Date.now() - started;
  const rss = /MAXRSS=(\d+)/.exec(result.stderr);
  const status = TIME && /Command exited with non-zero status (\d+)/.exec(result.stderr);
  const stderr = result.stderr.replace(/^(Command exited.*|MAXRSS=\d+)\n/gm, '');
  return {
    status: TIME ? (status ? Number(status[1]) : result.status === 0 ? 0 : result.status) : result.status,
    stderr,
    dir,
    linesFor: (name) => stderr.split('\n').filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name} `)),
    ms,
    maxRssKb: rss ? Number(rss[1]) : null,
  };
}

/** run.sh was migrated exactly. */
function assertNeighbourMigrated(outcome: Outcome): void {
  assert.equal(readFileSync(join(outcome.dir, 'run.sh'), 'utf8'), RUN_SH_MIGRATED, outcome.stderr);
}

function assertOneError(outcome: Outcome, name: string, pattern: RegExp): void {
  const lines = outcome.linesFor(name);
  assert.equal(lines.length, 1, `one line for ${name}:\n${outcome.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.equal(outcome.status, 3, outcome.stderr);
  assertNeighbourMigrated(outcome);
}

function assertSkip(outcome: Outcome, name: string, reason: RegExp): void {
  const lines = outcome.linesFor(name);
  assert.equal(lines.length, 1, `one line for ${name}:\n${outcome.stderr}`);
  assert.match(lines[0]!, new RegExp(`^${name.replace(/[.]/g, '\\.')}: skipped: ${reason.source}`));
  assert.equal(outcome.status, 0, `a skip alone is not a failure:\n${outcome.stderr}`);
  assertNeighbourMigrated(outcome);
}

test('hostile: invalid YAML is one error with file:line:col', () => {
  const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: thanos\nspec: [unclosed\n  containers: {\n';
  const outcome = migrate((dir) => writeFileSync(join(dir, 'bad.yaml'), yaml));
  assertOneError(outcome, 'bad.yaml', /^bad\.yaml:\d+:\d+: error: YAML parse error: /);
  assert.equal(readFileSync(join(outcome.dir, 'bad.yaml'), 'utf8'), yaml);
});

test('hostile: broken Helm quoting names the item', () => {
  const chart = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: thanos-query\nspec:\n  template:\n    spec:\n      containers:\n      - name: thanos-query\n        image: improbable/thanos:v0.3.2\n        args:\n        - "query"\n        - "--cluster.peers={{ .Values.peers }}\n        - "--log.level=info"\n';
  const outcome = migrate((dir) => {
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'query.yaml'), chart);
  });
  assertOneError(outcome, 'templates/query.yaml', /^templates\/query\.yaml:13:11: error: unterminated double quote/);
});

test('hostile: duplicate keys fail the file, which stays untouched', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: thanos\nspec:\n  containers:\n  - name: thanos\n    image: improbable/thanos:v0.3.2\n    args: ["sidecar", "--cluster.peers=a:10900"]\n    args: ["sidecar", "--cluster.address=0.0.0.0:10900"]\n';
  const outcome = migrate((dir) => writeFileSync(join(dir, 'dup.yaml'), pod));
  assertOneError(outcome, 'dup.yaml', /^dup\.yaml:10:5: error: YAML parse error: duplicated mapping key "args"/);
  assert.equal(readFileSync(join(outcome.dir, 'dup.yaml'), 'utf8'), pod);
});

test('hostile: a binary file is skipped with a reason', () => {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
  const outcome = migrate((dir) => writeFileSync(join(dir, 'thanos.bin'), Buffer.concat([bytes, Buffer.from('thanos store')])));
  assertSkip(outcome, 'thanos.bin', /binary file/);
});

test('hostile: a file skipped for NUL bytes that names a gossip flag is a manual finding, not clean', () => {
  const outcome = migrate((dir) => writeFileSync(join(dir, 'nul.sh'), '#!/bin/sh\n# a stray \0 in a comment\nthanos sidecar --cluster.peers=10.0.0.1:10900\n'));
  assert.deepEqual(outcome.linesFor('nul.sh:3:16'), ['nul.sh:3:16: error: --cluster.peers: manual: a file with NUL bytes, which the tool does not rewrite: edit it by hand, or remove the NUL bytes and migrate it [gossip-flag-manual]']);
  assert.equal(outcome.status, 1, outcome.stderr);
  assertNeighbourMigrated(outcome);
});

test('hostile: non-UTF-8 names the line and column of the first bad byte', () => {
  const outcome = migrate((dir) => writeFileSync(join(dir, 'latin1.sh'), Buffer.from('#!/bin/sh\n# café\nthanos sidecar --cluster.peers=x # caf\xe9\n', 'latin1')));
  assertOneError(outcome, 'latin1.sh', /^latin1\.sh: error: not valid UTF-8 at line 2, column 6 \(byte 0xe9\)$/);
});

test('hostile: a UTF-8 BOM survives the rewrite', () => {
  const outcome = migrate((dir) => writeFileSync(join(dir, 'bom.sh'), '\uFEFF#!/bin/sh\nthanos store --data-dir=d --cluster.peers=x:10900\n'));
  assert.equal(outcome.status, 0, outcome.stderr);
  assert.equal(readFileSync(join(outcome.dir, 'bom.sh'), 'utf8'), '\uFEFF#!/bin/sh\nthanos store --data-dir=d\n');
  assertNeighbourMigrated(outcome);
});

test('hostile: CRLF stays CRLF, continuations included', () => {
  const outcome = migrate((dir) => writeFileSync(join(dir, 'crlf.sh'), '#!/bin/sh\r\nthanos store \\\r\n  --data-dir=d \\\r\n  --cluster.peers=x:10900 &\r\n'));
  assert.equal(outcome.status, 0, outcome.stderr);
  assert.equal(readFileSync(join(outcome.dir, 'crlf.sh'), 'utf8'), '#!/bin/sh\r\nthanos store \\\r\n  --data-dir=d &\r\n');
  assertNeighbourMigrated(outcome);
});

/** 200 MB of YAML-ish text written in 1 MB chunks; `token` goes at the very end, past any prefix a reader might sample. */
function writeHuge(path: string, token: string): void {
  const line = Buffer.from('key: value value value value value value value value value value\n');
  const chunk = Buffer.concat(Array.from({ length: Math.floor((1 << 20) / line.length) }, () => line));
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < 200 * (1 << 20); written += chunk.length) writeSync(fd, chunk);
    writeSync(fd, token);
  } finally {
    closeSync(fd);
  }
}

test('hostile: a 200 MB file with a Thanos token is refused unread, in bounded time and memory', (t) => {
  const outcome = migrate((dir) => writeHuge(join(dir, 'huge.yaml'), '# thanos --cluster.peers\n'));
  t.diagnostic(`200 MB with token: ${outcome.ms} ms, max RSS ${outcome.maxRssKb ?? '?'} KB`);
  assertOneError(outcome, 'huge.yaml', /^huge\.yaml: error: file too large to migrate \(20\d MB, limit 32 MB\); not read$/);
  assert.ok(outcome.ms < 15_000, `${outcome.ms} ms`);
  if (outcome.maxRssKb !== null) assert.ok(outcome.maxRssKb < 300_000, `max RSS ${outcome.maxRssKb} KB`);
});

test('hostile: a 200 MB file without a token is passed over in bounded time and memory', (t) => {
  const outcome = migrate((dir) => writeHuge(join(dir, 'huge.yaml'), 'the end\n'));
  t.diagnostic(`200 MB without token: ${outcome.ms} ms, max RSS ${outcome.maxRssKb ?? '?'} KB`);
  assert.equal(outcome.status, 0, outcome.stderr);
  assert.deepEqual(outcome.linesFor('huge.yaml'), []);
  assertNeighbourMigrated(outcome);
  assert.ok(outcome.ms < 15_000, `${outcome.ms} ms`);
  if (outcome.maxRssKb !== null) assert.ok(outcome.maxRssKb < 300_000, `max RSS ${outcome.maxRssKb} KB`);
});

test('hostile: a YAML alias bomb is never expanded', () => {
  const lines = ['# thanos', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  let previous = 'a';
  for (const name of 'bcdefghi') {
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    previous = name;
  }
  lines.push('apiVersion: v1', 'kind: Pod', 'metadata: {name: thanos}', 'spec: {containers: [{name: thanos, image: improbable/thanos:v0.3.2, args: *i}]}', '');
  const outcome = migrate((dir) => writeFileSync(join(dir, 'bomb.yaml'), lines.join('\n')));
  assert.equal(outcome.status, 0, outcome.stderr);
  assert.ok(outcome.ms < 10_000, `${outcome.ms} ms`);
  assert.equal(readFileSync(join(outcome.dir, 'bomb.yaml'), 'utf8'), lines.join('\n'));
  assertNeighbourMigrated(outcome);
});

test('hostile: very deep nesting (flow and block) is one parse error each', () => {
  const outcome = migrate((dir) => {
    writeFileSync(join(dir, 'deep-flow.yaml'), `# thanos\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    writeFileSync(join(dir, 'deep-block.yaml'), `# thanos\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`);
  });
  assertOneError(outcome, 'deep-flow.yaml', /^deep-flow\.yaml:2:\d+: error: YAML parse error: nesting exceeded/);
  assertOneError(outcome, 'deep-block.yaml', /^deep-block\.yaml:\d+:\d+: error: YAML parse error: nesting exceeded/);
});

test('hostile: symlink loops are skipped in a walk and fail when named', () => {
  const walked = migrate((dir) => {
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    symlinkSync('.', join(dir, 'self'));
  });
  for (const name of ['loop-a', 'loop-b', 'self']) assert.match(walked.linesFor(name).join('\n'), new RegExp(`^${name}: skipped: symbolic link`));
  assert.equal(walked.status, 0, walked.stderr);
  assertNeighbourMigrated(walked);

  const named = migrate(
    (dir) => {
      symlinkSync('loop-b', join(dir, 'loop-a'));
      symlinkSync('loop-a', join(dir, 'loop-b'));
    },
    { args: ['loop-a', 'run.sh'] },
  );
  assertOneError(named, 'loop-a', /^loop-a: error: .*ELOOP/);
});

test('hostile: an unreadable file (EACCES) is one error', (t) => {
  // chmod 000 stops nobody who is root, and CI runs as root: there the tool
  // runs as `nobody` (uid 65534) so the kernel really refuses the read.
  const isRoot = process.getuid?.() === 0;
  const outcome = migrate(
    (dir) => {
      writeFileSync(join(dir, 'secret.sh'), '#!/bin/sh\nthanos sidecar --cluster.peers=x\n');
      chmodSync(join(dir, 'secret.sh'), 0o000);
      if (isRoot) {
        chmodSync(dir, 0o777);
        chmodSync(join(dir, 'run.sh'), 0o666);
      }
    },
    isRoot ? { uid: 65534 } : {},
  );
  t.diagnostic(isRoot ? 'ran the tool as uid 65534 (root ignores chmod 000)' : 'ran as a normal user');
  assertOneError(outcome, 'secret.sh', /^secret\.sh: error: cannot read: EACCES/);
});

test('hostile: empty files are passed over', () => {
  const outcome = migrate((dir) => {
    writeFileSync(join(dir, 'empty.sh'), '');
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'comment-only.yaml'), '# thanos\n');
    writeFileSync(join(dir, 'thanos.service'), '');
  });
  assert.equal(outcome.status, 0, outcome.stderr);
  for (const name of ['empty.sh', 'empty.yaml', 'comment-only.yaml', 'thanos.service']) assert.deepEqual(outcome.linesFor(name), [], name);
  assertNeighbourMigrated(outcome);
});
