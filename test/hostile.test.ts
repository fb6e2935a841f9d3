// The hostile-input catalogue: one kind per row, each generated in its own
// temp tree beside run.sh (a gossip-era script) and an `outside/` folder.
// For every kind the harness asserts that nothing outside the tree was read
// or written, nothing from outside was echoed, and the run took under 10 s
// and 500 MB; the row asserts the exit code, the message (with file:line
// where the input has lines), and that run.sh was still migrated (or, for
// check, still reported). No output, in any kind, carries a raw control,
// bidi or invisible character.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, closeSync, mkdirSync, openSync, readFileSync, readdirSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ATIME_WORKS, RUN_SH, RUN_SH_MIGRATED, runKind, type Outcome, type Run } from './hostile-harness.js';
import { whichTool } from './support.js';

interface Kind extends Partial<Run> {
  name: string;
  setup: (tree: string) => void;
  code: number;
  /** Each must match a line of stderr (stdout too for check and previews). */
  says?: RegExp[];
  /** run.sh after the run: 'migrated' (--write), 'reported' (check or preview), 'none' (a run that does not look at it). */
  neighbour?: 'migrated' | 'reported' | 'none';
  then?: (outcome: Outcome) => void;
}

const RAW_UNSAFE = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const WRITE = ['--write', '.'];
const CHECK = ['check', '.'];
const GOSSIP_SCRIPT = '#!/bin/sh\nthanos store --data-dir=/d --cluster.peers=10.0.0.9:10900\n';
const QUERY_SD = (value: string) => `#!/bin/sh\nthanos query --http-address=0.0.0.0:10902 --store.sd-files=${value}\n`;
const isRoot = process.getuid?.() === 0;
const hasMkfifo = whichTool('mkfifo') !== null;

const fifo = (path: string) => execFileSync('mkfifo', [path]);
const write = (tree: string, name: string, text: string | Buffer) => writeFileSync(join(tree, name), text);

/** 40 MB of YAML-ish text in 1 MB chunks; `token` at the very end, past any prefix a reader might sample. */
function writeLarge(path: string, token: string): void {
  const line = Buffer.from('key: value value value value value value value value value value\n');
  const chunk = Buffer.concat(Array.from({ length: Math.floor((1 << 20) / line.length) }, () => line));
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < 40 * (1 << 20); written += chunk.length) writeSync(fd, chunk);
    writeSync(fd, token);
  } finally {
    closeSync(fd);
  }
}

function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  if (order === 'be') for (let i = 0; i < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
  return Buffer.concat([bom ? Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), bytes]);
}

