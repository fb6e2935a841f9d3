// The byte prefilter gives the verdict of its definition,
// PREFILTER_REGEX_SOURCE over the bytes read as latin1, and keeps the files
// grep -E and rg list with PREFILTER_PATTERN: on generated texts built from
// pieces of every token, the Service forms and the bytes around them, and
// on the cases a skip table gets wrong (a token at the very start or end, a
// token split across a shift), and on texts long enough to be searched as
// four streams (a token across the boundary of two, a declaration held back
// by a later stream while an earlier one meets a token).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PREFILTER_PATTERN, PREFILTER_REGEX_SOURCE, prefilterVerdict, THANOS_TOKENS, type Verdict } from '../src/sources/prefilter.js';

const SPEC = new RegExp(PREFILTER_REGEX_SOURCE, 'g');
/** The pattern grep and rg are given, line by line as they match. */
const ERE_LINE = new RegExp(PREFILTER_PATTERN);
/** Its token alternative alone (a Service declaration may span lines, which grep does not see). */
const ERE_TOKENS = new RegExp(PREFILTER_PATTERN.slice(0, PREFILTER_PATTERN.lastIndexOf('|(kind')));

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

/** The offsets of the Service declarations the pattern matches before its first token, in order. */
function specServices(bytes: Buffer): number[] {
  const text = bytes.toString('latin1');
  SPEC.lastIndex = 0;
  const offsets: number[] = [];
  for (let match = SPEC.exec(text); match !== null; match = SPEC.exec(text)) {
    if (match[1] !== undefined) break;
    offsets.push(match.index + match[0].lastIndexOf('Service'));
  }
  return offsets;
}

const PIECES = [
  ...THANOS_TOKENS,
  ...THANOS_TOKENS.flatMap((token) => [token.slice(0, -1), token.slice(1), token.slice(0, 2), token.slice(-2)]),
  'kind:', 'kind: ', '"kind":', '"kind": ', 'kind:\t', ' kind', 'Service', 'Services', 'ServiceMonitor', '"Service"', "'Service'", 'Servic', 'ervice',
  ' ', '\n', '\r\n', '\t', '\xa0', '"', "'", ':', '_', 'x', '9', '1', '0', '\0', '\xff', '-', '.', 'a', 'e',
];

test('the byte search agrees with the pattern on texts made of token pieces', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
      const bytes = Buffer.from(pieces.join(''), 'latin1');
      assert.equal(prefilterVerdict(bytes), specVerdict(bytes), JSON.stringify(pieces.join('')));
      // grep -l and rg -l list a file when a line holds a token: the files the byte search finds a token in.
      const listed = bytes.toString('latin1').split('\n').some((line) => ERE_TOKENS.test(line));
      assert.equal(listed, prefilterVerdict(bytes) === 'thanos', `the ERE on ${JSON.stringify(pieces.join(''))}`);
    }),
    { seed: 18, numRuns: 3000 },
  );
});

test('the port counts as a whole number only, not as digits of a longer one', () => {
  const cases: [string, Verdict][] = [
    ['port: 10900\n', 'thanos'],
    ['10900', 'thanos'],
    ['from_port = 10900', 'thanos'],
    ['"10.0.0.1:10900"', 'thanos'],
    ['ports: 10900-10902', 'thanos'],
    ['location /api/v6/resource-110900 { }', 'none'],
    ['"time": 1610900000', 'none'],
    ['109001', 'none'],
    ['kind: Service\n  port: 210900', 'service'],
    ['"kind": "Service"10900', 'thanos'],
  ];
  for (const [text, verdict] of cases) {
    const bytes = Buffer.from(text, 'latin1');
    assert.equal(prefilterVerdict(bytes), verdict, text);
    assert.equal(specVerdict(bytes), verdict, `the pattern itself: ${text}`);
    assert.equal(ERE_LINE.test(text), verdict !== 'none', `the ERE: ${text}`);
  }
});

test('on texts of many pieces, the verdict and the declarations given are those of the pattern', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 20, maxLength: 300 }), (pieces) => {
      const bytes = Buffer.from(pieces.join(''), 'latin1');
      const offsets: number[] = [];
      assert.equal(prefilterVerdict(bytes, offsets), specVerdict(bytes), JSON.stringify(pieces.join('')));
      assert.deepEqual(offsets, specServices(bytes), JSON.stringify(pieces.join('')));
    }),
    { seed: 18, numRuns: 1500 },
  );
});

test('a token or a declaration is found at every offset of a text searched as four streams', () => {
  for (const length of [64, 67, 131]) {
    for (const token of [...THANOS_TOKENS, 'kind: Service']) {
      for (let offset = 0; offset + token.length <= length; offset++) {
        const text = `${' '.repeat(offset)}${token}${' '.repeat(length - offset - token.length)}`;
        const offsets: number[] = [];
        const verdict = prefilterVerdict(Buffer.from(text, 'latin1'), offsets);
        if (token === 'kind: Service') {
          assert.equal(verdict, 'service', JSON.stringify(text));
          assert.deepEqual(offsets, [offset + 6], JSON.stringify(text));
        } else assert.equal(verdict, 'thanos', JSON.stringify(text));
      }
    }
  }
});

test('the declarations given are those before the first token, whichever stream finds what', () => {
  const filler = 'x'.repeat(100);
  const declaration = 'kind: Service\n';
  const cases: [string, Verdict, number[]][] = [
    [`${declaration}${filler}hanos${filler}${declaration}`, 'thanos', [6]],
    [`${filler}${declaration}${filler}${declaration}${filler}peers`, 'thanos', [106, 220]],
    [`hanos${filler}${declaration}${filler}${declaration}${filler}`, 'thanos', []],
    [`${filler}${declaration}${filler}${filler}${declaration}`, 'service', [106, 320]],
    [`${filler}${declaration}10900${filler}${declaration}${filler}HANOS`, 'thanos', [106]],
  ];
  for (const [text, verdict, expected] of cases) {
    const bytes = Buffer.from(text, 'latin1');
    const offsets: number[] = [];
    assert.equal(prefilterVerdict(bytes, offsets), verdict, text);
    assert.deepEqual(offsets, expected, text);
    assert.deepEqual(specServices(bytes), expected, `the pattern itself: ${text}`);
  }
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
