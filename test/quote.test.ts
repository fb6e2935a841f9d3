// The plain-scalar fast path of quote.ts must agree with writing the value
// and parsing it back, for every value it answers without a parse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { plainIsSafe, plainIsSafeByParse } from '../src/carriers/yaml/quote.js';

const ALPHABET = 'abnoltruefyNOTY019._/+-:~ #='.split('');

test('plainIsSafe agrees with a parse back for names, keywords and near misses', () => {
  const known = [
    'store-0.store.monitoring.svc:10901', 'dns+thanos-store.monitoring.svc:10901', '/etc/thanos/stores.yaml', 'a:1',
    'true', 'True', 'FALSE', 'null', 'Null', 'NULL', 'y', 'n', 'yes', 'No', 'on', 'OFF', 'true:10901', '~', 'a:b', 'http://x',
    '10901', '2001-12-14', 'a #b', 'a# b', '-a', 'a-', 'a.', '/', 'x:', ':1',
    '--store.sd-files=/etc/thanos/sd/query-0.yaml', '--query.replica-label=replica', '--a', '--a=', '--a=true', '--a=b:1', '--a=b:c', '---', '--', '-- a', '--a=-b', '--a==b',
  ];
  for (const value of known) for (const flow of [false, true]) assert.equal(plainIsSafe(value, flow), plainIsSafeByParse(value, flow), `${value} (flow ${flow})`);
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 12 }), fc.boolean(), (chars, flow) => {
      const value = chars.join('');
      assert.equal(plainIsSafe(value, flow), plainIsSafeByParse(value, flow), `${JSON.stringify(value)} (flow ${flow})`);
    }),
    { numRuns: 3000 },
  );
  // Flags: the fast path answers `--name=value` without a parse.
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 12 }), fc.boolean(), (chars, flow) => {
      const value = `--${chars.join('')}`;
      assert.equal(plainIsSafe(value, flow), plainIsSafeByParse(value, flow), `${JSON.stringify(value)} (flow ${flow})`);
    }),
    { numRuns: 3000 },
  );
});

test('names of hosts and files are answered without a parse, keywords are not', () => {
  assert.equal(plainIsSafe('store-7.store.monitoring.svc:10901', false), true);
  assert.equal(plainIsSafe('true', false), false);
  assert.equal(plainIsSafe('on', false), plainIsSafeByParse('on', false));
});

test('blockLiteral: the printable-ASCII shortcut gives what writing the literal and parsing it back gives', async () => {
  const { blockLiteral, blockLiteralByParse } = await import('../src/carriers/yaml/render.js');
  const literalOf = (value: string) => blockLiteral(value);
  const known = ['- targets:\n  - store-0.store.monitoring.svc:10901\n', '\n', '\n\n', ' \n', 'a\n\n\n', '  indented\nnot\n', '#x\n---\n...\n', 'a  \n \n'];
  fc.assert(
    fc.property(fc.oneof(fc.constantFrom(...known), fc.array(fc.constantFrom('a', ' ', '\n', '#', '-', ':', '\'', '"', '|'), { maxLength: 14 }).map((chars) => chars.join(''))), (value) => {
      const written = literalOf(value);
      // Only the empty value is quoted in this alphabet; every other one is a literal that must read back.
      if (value === '') assert.equal(written, '""');
      else assert.equal(blockLiteralByParse(value, written), written, JSON.stringify(value));
    }),
    { numRuns: 3000 },
  );
  assert.equal(literalOf('- targets:\n  - a:10901\n'), '|\n    - targets:\n      - a:10901');
});