const aliasBomb = (() => {
  const lines = ['# thanos', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  let previous = 'a';
  for (const name of 'bcdefghi') {
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    previous = name;
  }
  lines.push('apiVersion: v1', 'kind: Pod', 'metadata: {name: thanos}', 'spec: {containers: [{name: thanos, image: improbable/thanos:v0.3.2, args: *i}]}', '');
  return lines.join('\n');
})();

/** A stream that never ends: stdin from `yes`. */
function endless(): Readable {
  const chunk = Buffer.alloc(1 << 20, 'y\n');
  return new Readable({ read() { this.push(chunk); } });
}

const KINDS: Kind[] = [
  // ---- parsers: one error with file:line:col, the file untouched ----
  {
    name: 'invalid YAML',
    setup: (t) => write(t, 'bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: thanos\nspec: [unclosed\n  containers: {\n'),
    code: 3,
    says: [/^bad\.yaml:\d+:\d+: error: YAML parse error: /],
  },
  {
    name: 'broken Helm quoting',
    setup: (t) => {
      mkdirSync(join(t, 'templates'));
      write(t, 'templates/query.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: thanos-query\nspec:\n  template:\n    spec:\n      containers:\n      - name: thanos-query\n        image: improbable/thanos:v0.3.2\n        args:\n        - "query"\n        - "--cluster.peers={{ .Values.peers }}\n        - "--log.level=info"\n');
    },
    code: 3,
    says: [/^templates\/query\.yaml:13:11: error: unterminated double quote/],
  },
  {
    name: 'duplicate YAML keys',
    setup: (t) => write(t, 'dup.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: thanos\nspec:\n  containers:\n  - name: thanos\n    image: improbable/thanos:v0.3.2\n    args: ["sidecar", "--cluster.peers=a:10900"]\n    args: ["sidecar", "--cluster.address=0.0.0.0:10900"]\n'),
    code: 3,
    says: [/^dup\.yaml:10:5: error: YAML parse error: duplicated mapping key "args"/],
    then: (o) => assert.match(readFileSync(join(o.tree, 'dup.yaml'), 'utf8'), /cluster\.address/),
  },
  {
    name: 'deep flow nesting',
    setup: (t) => write(t, 'deep-flow.yaml', `# thanos\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`),
    code: 3,
    says: [/^deep-flow\.yaml:2:\d+: error: YAML parse error: nesting exceeded/],
  },
  {
    name: 'deep block nesting',
    setup: (t) => write(t, 'deep-block.yaml', `# thanos\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`),
    code: 3,
    says: [/^deep-block\.yaml:\d+:\d+: error: YAML parse error: nesting exceeded/],
  },
  {
    name: 'YAML alias bomb',
    setup: (t) => write(t, 'bomb.yaml', aliasBomb),
    code: 0,
    then: (o) => assert.equal(readFileSync(join(o.tree, 'bomb.yaml'), 'utf8'), aliasBomb),
  },
  // ---- bytes and encodings ----
  {
    name: 'binary file without a gossip flag',
    setup: (t) => write(t, 'thanos.bin', Buffer.concat([Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff)), Buffer.from('thanos store')])),
    code: 0,
    says: [/^thanos\.bin: skipped: binary file \(NUL byte\)/],
  },
  {
    name: 'NUL byte in a comment of a gossip script',
    setup: (t) => write(t, 'nul.sh', '#!/bin/sh\n# a stray \0 in a comment\nthanos sidecar --cluster.peers=10.0.0.1:10900\n'),
    code: 1,
    says: [/^nul\.sh:3:16: error: --cluster\.peers: manual: a file with NUL bytes, which the tool does not rewrite/],
  },
  {
    name: 'binary holding a gossip flag',
    setup: (t) => write(t, 'blob.dat', Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x0a]), Buffer.from('exec thanos query --cluster.peers=q:10900\n')])),
    code: 1,
    says: [/^blob\.dat:2:19: error: --cluster\.peers: manual: a file with NUL bytes/],
  },
  {
    name: 'UTF-16 LE with BOM',
    setup: (t) => write(t, 'le.sh', utf16(GOSSIP_SCRIPT, 'le', true)),
    code: 1,
    says: [/^le\.sh:2:28: error: --cluster\.peers: manual: UTF-16 LE text, which the tool does not rewrite: convert it to UTF-8/],
    then: (o) => assert.deepEqual(readFileSync(join(o.tree, 'le.sh')), utf16(GOSSIP_SCRIPT, 'le', true)),
  },
  {
    name: 'UTF-16 BE with BOM',
    setup: (t) => write(t, 'be.sh', utf16(GOSSIP_SCRIPT, 'be', true)),
    code: 1,
    says: [/^be\.sh:2:28: error: --cluster\.peers: manual: UTF-16 BE text/],
  },
  {
    name: 'UTF-16 LE without BOM',
    setup: (t) => write(t, 'nobom.sh', utf16(GOSSIP_SCRIPT, 'le', false)),
    code: 1,
    says: [/^nobom\.sh:2:28: error: --cluster\.peers: manual: UTF-16 LE text/],
  },
  {
    name: 'invalid UTF-8 in a file',
    setup: (t) => write(t, 'latin1.sh', Buffer.from('#!/bin/sh\n# café\nthanos sidecar --cluster.peers=x # caf\xe9\n', 'latin1')),
    code: 3,
    says: [/^latin1\.sh: error: not valid UTF-8 at line 2, column 6 \(byte 0xe9\)$/],
  },
  {
    name: 'UTF-8 BOM',
    setup: (t) => write(t, 'bom.sh', '\uFEFF#!/bin/sh\nthanos store --data-dir=d --cluster.peers=x:10900\n'),
    code: 0,
    then: (o) => assert.equal(readFileSync(join(o.tree, 'bom.sh'), 'utf8'), '\uFEFF#!/bin/sh\nthanos store --data-dir=d\n'),
  },
  {
    name: 'CRLF with continuations',
    setup: (t) => write(t, 'crlf.sh', '#!/bin/sh\r\nthanos store \\\r\n  --data-dir=d \\\r\n  --cluster.peers=x:10900 &\r\n'),
    code: 0,
    then: (o) => assert.equal(readFileSync(join(o.tree, 'crlf.sh'), 'utf8'), '#!/bin/sh\r\nthanos store \\\r\n  --data-dir=d &\r\n'),
  },
  {
    name: 'CR-only line breaks',
    setup: (t) => write(t, 'pod.yaml', 'apiVersion: v1\rkind: Pod\rmetadata:\r  name: thanos\rspec:\r  containers:\r  - name: thanos\r    image: improbable/thanos:v0.3.2\r    args: ["sidecar", "--cluster.peers=a:10900"]\r'),
    argv: CHECK,
    code: 1,
    says: [/^ {2}9:23 +error +--cluster\.peers=a:10900: gossip flag/],
    neighbour: 'reported',
  },
  {
    name: 'CR-only file migrated',
    setup: (t) => write(t, 'pod.yaml', 'apiVersion: v1\rkind: Pod\rmetadata:\r  name: thanos\rspec:\r  containers:\r  - name: thanos\r    image: improbable/thanos:v0.3.2\r    args: ["sidecar", "--cluster.peers=a:10900"]\r'),
    code: 0,
    says: [/^ {2}pod\.yaml:9:24 +removed +--cluster\.peers$/],
    then: (o) => assert.equal(readFileSync(join(o.tree, 'pod.yaml'), 'utf8'), 'apiVersion: v1\rkind: Pod\rmetadata:\r  name: thanos\rspec:\r  containers:\r  - name: thanos\r    image: improbable/thanos:v0.3.2\r    args: ["sidecar"]\r'),
  },
  {
    name: 'empty files',
    setup: (t) => ['empty.sh', 'empty.yaml', 'thanos.service'].forEach((name) => write(t, name, '')),
    code: 0,
    then: (o) => assert.doesNotMatch(o.stderr, /empty|thanos\.service/),
  },
  // ---- sizes and endless inputs ----
  {
    name: 'file over the size cap holding a token',
    setup: (t) => writeLarge(join(t, 'huge.yaml'), '# thanos --cluster.peers\n'),
    code: 3,
    says: [/^huge\.yaml: error: file too large to migrate \(41 MB, limit 32 MB\); not read$/],
  },
  {
    name: 'file over the size cap without a token',
    setup: (t) => writeLarge(join(t, 'huge.yaml'), 'the end\n'),
    code: 0,
    then: (o) => assert.doesNotMatch(o.stderr, /huge\.yaml/),
  },
  {
    name: 'stdin over the size cap',
    setup: () => undefined,
    argv: ['-', '--store-endpoint', 'a:10901'],
    spawn: true,
    stdin: Buffer.alloc(40 << 20, 'thanos query --cluster.peers=a:10900 '),
    code: 3,
    says: [/^<stdin>: error: input too large \(over 32 MB\), not read$/],
    neighbour: 'none',
  },
  {
    name: 'endless stdin',
    setup: () => undefined,
    argv: ['-'],
    stdin: endless,
    code: 3,
    says: [/^<stdin>: error: input too large \(over 32 MB\), not read$/],
    neighbour: 'none',
  },
  {
    name: 'invalid UTF-8 on stdin',
    setup: () => undefined,
    argv: ['-'],
    stdin: Buffer.from('thanos sidecar --cluster.peers=x:10900 # caf\xe9\n', 'latin1'),
    code: 3,
    says: [/^<stdin>: error: not valid UTF-8 at line 1, column 45 \(byte 0xe9\)$/],
    neighbour: 'none',
  },
  {
    name: '--cmd over the size cap',
    setup: () => undefined,
    argv: ['--cmd', `thanos sidecar ${'--log.level=info '.repeat(2_100_000)}`],
    code: 3,
    says: [/^<cmd>: error: --cmd text too large \(34 MB, limit 32 MB\), not read$/],
    neighbour: 'none',
  },
  // ---- what is not a regular file ----
  {
    name: 'FIFO named on the command line',
    setup: (t) => fifo(join(t, 'pipe')),
    argv: ['--write', 'pipe', 'run.sh'],
    spawn: true,
    code: 3,
    says: [/^pipe: error: not a regular file \(a FIFO\), not read$/],
  },
  {
    name: 'FIFO met in a walk',
    setup: (t) => fifo(join(t, 'pipe.yaml')),
    spawn: true,
    code: 0,
    says: [/^pipe\.yaml: skipped: not a regular file \(a FIFO\), not read$/],
  },
  {
    name: 'FIFO named as an SD file',
    setup: (t) => {
      fifo(join(t, 'stores.yaml'));
      write(t, 'query.sh', QUERY_SD('stores.yaml'));
    },
    argv: CHECK,
    spawn: true,
    code: 1,
    says: [/^query\.sh$/, /^ {2}2:43 +warning +--store\.sd-files names stores\.yaml: not a regular file \(a FIFO\), not read, so it is not checked/],
    neighbour: 'reported',
  },
  {
    name: 'FIFO as .gitignore',
    setup: (t) => fifo(join(t, '.gitignore')),
    spawn: true,
    code: 0,
  },
  {
    name: '.gitignore linking out of the tree',
    setup: (t) => symlinkSync('../outside/shadow', join(t, '.gitignore')),
    code: 0,
    says: [/^\.gitignore: skipped: symbolic link \(not followed\)$/],
  },
  {
    name: 'FIFO as the config file',
    setup: (t) => fifo(join(t, 'config.yaml')),
    argv: ['check', '--config', 'config.yaml', '.'],
    spawn: true,
    code: 2,
    says: [/^thanos-gossip-migrate: cannot read config .*config\.yaml: not a regular file \(a FIFO\), not read$/],
    neighbour: 'none',
  },
  {
    name: 'SD file ../../../dev/zero',
    setup: (t) => write(t, 'query.sh', QUERY_SD('../../../../../../../../dev/zero')),
    argv: CHECK,
    code: 1,
    says: [/^ {2}2:43 +warning +--store\.sd-files names \.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/dev\/zero: outside the tree, not read/],
    neighbour: 'reported',
  },
  // ---- reads confined to the tree ----
  {
    name: 'SD file ../outside/x.yaml',
    setup: (t) => write(t, 'query.sh', QUERY_SD('../outside/x.yaml')),
    argv: CHECK,
    code: 1,
    says: [/^ {2}2:43 +warning +--store\.sd-files names \.\.\/outside\/x\.yaml: outside the tree, not read, so it is not checked/],
    neighbour: 'reported',
  },
  {
    name: 'SD file ../outside/x.yaml, migrate',
    setup: (t) => write(t, 'query.sh', QUERY_SD('../outside/x.yaml')),
    code: 0,
    says: [/^query\.sh:2:43: warning: --store\.sd-files names \.\.\/outside\/x\.yaml: outside the tree, not read/],
  },
  {
    name: 'SD file ../../../etc/shadow',
    setup: (t) => write(t, 'query.sh', QUERY_SD('../outside/shadow')),
    argv: ['check', '--format', 'json', '.'],
    code: 1,
    says: [/"message": "--store\.sd-files names \.\.\/outside\/shadow: outside the tree, not read, so it is not checked"/],
    neighbour: 'reported',
  },
  {
    name: 'SD file through a link out of the tree',
    setup: (t) => {
      symlinkSync('../outside/x.yaml', join(t, 'stores.yaml'));
      write(t, 'query.sh', QUERY_SD('stores.yaml'));
    },
    argv: CHECK,
    code: 1,
    says: [/^ {2}2:43 +warning +--store\.sd-files names stores\.yaml: outside the tree \(through a link\), not read/],
    neighbour: 'reported',
  },
  {
    name: 'a link out of the tree in a walk',
    setup: (t) => symlinkSync('../outside/x.yaml', join(t, 'linked.yaml')),
    code: 0,
    says: [/^linked\.yaml: skipped: symbolic link \(not followed\)$/],
  },
  {
    name: 'symlink loops in a walk',
    setup: (t) => {
      symlinkSync('loop-b', join(t, 'loop-a'));
      symlinkSync('loop-a', join(t, 'loop-b'));
      symlinkSync('.', join(t, 'self'));
    },
    code: 0,
    says: [/^loop-a: skipped: symbolic link/, /^loop-b: skipped: symbolic link/, /^self: skipped: symbolic link/],
  },
  {
    name: 'symlink loop named on the command line',
    setup: (t) => {
      symlinkSync('loop-b', join(t, 'loop-a'));
      symlinkSync('loop-a', join(t, 'loop-b'));
    },
    argv: ['--write', 'loop-a', 'run.sh'],
    code: 3,
    says: [/^loop-a: error: .*ELOOP/],
  },
  {
    name: 'config file above the repository',
    setup: (t) => {
      mkdirSync(join(t, '.git'));
      write(t, '../.thanos-gossip-migrate.yaml', 'ignore:\n  - paths: ["**"]\n');
    },
    argv: CHECK,
    code: 1,
    neighbour: 'reported',
    then: (o) => assert.doesNotMatch(o.stderr, /config/),
  },
  {
    name: 'config file in the repository',
    setup: (t) => {
      mkdirSync(join(t, '.git'));
      write(t, '.thanos-gossip-migrate.yaml', 'ignore:\n  - paths: ["run.sh"]\n    rules: [gossip-flag]\n');
    },
    argv: CHECK,
    code: 0,
    says: [/^thanos-gossip-migrate: config \.thanos-gossip-migrate\.yaml: 1 finding\(s\) suppressed$/],
    neighbour: 'none',
  },
  {
    name: '.gitignore of 40 stars then a',
    setup: (t) => {
      write(t, '.gitignore', `${'*'.repeat(40)}a\n`);
      for (let i = 0; i < 20; i++) write(t, `${'b'.repeat(60)}${i}.txt`, 'x');
    },
    code: 0,
  },
  {
    name: '.gitignore of 5,000 stars',
    setup: (t) => {
      write(t, '.gitignore', `${'*'.repeat(5000)}a\n${'*a'.repeat(2500)}\n`);
      for (let i = 0; i < 20; i++) write(t, `${'a'.repeat(200)}${i}.txt`, 'x');
    },
    code: 0,
  },
  {
    name: 'hostile config ignore glob',
    setup: (t) => {
      mkdirSync(join(t, '.git'));
      write(t, '.thanos-gossip-migrate.yaml', `ignore:\n  - paths: ["${'*a'.repeat(3000)}b"]\n`);
      write(t, `${'a'.repeat(200)}.sh`, GOSSIP_SCRIPT);
    },
    argv: CHECK,
    code: 1,
    neighbour: 'reported',
  },
  // ---- YAML aliases ----
  {
    name: 'args behind an alias used once',
    setup: (t) => write(t, 'docker-compose.yaml', 'x-cmd: &cmd ["store", "--data-dir=/d", "--cluster.peers=q:10900"]\nservices:\n  store:\n    image: improbable/thanos:v0.3.2\n    command: *cmd\n'),
    code: 0,
    then: (o) => assert.equal(readFileSync(join(o.tree, 'docker-compose.yaml'), 'utf8'), 'x-cmd: &cmd ["store", "--data-dir=/d"]\nservices:\n  store:\n    image: improbable/thanos:v0.3.2\n    command: *cmd\n'),
  },
  {
    name: 'args behind a shared alias',
    setup: (t) => write(t, 'docker-compose.yaml', 'x-cmd: &cmd ["store", "--cluster.peers=q:10900"]\nservices:\n  a:\n    image: improbable/thanos:v0.3.2\n    command: *cmd\n  b:\n    image: improbable/thanos:v0.3.2\n    command: *cmd\n'),
    code: 1,
    says: [/^docker-compose\.yaml:1:24: error: manual: --cluster\.peers in the YAML anchor &cmd at line 1, which 2 argvs share/],
  },
  {
    name: 'alias whose anchor is in another document',
    setup: (t) => write(t, 'pod.yaml', 'x: &args [sidecar, --cluster.peers=store:10900]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: s, image: improbable/thanos:v0.3.2, args: *args}]}\n'),
    code: 3,
    says: [/^pod\.yaml:6:70: error: \*args names no anchor before it in this document/],
  },
  // ---- names and terminal or CI injection ----
  {
    name: 'a name that is not UTF-8',
    setup: (t) => writeFileSync(Buffer.concat([Buffer.from(`${t}/caf`), Buffer.from([0xe9]), Buffer.from('.sh')]), GOSSIP_SCRIPT),
    code: 0,
    says: [/^ {2}caf\\xe9\.sh:2:28 +removed +--cluster\.peers$/, /^wrote caf\\xe9\.sh$/],
    then: (o) => {
      const name = readdirSync(Buffer.from(o.tree), { encoding: 'buffer' }).find((entry) => entry.includes(0xe9))!;
      assert.equal(readFileSync(Buffer.concat([Buffer.from(`${o.tree}/`), name]), 'utf8'), '#!/bin/sh\nthanos store --data-dir=/d\n');
    },
  },
  {
    name: 'a file name with a newline forging a workflow command',
    setup: (t) => write(t, 'x\n::error file=forged.sh,line=1::pwned.sh', GOSSIP_SCRIPT),
    argv: ['check', '--format', 'github', '.'],
    code: 1,
    says: [/^::error file=x%0A%3A%3Aerror file=forged\.sh%2Cline=1%3A%3Apwned\.sh,line=2,col=28,/],
    neighbour: 'reported',
    then: (o) => assert.ok(!o.stdout.split('\n').some((line) => line.startsWith('::error file=forged')), o.stdout),
  },
  {
    name: 'a file name with a newline forging a diff header',
    setup: (t) => write(t, 'x\n+++ b\n@@ -1 +1 @@.sh', GOSSIP_SCRIPT),
    argv: ['.'],
    code: 1,
    says: [/^\+\+\+ b\/x\\u000a\+\+\+ b\\u000a@@ -1 \+1 @@\.sh$/],
    neighbour: 'reported',
    then: (o) => assert.deepEqual(o.stdout.split('\n').filter((line) => line.startsWith('+++ ')), ['+++ b/run.sh', '+++ b/x\\u000a+++ b\\u000a@@ -1 +1 @@.sh']),
  },
  {
    name: 'ESC, BEL and a bidi override in flag values',
    setup: (t) => write(t, 'esc.sh', '#!/bin/sh\nthanos store --data-dir=/d\u001b[31m\u0007 --cluster.peers=\u202egnp.sh:10900 # \u001b]0;title\u0007\n'),
    argv: ['.'],
    code: 1,
    says: [
      /^-thanos store --data-dir=\/d\\u001b\[31m\\u0007 --cluster\.peers=\\u202egnp\.sh:10900 # \\u001b\]0;title\\u0007$/,
      /^\+thanos store --data-dir=\/d\\u001b\[31m\\u0007 # \\u001b\]0;title\\u0007$/,
    ],
    neighbour: 'reported',
  },
  {
    name: 'zero-width and bidi characters in a name, every check format',
    setup: (t) => write(t, 'a\u200bb\u202ec\rd.sh', GOSSIP_SCRIPT),
    argv: ['check', '--format', 'sarif=report.sarif', '--format', 'junit=report.xml', '--format', 'json=report.json', '--format', 'gitlab=report.gitlab.json', '--format', 'stylish', '.'],
    code: 1,
    says: [/^a\\u200bb\\u202ec\\u000dd\.sh$/],
    neighbour: 'reported',
    then: (o) => {
      for (const name of ['report.sarif', 'report.xml', 'report.json', 'report.gitlab.json']) assert.doesNotMatch(readFileSync(join(o.tree, name), 'utf8'), RAW_UNSAFE, name);
      const json = JSON.parse(readFileSync(join(o.tree, 'report.json'), 'utf8')) as { findings: { path: string }[] };
      assert.ok(json.findings.some((f) => f.path === 'a\u200bb\u202ec\rd.sh'), 'JSON keeps the exact name');
    },
  },
  // ---- secrets ----
  {
    name: 'secret key as the next list item, in the report and diff',
    setup: (t) => write(t, 'pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: thanos}\nspec:\n  containers:\n  - name: thanos\n    image: improbable/thanos:v0.3.2\n    args:\n    - sidecar\n    - --cluster.secret-key\n    - hunter2-gossip-key\n    - --cluster.peers=a:10900\n'),
    argv: ['.'],
    code: 1,
    says: [/^-    - \*\*\*$/],
    neighbour: 'reported',
    then: (o) => assert.doesNotMatch(o.stdout + o.stderr, /hunter2/),
  },
];

if (process.getuid !== undefined) {
  // chmod 000 stops nobody who is root, and CI runs as root: there the tool runs as `nobody` so the kernel really refuses.
  KINDS.push({
    name: 'unreadable file (EACCES)',
    setup: (t) => {
      write(t, 'secret.sh', '#!/bin/sh\nthanos sidecar --cluster.peers=x\n');
      chmodSync(join(t, 'secret.sh'), 0o000);
      if (isRoot) {
        chmodSync(t, 0o777);
        // The write keeps a file's owner, and only root can give a file away: run.sh is nobody's own.
        chownSync(join(t, 'run.sh'), 65534, 65534);
        chmodSync(join(t, '..'), 0o755);
      }
    },
    ...(isRoot ? { spawn: true, uid: 65534 } : {}),
    code: 3,
    says: [/^secret\.sh: error: cannot read: EACCES/],
  });
}

test(`hostile catalogue: ${KINDS.length} kinds`, (t) => {
  assert.ok(KINDS.length >= 40, `${KINDS.length} kinds`);
  t.diagnostic(ATIME_WORKS ? 'reads outside the tree are seen by access time too (workers, children)' : 'no access times on this file system: reads outside are seen in this process only');
});

for (const kind of KINDS) {
  const needsFifo = /FIFO/.test(kind.name);
  test(`hostile: ${kind.name}`, { skip: needsFifo && !hasMkfifo ? 'no mkfifo' : false }, async (t) => {
    const outcome = await runKind(kind.setup, { argv: kind.argv ?? WRITE, ...(kind.stdin !== undefined ? { stdin: kind.stdin } : {}), ...(kind.spawn ? { spawn: true } : {}), ...(kind.uid !== undefined ? { uid: kind.uid } : {}) });
    t.diagnostic(`${outcome.ms.toFixed(0)} ms, peak RSS ${Math.round(outcome.maxRssKb / 1024)} MB${kind.spawn ? ' (child)' : ''}${ATIME_WORKS ? '' : ', reads outside seen in-process only (no atime here)'}`);
    const output = `${outcome.stdout}\n${outcome.stderr}`;
    assert.equal(outcome.code, kind.code, output);
    const lines = output.split('\n');
    for (const pattern of kind.says ?? []) assert.ok(lines.some((line) => pattern.test(line)), `${pattern} in:\n${output}`);
    const isTextMode = (kind.argv ?? []).includes('-') || (kind.argv ?? []).includes('--cmd');
    assert.doesNotMatch(isTextMode ? outcome.stderr : output, RAW_UNSAFE);
    const neighbour = kind.neighbour ?? 'migrated';
    if (neighbour === 'migrated') assert.equal(readFileSync(join(outcome.tree, 'run.sh'), 'utf8'), RUN_SH_MIGRATED, output);
    if (neighbour === 'reported') {
      assert.equal(readFileSync(join(outcome.tree, 'run.sh'), 'utf8'), RUN_SH);
      assert.match(output, /run\.sh/);
    }
    kind.then?.(outcome);
  });
}
