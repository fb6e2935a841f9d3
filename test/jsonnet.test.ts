// Jsonnet: argv arrays are carriers, `thanos.peers` is data, everything else
// that mentions a gossip flag is manual. Edited fixtures must re-tokenize with
// balanced brackets, and when a jsonnet binary is installed, evaluate to the
// original's output minus the gossip parts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../src/model.js';
import { applyEdits } from '../src/edits/apply.js';
import { isBalanced, readJsonnetCarriers, tokenizeJsonnet } from '../src/carriers/jsonnet/index.js';
import { describeProblems, expectedText, fixture, removeClusterWords } from './embedded-support.js';
import { ROOT, skipWithout, tempDir } from './support.js';

/** The fixture with its `--cluster.*` argv words and its `thanos.peers` fields removed, in one edit set. */
function edited(name: string): { file: SourceFile; text: string } {
  const file = fixture('jsonnet', name);
  const read = readJsonnetCarriers(file);
  const edits = read.carriers.flatMap((carrier) =>
    carrier.editor.removeWords(carrier.words.filter((word, i) => word.value.startsWith('--cluster.') || carrier.words[i - 1]?.value === '--cluster.peers')),
  );
  edits.push(...read.thanosPeers.map((peers) => ({ file, span: peers.span, text: '' })));
  const applied = applyEdits(file.text, edits);
  assert.deepEqual(applied.conflicts, []);
  return { file, text: applied.text };
}

test('kube-prometheus style library: argv elements and the thanos.peers field are removed whole', () => {
  const file = fixture('jsonnet', 'thanos.libsonnet');
  assert.equal(file.kind, 'jsonnet');
  const read = readJsonnetCarriers(file);
  assert.equal(removeClusterWords(file, read.carriers), expectedText('jsonnet', 'thanos.libsonnet'));
  assert.deepEqual(describeProblems(file, read.problems), []);
  assert.deepEqual(
    read.carriers.map((carrier) => [carrier.context.label, carrier.image, carrier.argsOnly, carrier.words[0]!.value]),
    [
      ['jsonnet array at line 36', 'thanos', true, 'query'],
      ['jsonnet array at line 48', 'thanos', true, 'store'],
      ['jsonnet array at line 59', 'thanos', true, 'compact'],
    ],
  );
  const peers = read.carriers[0]!.words[3]!;
  assert.equal(peers.value, '--cluster.peers=thanos-peers.${$._config.namespace}.svc:10900');
  assert.equal(peers.hasExpansion, true);
  assert.deepEqual(
    read.thanosPeers.map((p) => [file.text.slice(p.span.start, p.span.end), file.text.slice(p.keySpan.start, p.keySpan.end), p.valueText]),
    [["          peers: 'thanos-peers.' + $._config.namespace + '.svc:10900',\n", 'peers', "'thanos-peers.' + $._config.namespace + '.svc:10900'"]],
  );
  assert.ok(isBalanced(expectedText('jsonnet', 'thanos.libsonnet')));
  assert.ok(isBalanced(edited('thanos.libsonnet').text));
});

test('what the tool leaves to a human: conditionals, text blocks, shared lines, plain strings', () => {
  const file = fixture('jsonnet', 'odd.jsonnet');
  const read = readJsonnetCarriers(file);
  assert.equal(removeClusterWords(file, read.carriers), expectedText('jsonnet', 'odd.jsonnet'));
  assert.deepEqual(describeProblems(file, read.problems), [
    '6:43 manual: --cluster.peers in a jsonnet array that is not a Thanos argv (no component, thanos binary or thanos image)',
    '12:9 manual: --cluster.peers inside a jsonnet text block (a script, not argv elements)',
    '17:54 manual: --cluster.peers in the jsonnet array at line 17: an element spans lines it shares with others (line 17), so it cannot be removed whole',
    '27:11 manual: --cluster.address in a jsonnet string that is not an element of a Thanos argv array',
  ]);
  assert.ok(isBalanced(expectedText('jsonnet', 'odd.jsonnet')));
});

