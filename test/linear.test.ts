// The position, span and object lookups that replaced rescans (sd/validate's
// lineColumn, the accounting sweep, furthestReach, the Kubernetes lookup)
// give what the rescans gave.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineColumn } from '../src/sd/validate.js';
import fc from 'fast-check';
import { containingSweep, firstContainingByFile } from '../src/analysis/containing.js';
import { furthestReach } from '../src/sorted.js';
import { kubeLookupOf, labelsMatch, type KubeEntry } from '../src/analysis/kube-lookup.js';
import type { SourceFile } from '../src/model.js';
import type { KubeObject } from '../src/facts.js';

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

test('firstContainingByFile: the first item of the file holding the offset, as a scan of every item gives, spans overlapping or not', () => {
  const item = fc.record({ file: fc.constantFrom<string>('a', 'b'), start: fc.nat(60), length: fc.nat(12) });
  fc.assert(
    fc.property(fc.array(item, { maxLength: 25 }), fc.boolean(), fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: -2, max: 80 })), { maxLength: 30 }), (drawn, apart, asked) => {
      // `apart`: spans laid end to end in each file (fences, notes), the case one binary search answers.
      const ends = new Map<string, number>();
      const items = drawn.map(({ file, start, length }, index) => {
        const at = apart ? (ends.get(file) ?? 0) + (start % 4) : start;
        if (apart) ends.set(file, at + length);
        return { index, file, span: { start: at, end: at + length } };
      });
      const lookup = firstContainingByFile(items, (entry) => entry.file, (entry) => entry.span);
      for (const [file, offset] of asked) {
        const scanned = items.find((entry) => entry.file === file && entry.span.start <= offset && offset < Math.max(entry.span.end, entry.span.start + 1));
        assert.equal(lookup(file, offset), scanned, `${file}@${offset} in ${JSON.stringify(items)}`);
      }
    }),
    { seed: 18, numRuns: 2000 },
  );
});

test('furthestReach: the furthest end among spans starting at or before an offset, as a scan of every span gives', () => {
  const span = fc.tuple(fc.nat(60), fc.nat(30)).map(([start, length]) => ({ start, end: start + length }));
  fc.assert(
    fc.property(fc.array(span, { maxLength: 25 }), fc.array(fc.integer({ min: -2, max: 95 }), { maxLength: 20 }), (spans, offsets) => {
      const reach = furthestReach(spans);
      for (const at of offsets) {
        const scanned = spans.filter((s) => s.start <= at).reduce((furthest, s) => Math.max(furthest, s.end), -Infinity);
        assert.equal(reach(at), scanned, `at ${at}`);
      }
    }),
    { numRuns: 500 },
  );
});

test('kubeLookupOf: selecting, inFile and named give what a scan of every object gives, in input order', () => {
  const files: SourceFile[] = [0, 1].map((i) => ({ path: `f${i}.yaml`, text: '', kind: 'yaml' }));
  const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'thanos-peer'), fc.constantFrom('a', 'b', 'true'), { maxKeys: 3 });
  const object = fc.record({
    file: fc.constantFrom(...files),
    kind: fc.constantFrom('Service', 'PodMonitor', 'StatefulSet'),
    name: fc.constantFrom('x', 'y', 'z'),
    selector: fc.option(labels, { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.array(object, { maxLength: 30 }), fc.array(labels, { minLength: 1, maxLength: 5 }), (specs, asks) => {
      const objects: KubeEntry[] = specs.map(({ file, kind, name, selector }) => ({
        file,
        object: { kind, name, ...(selector ? { selector } : {}) } as unknown as KubeObject,
      }));
      const lookup = kubeLookupOf(objects);
      for (const ask of asks) {
        for (const kind of ['Service', 'PodMonitor']) {
          const scanned = objects.filter((entry) => entry.object.kind === kind && entry.object.selector !== undefined && labelsMatch(entry.object.selector, ask));
          assert.deepEqual(lookup.selecting(kind, ask), scanned);
        }
      }
      for (const file of files) {
        for (const name of ['x', 'y', 'z']) {
          assert.equal(lookup.inFile(file, name), objects.find((entry) => entry.file === file && entry.object.name === name));
          assert.equal(lookup.inFile(file, name, 'Service'), objects.find((entry) => entry.file === file && entry.object.name === name && entry.object.kind === 'Service'));
          assert.deepEqual(lookup.named('Service', name), objects.filter((entry) => entry.object.kind === 'Service' && entry.object.name === name));
        }
      }
    }),
    { numRuns: 300 },
  );
});
