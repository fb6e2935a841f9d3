// Nomad job files: the HCL tokenizer keeps exact spans (strings with escapes
// and nested templates, heredocs, comments), each task's config args list is
// one argv, removals leave the list valid with untouched bytes untouched,
// and a Querier gets its SD file as a template stanza of its own task.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile, Word } from '../src/model.js';
import { applyEdits } from '../src/edits/apply.js';
import { detectKind } from '../src/sources/detect.js';
import { readNomadJob } from '../src/carriers/nomad/read.js';
import { groupHcl, HclSyntaxError, tokenizeHcl } from '../src/carriers/nomad/tokenize.js';
import { runMain } from './support.js';
import { tempDir } from './support.js';

const job = (text: string, path = 'thanos.nomad'): SourceFile => ({ path, text, kind: 'nomad' });

/** The job with the argv words whose value passes `drop` removed, as one edit set. */
function without(text: string, drop: (word: Word) => boolean): string {
  const file = job(text);
  const read = readNomadJob(file);
  assert.deepEqual(read.problems, []);
  const edits = read.carriers.flatMap((carrier) => carrier.editor.removeWords(carrier.words.filter(drop)));
  const applied = applyEdits(text, edits);
  assert.deepEqual(applied.conflicts, []);
  return applied.text;
}

const gossip = (word: Word) => word.value.startsWith('--cluster.');

const task = (args: string) => `job "j" {\n  group "g" {\n    task "q" {\n      driver = "docker"\n      config {\n        image = "improbable/thanos:v0.3.2"\n        args = ${args}\n      }\n    }\n  }\n}\n`;

test('tokenizer: escapes decoded, templates with nested quotes kept verbatim, spans exact', () => {
  const text = 'a = "x\\"y\\u00e9${lookup(var.m, "k")}%{ if true }z%{ endif }$${NOMAD}" # "--cluster.peers"\n';
  const tokens = tokenizeHcl(text);
  const strings = tokens.filter((token) => token.kind === 'string');
  assert.equal(strings.length, 1);
  const [literal] = strings;
  assert.equal(text.slice(literal!.span.start, literal!.span.end), text.slice(4, text.indexOf(' #')));
  assert.deepEqual(literal!.kind === 'string' && [literal!.value, literal!.isTemplate], ['x"yé${lookup(var.m, "k")}%{ if true }z%{ endif }${NOMAD}', true]);
});

test('tokenizer: heredocs, <<- strips the common indentation, comments of three kinds hold no token', () => {
  const text = 'data = <<-EOT\n    a: ${x}\n      b\n    EOT\nraw = <<EOF\n  kept\nEOF\n// c1\n/* "c2"\n */ # c3\n';
  const heredocs = tokenizeHcl(text).filter((token) => token.kind === 'heredoc');
  assert.deepEqual(
    heredocs.map((token) => token.kind === 'heredoc' && [token.value, token.isTemplate, text.slice(token.span.start, token.span.end).split('\n').pop()]),
    [
      ['a: ${x}\n  b\n', true, '    EOT'],
      ['  kept\n', false, 'EOF'],
    ],
  );
  assert.equal(tokenizeHcl(text).filter((token) => token.kind === 'string').length, 0);
});

test('tokenizer: what it cannot read is an error at the offset it starts', () => {
  const cases: [string, string, number][] = [
    ['a = "open\n', 'unterminated string', 4],
    ['a = <<EOF\nno end\n', 'unterminated heredoc (no line holding only EOF)', 4],
    ['/* open', 'unterminated /* comment', 0],
    ['a = "\\q"', 'unknown escape \\q', 5],
  ];
  for (const [text, message, offset] of cases) {
    assert.throws(() => tokenizeHcl(text), (error: unknown) => error instanceof HclSyntaxError && error.message === message && error.offset === offset, text);
  }
  assert.throws(() => groupHcl(tokenizeHcl('job "x" {\n  group "g" {\n}\n')), (error: unknown) => error instanceof HclSyntaxError && error.message === '{ is never closed' && error.offset === 8);
  assert.throws(() => groupHcl(tokenizeHcl('args = [\n  "a"\n}\n')), (error: unknown) => error instanceof HclSyntaxError && error.message === '} where ] was expected' && error.offset === 15);
  assert.throws(() => groupHcl(tokenizeHcl('a = 1\n]\n')), (error: unknown) => error instanceof HclSyntaxError && error.message === '] closes nothing' && error.offset === 6);
});