test('editor: inline removal keeps commas valid, insertion keeps the quote style and layout', () => {
  const cases: [string, string][] = [
    ["x: ['query', '--cluster.peers=a', '--b']", "x: ['query', '--b']"],
    ["x: ['query', '--b', '--cluster.peers=a']", "x: ['query', '--b']"],
    ["x: ['query', '--b', '--cluster.peers=a',]", "x: ['query', '--b', ]"],
    ["x: [\n  'query',\n  '--cluster.peers=a'\n]", "x: [\n  'query',\n]"],
  ];
  for (const [input, output] of cases) {
    const file: SourceFile = { path: 'a.jsonnet', text: `{ ${input} }`, kind: 'jsonnet' };
    const { carriers } = readJsonnetCarriers(file);
    assert.equal(removeClusterWords(file, carriers), `{ ${output} }`, input);
    assert.ok(isBalanced(`{ ${output} }`));
  }
  const inline: SourceFile = { path: 'b.jsonnet', text: '{ args: ["query", "--a"] }', kind: 'jsonnet' };
  const [carrier] = readJsonnetCarriers(inline).carriers;
  assert.deepEqual(carrier!.editor.insertAfter(carrier!.words[1]!, [{ value: "--store.sd-files=it's.yaml" }]).map((e) => e.text), [', "--store.sd-files=it\'s.yaml"']);
  const file = fixture('jsonnet', 'thanos.libsonnet');
  const query = readJsonnetCarriers(file).carriers[0]!;
  const edits = query.editor.insertAfter(query.words[2]!, [{ value: '--store.sd-files=/etc/thanos/sd.yaml' }]);
  assert.deepEqual(edits.map((e) => e.text), ["\n          '--store.sd-files=/etc/thanos/sd.yaml',"]);
  assert.ok(isBalanced(applyEdits(file.text, edits).text));
});

test('tokenizer: strings, verbatim strings, text blocks and comments hide their brackets', () => {
  const text = "{ a: '[', b: \"}\\\"\", c: @'x''[', d: |||\n  ] { (\n|||, // ]\n e: 1 /* { */, # ]\n}";
  assert.ok(isBalanced(text));
  const strings = tokenizeJsonnet(text).tokens.filter((t) => t.kind === 'string').map((t) => (t.kind === 'string' ? t.value : ''));
  assert.deepEqual(strings, ['[', '}"', "x'[", '] { (\n']);
  assert.equal(isBalanced('{ a: [1, 2 }'), false);
  assert.equal(isBalanced("{ a: 'x }"), false);
});

/** The original's output minus gossip: argv flags (and a separate value) and spec.thanos.peers. */
function withoutGossip(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'string' && item.startsWith('--cluster.')) {
        if (!item.includes('=') && item !== '--cluster.disable') i++;
        continue;
      }
      out.push(withoutGossip(item));
    }
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === 'thanos' && item && typeof item === 'object') {
        const { peers: _peers, ...rest } = item as Record<string, unknown>;
        out[key] = withoutGossip(rest);
      } else out[key] = withoutGossip(item);
    }
    return out;
  }
  return value;
}

test('evaluation: the edited library renders the original objects minus the gossip parts', { skip: skipWithout('jsonnet') }, () => {
  const dir = tempDir('jsonnet');
  copyFileSync(join(ROOT, 'fixtures', 'jsonnet', 'main.jsonnet'), join(dir, 'main.jsonnet'));
  copyFileSync(join(ROOT, 'fixtures', 'jsonnet', 'thanos.libsonnet'), join(dir, 'thanos.libsonnet'));
  const run = () => {
    const result = spawnSync('jsonnet', ['main.jsonnet'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as unknown;
  };
  const original = run();
  writeFileSync(join(dir, 'thanos.libsonnet'), edited('thanos.libsonnet').text);
  const after = run();
  assert.deepEqual(after, withoutGossip(original));
  assert.notDeepEqual(after, original);
  assert.ok(!JSON.stringify(after).includes('--cluster.'));
  assert.ok(!JSON.stringify(after).includes('"peers"'));
});

test('jsonnet brackets: unbalanced closers and unclosed openers are syntax errors at their offset', async () => {
  const { groupTokens, JsonnetSyntaxError } = await import('../src/carriers/jsonnet/tokenize.js');
  const failure = (text: string) => {
    try {
      groupTokens(tokenizeJsonnet(text).tokens);
      return null;
    } catch (error) {
      return error instanceof JsonnetSyntaxError ? [error.message, error.offset] : error;
    }
  };
  assert.deepEqual(failure('{ a: [1, 2} }'), ['unbalanced }', 10]);
  assert.deepEqual(failure('local x = 1; ]'), ['unbalanced ]', 13]);
  assert.deepEqual(failure('{ a: (1'), ['unclosed (', 5]);
  assert.equal(failure('{ a: [1, (2)] }'), null);
  assert.equal(isBalanced('{ a: [1, 2} }'), false);
});
