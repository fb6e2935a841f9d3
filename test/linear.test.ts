// The position and span lookups that replaced rescans (sd/validate's
// lineColumn, the accounting sweep) give what the rescans gave.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineColumn } from '../src/sd/validate.js';
import { containingSweep } from '../src/analysis/containing.js';

test('lineColumn: 1-based line and column, lines ending at \\n only, offsets clamped, across texts', () => {
  const text = 'ab\ncd\r\n\nx';
  assert.deepEqual([0, 1, 2, 3, 5, 6, 7, 8, 9, 99, -4].map((pos) => lineColumn(text, pos)), [
    { line: 1, column: 1 },
    { line: 1, column: 2 },
    { line: 1, column: 3 },
    { line: 2, column: 1 },
    { line: 2, column: 3 },
    { line: 2, column: 4 },
    { line: 3, column: 1 },
    { line: 4, column: 1 },
    { line: 4, column: 2 },
    { line: 4, column: 2 },
    { line: 1, column: 1 },
  ]);
  assert.deepEqual(lineColumn('one\ntwo\n', 8), { line: 3, column: 1 });
  assert.deepEqual(lineColumn(text, 3), { line: 2, column: 1 });
});

test('containingSweep: the innermost span (then the earliest) or the earliest item holding each offset', () => {
  const spans = [
    { name: 'file', span: { start: 0, end: 100 } },
    { name: 'flag', span: { start: 10, end: 20 } },
    { name: 'same-length', span: { start: 12, end: 22 } },
    { name: 'empty', span: { start: 50, end: 50 } },
  ];
  const innermost = containingSweep(spans, (item) => item.span, 'innermost');
  assert.deepEqual([5, 12, 21, 50, 51, 100].map((offset) => innermost(offset)?.name), ['file', 'flag', 'same-length', 'empty', 'file', undefined]);
  const first = containingSweep(spans, (item) => item.span, 'first');
  assert.deepEqual([12, 50].map((offset) => first(offset)?.name), ['file', 'file']);
  assert.throws(() => first(3), /offset 3 after 50/);
});