test('a malformed job is one problem at the error, no carrier', () => {
  const read = readNomadJob(job('job "x" {\n  task "t" {\n    config { args = ["query", "--cluster.peers=a:10900] }\n  }\n}\n'));
  assert.deepEqual(read.carriers, []);
  assert.deepEqual(read.problems, [{ span: { start: 53, end: 53 }, message: 'HCL syntax error: unterminated string', isManual: false }]);
});

test('docker tasks run the image on args; raw_exec tasks run command then args; names and host group come from job, group, task', () => {
  const text = 'job "j" {\n  group "g" {\n    task "d" {\n      driver = "docker"\n      config {\n        image = "improbable/thanos:v0.3.2"\n        args = ["query"]\n      }\n    }\n    task "r" {\n      driver = "raw_exec"\n      config {\n        command = "thanos"\n        args = ["store", "--data-dir=${NOMAD_TASK_DIR}/d"]\n      }\n    }\n  }\n}\n';
  const read = readNomadJob(job(text));
  assert.deepEqual(
    read.carriers.map((carrier) => ({ words: carrier.words.map((word) => [word.value, word.hasExpansion]), image: carrier.image, argsOnly: carrier.argsOnly, context: carrier.context })),
    [
      {
        words: [['query', false]],
        image: 'improbable/thanos:v0.3.2',
        argsOnly: true,
        context: { kind: 'nomad-task', label: 'task "d" of group "g" (job "j")', hostGroup: 'nomad:thanos.nomad:j/g', container: 'd', names: ['g/d', 'j/g/d'], job: 'j', group: 'g', task: 'd', driver: 'docker' },
      },
      {
        words: [['thanos', false], ['store', false], ['--data-dir=${NOMAD_TASK_DIR}/d', true]],
        image: undefined,
        argsOnly: undefined,
        context: { kind: 'nomad-task', label: 'task "r" of group "g" (job "j")', hostGroup: 'nomad:thanos.nomad:j/g', container: 'r', names: ['g/r', 'j/g/r'], job: 'j', group: 'g', task: 'r', driver: 'raw_exec' },
      },
    ],
  );
});

test('removal: elements on their own lines go with their lines, comments of kept elements stay', () => {
  const before = task('[\n          "query",\n          "--cluster.peers=a:10900", # seed\n          "--http-address=0.0.0.0:10902", # ui\n          "--cluster.address=0.0.0.0:10900"\n        ]');
  const after = task('[\n          "query",\n          "--http-address=0.0.0.0:10902", # ui\n        ]');
  assert.equal(without(before, gossip), after);
});

test('removal: inline elements go with one comma, in the middle, at the end, and across a line break', () => {
  assert.equal(without(task('["query", "--cluster.peers=a:10900", "--http-address=:10902"]'), gossip), task('["query", "--http-address=:10902"]'));
  assert.equal(without(task('["query", "--http-address=:10902", "--cluster.peers=a:10900", "--cluster.address=:10900",]'), gossip), task('["query", "--http-address=:10902"]'));
  assert.equal(
    without(task('["query", "--http-address=:10902",\n          "--cluster.address=:10900", "--cluster.peers=a:10900"]'), gossip),
    task('["query", "--http-address=:10902"]'),
  );
  // A comment between the kept element and the run keeps its line: the run goes, the trailing comma stays.
  assert.equal(
    without(task('["query", "--http-address=:10902", # ui\n          "--cluster.address=:10900", "--cluster.peers=a:10900"]'), gossip),
    task('["query", "--http-address=:10902", # ui\n          ]'),
  );
});

test('an element sharing lines across a line break is not an argv: its gossip flag is manual, with why', () => {
  const read = readNomadJob(job(task('["query", join(",", [\n          "--cluster.peers=a:10900"]), "--x"]')));
  assert.deepEqual(read.carriers, []);
  assert.deepEqual(
    read.problems.map((problem) => problem.message),
    ['manual: --cluster.peers in the args of task "q" of group "g" (job "j"): an element at line 7 shares its lines with others across a line break, so it cannot be removed whole'],
  );
});

test('insertion copies the anchor layout: a line of its own (adding a comma where none was), or inline', () => {
  const insert = (args: string, value: string) => {
    const file = job(task(args));
    const [carrier] = readNomadJob(file).carriers;
    return applyEdits(file.text, carrier!.editor.insertAfter(carrier!.words[carrier!.words.length - 1]!, [{ value }])).text;
  };
  assert.equal(insert('[\n          "query"\n        ]', '--store=a:1'), task('[\n          "query",\n          "--store=a:1",\n        ]'));
  assert.equal(insert('["query"]', 'x"${y}'), task('["query", "x\\"$${y}"]'));
});

