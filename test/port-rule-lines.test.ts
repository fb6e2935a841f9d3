// gossip-port-opened finds the ports with one search of the whole text. It
// must find what a pass over every line finds (the rule's loop as first
// written, kept here as the reference, with the rule's own port and context
// tests), whatever the lines around, the empty lines and the line breaks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { coversGossipPort, portRuleLines, PORT_RULE_CONTEXT } from '../src/rules/gossip-port-opened.js';
import { isInComment } from '../src/analysis/accounting.js';
import type { SourceFile, Span } from '../src/model.js';

/** The port search as first written: each line on its own, so `\s` may take any whitespace. */
const NUMBERS = /(?<![\d.])(\d{4,5})(?:\s*(?:-|:|,\s*)\s*(\d{4,5}))?(?![\d.])/g;

function gossipPortAt(line: string): number {
  for (const match of line.matchAll(NUMBERS)) if (coversGossipPort(match)) return match.index!;
  return -1;
}

function referenceLines(file: SourceFile): Span[] {
  if (!file.text.includes('109')) return [];
  const spans: Span[] = [];
  const lines = file.text.split('\n');
  let offset = 0;
  lines.forEach((line, index) => {
    const start = offset;
    offset += line.length + 1;
    const port = gossipPortAt(line);
    if (port === -1 || isInComment(file.text, start + port)) return;
    const context = lines.slice(Math.max(0, index - 2), index + 1).join('\n');
    if (!PORT_RULE_CONTEXT.test(context)) return;
    spans.push({ start: start + line.search(/\S/), end: start + line.replace(/\r$/, '').length });
  });
  return spans;
}

const PIECES = ['10900', '10901', '10800-11000', '10900:10902', ' ', '\n', '\r\n', '', 'from_port = ', 'tcp', 'ingress:', '# ', 'allow ', 'x', '1', '.', '-', '2024', '  - port: ',
  // Ranges whose parts a line break parts: the search of the whole text must not join them.
  '10800 - ', '10850', ', ', ':', '11000', '\t', '\r'];

test('the lines found by one search are the lines a pass over every line finds', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
      const file: SourceFile = { path: 'sg.tf', text: pieces.join(''), kind: 'plain' };
      assert.deepEqual(portRuleLines(file), referenceLines(file), JSON.stringify(file.text));
    }),
    { numRuns: 2000 },
  );
});

test('the port-rule words count on the line and the two above it, not three above', () => {
  const twoAbove: SourceFile = { path: 'sg.tf', text: 'tcp\n\nfrom = 10900\n', kind: 'plain' };
  assert.deepEqual(portRuleLines(twoAbove), [{ start: 5, end: 17 }]);
  const threeAbove: SourceFile = { path: 'sg.tf', text: 'tcp\n\n\nfrom = 10900\n', kind: 'plain' };
  assert.deepEqual(portRuleLines(threeAbove), []);
});
