// thanosPeersKeys finds `peers:` key lines with one search of the whole
// text, then walks up from each. It must find what a pass over every line
// finds (the loop as first written, kept here as the reference), whatever
// the nesting, the comments, the template-only lines and the line breaks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { thanosPeersKeys } from '../src/thanos/vocabulary.js';

const PEERS_KEY = /^([ \t]*)(?:-[ \t]+)?["']?peers["']?[ \t]*:/;
const KEY_LINE = /^([ \t]*)(?:-[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*\+?:{1,3}/;
const NEUTRAL_LINE = /^[ \t]*(?:$|#|\/\/|\{\{.*\}\}[ \t]*$|\{%.*%\}[ \t]*$|<%.*%>[ \t]*$)/;

function keyIndent(line: string): number {
  const match = /^([ \t]*)(-[ \t]+)?/.exec(line)!;
  return match[1]!.length + (match[2]?.length ?? 0);
}

function referenceKeys(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const lines = text.split('\n');
  let offset = 0;
  const starts = lines.map((line) => {
    const start = offset;
    offset += line.length + 1;
    return start;
  });
  lines.forEach((line, index) => {
    if (!PEERS_KEY.test(line)) return;
    const indent = keyIndent(line);
    for (let above = index - 1; above >= 0; above--) {
      const candidate = lines[above]!;
      if (NEUTRAL_LINE.test(candidate)) continue;
      const key = KEY_LINE.exec(candidate);
      if (!key || keyIndent(candidate) >= indent) continue;
      if (key[2] === 'thanos') spans.push({ start: starts[index]! + line.indexOf('peers'), end: starts[index]! + line.indexOf('peers') + 5 });
      return;
    }
  });
  return spans;
}

const LINES = ['thanos:', '  thanos:', '- thanos:', '"thanos": {', 'thanos+::', 'spec:', '  peers: a', 'peers:', '    peers: b', '  - peers: c', "  'peers' : d", '"peers": 1', '', '  # note', '  {{- if .Values.x }}', '  // c', 'x\rpeers: e', '\u2028  peers: f', '\t peers: g'];

test('the peers keys found by one search are those a pass over every line finds', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
      const text = lines.join(eol);
      assert.deepEqual(thanosPeersKeys(text).map((token) => token.span), referenceKeys(text), JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
});

test('a peers key under thanos is found, one under another key is not', () => {
  const text = 'spec:\n  thanos:\n    image: x\n    peers: thanos-peers:10900\n  alerting:\n    peers: y\n';
  assert.deepEqual(thanosPeersKeys(text), [{ span: { start: 33, end: 38 }, subject: 'thanos.peers' }]);
});
