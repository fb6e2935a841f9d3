import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCommands, tokenize } from '../src/argv/tokenize.js';
import type { SourceFile } from '../src/model.js';

function words(text: string, dialect: 'sh' | 'systemd' = 'sh') {
  const file: SourceFile = { path: 't', text, kind: 'shell' };
  return splitCommands(tokenize(file, { start: 0, end: text.length }, { dialect })).map((command) =>
    command.words.map((word) => [text.slice(word.span.start, word.span.end), word.value, word.hasExpansion]),
  );
}

test('quotes are removed from values and kept in spans', () => {
  assert.deepEqual(words(`thanos query --store "a b" 'c$d' e\\ f`), [
    [
      ['thanos', 'thanos', false],
      ['query', 'query', false],
      ['--store', '--store', false],
      ['"a b"', 'a b', false],
      ["'c$d'", 'c$d', false],
      ['e\\ f', 'e f', false],
    ],
  ]);
});

test('expansions and template expressions stay verbatim', () => {
  assert.deepEqual(words('thanos --x=$(POD_IP):1 --y="${A:-b}" --z={{ include "x" . }} --w=<%= @v %>')[0]!.slice(1), [
    ['--x=$(POD_IP):1', '--x=$(POD_IP):1', true],
    ['--y="${A:-b}"', '--y=${A:-b}', true],
    ['--z={{ include "x" . }}', '--z={{ include "x" . }}', true],
    ['--w=<%= @v %>', '--w=<%= @v %>', true],
  ]);
});

test('continuations join lines; operators, redirections and heredocs split commands', () => {
  const text = 'a \\\n  b > log 2>&1 &\ncat <<EOF\nthanos --cluster.peers=x\nEOF\nc; d && e # f\n';
  assert.deepEqual(
    words(text).map((command) => command.map((word) => word[1])),
    [['a', 'b'], ['cat'], ['c'], ['d'], ['e']],
  );
});

test('template control lines are invisible inside a continued command', () => {
  const text = 'ExecStart=thanos sidecar \\\n<%- if @x -%>\n  --cluster.peers=<%= @x %> \\\n<%- end -%>\n  --log.level=info\n';
  assert.deepEqual(words(text, 'systemd')[0]!.map((word) => word[1]), ['ExecStart=thanos', 'sidecar', '--cluster.peers=<%= @x %>', '--log.level=info']);
});

test('an unterminated quote is an error at its offset', () => {
  const file: SourceFile = { path: 't', text: 'a "b', kind: 'shell' };
  assert.throws(() => tokenize(file, { start: 0, end: 4 }, { dialect: 'sh' }), { message: 'unterminated double quote', offset: 2 });
});
