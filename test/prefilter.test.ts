// The byte prefilter gives the verdict of its definition, PREFILTER_PATTERN
// as a regex over the bytes read as latin1: on generated texts built from
// pieces of every token, the Service forms and the bytes around them, and
// on the cases a skip table gets wrong (a token at the very start or end, a
// token split across a shift).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PREFILTER_PATTERN, prefilterVerdict, THANOS_TOKENS, type Verdict } from '../src/sources/prefilter.js';

const SPEC = new RegExp(PREFILTER_PATTERN, 'g');

function specVerdict(bytes: Buffer): Verdict {
  const text = bytes.toString('latin1');
  SPEC.lastIndex = 0;
  let verdict: Verdict = 'none';
  for (let match = SPEC.exec(text); match !== null; match = SPEC.exec(text)) {
    if (match[1] !== undefined) return 'thanos';
    verdict = 'service';
  }
  return verdict;
}

const PIECES = [
  ...THANOS_TOKENS,
  ...THANOS_TOKENS.flatMap((token) => [token.slice(0, -1), token.slice(1), token.slice(0, 2), token.slice(-2)]),
  'kind:', 'kind: ', '"kind":', '"kind": ', 'kind:\t', ' kind', 'Service', 'Services', 'ServiceMonitor', '"Service"', "'Service'", 'Servic', 'ervice',
  ' ', '\n', '\r\n', '\t', '\xa0', '"', "'", ':', '_', 'x', '9', '\0', '\xff', '-', '.', 'a', 'e',
];

test('the byte search agrees with the pattern on texts made of token pieces', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
      const bytes = Buffer.from(pieces.join(''), 'latin1');
      assert.equal(prefilterVerdict(bytes), specVerdict(bytes), JSON.stringify(pieces.join('')));
    }),
    { seed: 18, numRuns: 3000 },
  );
});

test('every token is found at the start, the end, alone, and at every offset of a run of filler', () => {
  for (const token of THANOS_TOKENS) {
    for (let offset = 0; offset < 12; offset++) {
      for (const filler of ['x', 'kind: Servic', ' ']) {
        const text = `${filler.repeat(offset)}${token}${filler.repeat(offset % 3)}`;
        assert.equal(prefilterVerdict(Buffer.from(text, 'latin1')), 'thanos', JSON.stringify(text));
      }
    }
  }
  assert.equal(prefilterVerdict(Buffer.from('hano')), 'none');
  assert.equal(prefilterVerdict(Buffer.alloc(0)), 'none');
});

test('Service counts only as the value of kind, and the offsets of the declarations are given', () => {
  const cases: [string, Verdict][] = [
    ['kind: Service\n', 'service'],
    ['kind:Service', 'service'],
    ["kind: 'Service'", 'service'],
    ['"kind": "Service"', 'service'],
    ['"kind":"Service"', 'service'],
    ['kind: ServiceMonitor', 'none'],
    ['kind: Service_x', 'none'],
    ['kind: Service-x', 'service'],
    ['"kind": "ServiceAccount"', 'none'],
    ['skind: Service', 'service'],
    ['name: Service', 'none'],
    ['kind : Service', 'none'],
    ['kind:\n  Service', 'service'],
  ];
  for (const [text, verdict] of cases) {
    const bytes = Buffer.from(text, 'latin1');
    assert.equal(prefilterVerdict(bytes), verdict, text);
    assert.equal(specVerdict(bytes), verdict, `the pattern itself: ${text}`);
  }
  const offsets: number[] = [];
  prefilterVerdict(Buffer.from('kind: Service\n---\nkind: Deployment\n---\n"kind": "Service"'), offsets);
  assert.deepEqual(offsets, [6, 48]);
});