test('detection: .nomad and .nomad.hcl by name; .hcl only when its top level is a job block', () => {
  assert.equal(detectKind('jobs/thanos.nomad', ''), 'nomad');
  assert.equal(detectKind('jobs/thanos.nomad.hcl', ''), 'nomad');
  assert.equal(detectKind('jobs/thanos.hcl', '# Thanos\njob "thanos" {\n}\n'), 'nomad');
  assert.equal(detectKind('consul/server.hcl', 'server = true\nretry_join = ["--cluster.peers"]\n'), 'unknown');
});

test('migrate preview: the exact diff of a Querier wired through a template stanza of its task', async () => {
  const dir = tempDir('nomad-preview');
  mkdirSync(join(dir, 'input'));
  writeFileSync(
    join(dir, 'input', 'thanos.nomad'),
    [
      'job "thanos" {',
      '  group "thanos" {',
      '    task "sidecar" {',
      '      driver = "raw_exec"',
      '      config {',
      '        command = "thanos"',
      '        args    = ["sidecar", "--grpc-address=127.0.0.1:10901", "--cluster.address=127.0.0.1:10900"]',
      '      }',
      '    }',
      '',
      '    task "query" {',
      '      driver = "raw_exec"',
      '      config {',
      '        command = "thanos"',
      '        args    = ["query", "--cluster.address=127.0.0.1:10910", "--cluster.peers=127.0.0.1:10900"]',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const result = await runMain(['input'], dir);
  assert.equal(result.status, 1, result.stderr);
  assert.equal(
    result.stdout,
    [
      '--- a/input/thanos.nomad',
      '+++ b/input/thanos.nomad',
      '@@ -4,7 +4,7 @@',
      '       driver = "raw_exec"',
      '       config {',
      '         command = "thanos"',
      '-        args    = ["sidecar", "--grpc-address=127.0.0.1:10901", "--cluster.address=127.0.0.1:10900"]',
      '+        args    = ["sidecar", "--grpc-address=127.0.0.1:10901"]',
      '       }',
      '     }',
      ' ',
      '@@ -12,8 +12,19 @@',
      '       driver = "raw_exec"',
      '       config {',
      '         command = "thanos"',
      '-        args    = ["query", "--cluster.address=127.0.0.1:10910", "--cluster.peers=127.0.0.1:10900"]',
      '+        args    = ["query", "--store.sd-files=${NOMAD_TASK_DIR}/thanos-store-sd.yaml"]',
      '       }',
      '+',
      '+      template {',
      '+        destination = "local/thanos-store-sd.yaml"',
      '+        change_mode = "noop"',
      '+        data        = <<-EOF',
      '+          # StoreAPI endpoints for thanos query (--store.sd-files), written by thanos-gossip-migrate.',
      '+          # 127.0.0.1:10901: loopback, it listens on 127.0.0.1 only (input/thanos.nomad:7)',
      '+          - targets:',
      '+              - 127.0.0.1:10901',
      '+          EOF',
      '+      }',
      '     }',
      '   }',
      ' }',
      '',
    ].join('\n'),
  );
  assert.match(result.stderr, /^input\/thanos\.nomad:15:20: error: thanos query thanos\/query found its StoreAPIs through gossip: add --store\.sd-files=\$\{NOMAD_TASK_DIR\}\/thanos-store-sd\.yaml and a template stanza writing local\/thanos-store-sd\.yaml into the task, listing 127\.0\.0\.1:10901 \[query-store-discovery\]$/m);
});

test('--sd-path: the flag names that path and the SD file is written beside the job file for the user to deliver', async () => {
  const dir = tempDir('nomad-sd-path');
  mkdirSync(join(dir, 'input'));
  writeFileSync(
    join(dir, 'input', 'thanos.nomad'),
    'job "t" {\n  group "g" {\n    task "s" {\n      driver = "exec"\n      config {\n        command = "thanos"\n        args = ["sidecar", "--grpc-address=127.0.0.1:10901", "--cluster.address=127.0.0.1:10900"]\n      }\n    }\n    task "q" {\n      driver = "exec"\n      config {\n        command = "thanos"\n        args = ["query", "--cluster.peers=127.0.0.1:10900"]\n      }\n    }\n  }\n}\n',
  );
  const result = await runMain(['--sd-path', '/srv/thanos/thanos-store-sd.yaml', 'input'], dir);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /^\+        args = \["query", "--store\.sd-files=\/srv\/thanos\/thanos-store-sd\.yaml"\]$/m);
  assert.match(result.stdout, /^\+\+\+ b\/input\/thanos-store-sd\.yaml$/m);
  assert.doesNotMatch(result.stdout, /template \{/);
});
