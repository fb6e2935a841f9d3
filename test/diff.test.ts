// renderDiff diffs a rewrite only around its edits (linear in the file). It
// must print what the whole-file diff prints: the same hunks, numbered the
// same, whatever the edits, line breaks and final newline. A change without
// edits (a new or regenerated SD file) is diffed whole, so it is the yardstick.
// Where equal lines let a diff choose what moved, the two may choose
// differently (both minimal, both correct), so only there is the check
// weaker: the patch applies and changes as many lines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyPatch } from 'diff';
import { renderDiff } from '../src/output/diff.js';
import { PLAIN } from '../src/output/colors.js';
import { maskFor } from '../src/output/secrets.js';
import { applyEdits } from '../src/edits/apply.js';
import type { Edit, SourceFile } from '../src/model.js';
import type { FileChange } from '../src/plan.js';

const SHOW_ALL = maskFor(null);

function changeOf(text: string, edits: Omit<Edit, 'file'>[]): { byEdits: FileChange; whole: FileChange } {
  const source: SourceFile = { path: 'deploy/thanos.yaml', text, kind: 'yaml' };
  const full = edits.map((edit) => ({ ...edit, file: source }));
  const after = applyEdits(text, full).text;
  return {
    byEdits: { path: source.path, before: text, after, source, edits: full },
    whole: { path: source.path, before: text, after, source, edits: [] },
  };
}

// Few distinct lines, so that the diff has choices to make (which of two equal lines was removed).
const LINE = fc.constantFrom('a', 'b', '', '  - --cluster.peer=x:10900', 'spec:');

const EDITED = fc
  .record({
    lines: fc.array(LINE, { minLength: 1, maxLength: 60 }),
    lineBreak: fc.constantFrom('\n', '\r\n', '\r'),
    endsWithBreak: fc.boolean(),
    cuts: fc.array(fc.record({ at: fc.nat(), length: fc.nat({ max: 40 }), text: fc.constantFrom('', 'c', 'a\n', '\n', 'x\ny\n', '--store.sd-files=sd.yaml') }), { maxLength: 6 }),
  })
  .map(({ lines, lineBreak, endsWithBreak, cuts }) => {
    const text = lines.join(lineBreak) + (endsWithBreak ? lineBreak : '');
    // Non-overlapping spans, in any order (the applier sorts them), written with the file's own line break.
    const edits: Omit<Edit, 'file'>[] = [];
    let floor = 0;
    for (const cut of [...cuts].sort((x, y) => (x.at % (text.length + 1)) - (y.at % (text.length + 1)))) {
      // Never between the CR and LF of a break: a lone CR is shown escaped, and an escaped diff does not apply.
      const whole = (offset: number) => (text[offset - 1] === '\r' && text[offset] === '\n' ? offset + 1 : offset);
      const start = whole(Math.max(floor, cut.at % (text.length + 1)));
      if (start > text.length) break;
      const end = whole(Math.min(text.length, start + cut.length));
      edits.push({ span: { start, end }, text: cut.text.replace(/\n/g, lineBreak) });
      floor = end + 1;
    }
    return { text, edits: edits.reverse() };
  });

/** The patch as jsdiff applies it: plain file names, CR-only text read as LF as the diff reads it. */
function applied(text: string, diff: string): string | false {
  const asLf = (value: string) => (value.includes('\n') || !value.includes('\r') ? value : value.replace(/\r/g, '\n'));
  return applyPatch(asLf(text), diff.replace(/^--- a\//, '--- ').replace(/\n\+\+\+ b\//, '\n+++ '));
}

const changedLines = (diff: string) => diff.split('\n').filter((line) => /^[+-](?![+-]{2} )/.test(line)).length;

test('the diff around the edits applies, and changes as few lines as the whole-file diff', () => {
  fc.assert(
    fc.property(EDITED, ({ text, edits }) => {
      const { byEdits, whole } = changeOf(text, edits);
      if (byEdits.after === text) return;
      const diff = renderDiff(byEdits, PLAIN, SHOW_ALL);
      const context = JSON.stringify({ text, edits });
      const asLf = (value: string) => (value.includes('\n') || !value.includes('\r') ? value : value.replace(/\r/g, '\n'));
      assert.equal(applied(text, diff), asLf(byEdits.after), context);
      assert.equal(changedLines(diff), changedLines(renderDiff(whole, PLAIN, SHOW_ALL)), context);
    }),
    { numRuns: 1500 },
  );
});

test('where no two lines are alike, the diff around the edits is the whole-file diff, byte for byte', () => {
  const distinct = EDITED.map(({ text, edits }) => {
    let counter = 0;
    // Every line made unique (a number appended), the edits kept where they were.
    const unique = text.replace(/(\r\n|\n|\r)/g, (lineBreak) => ` ${counter++}${lineBreak}`);
    const moved = (offset: number) => offset + (text.slice(0, offset).match(/\r\n|\n|\r/g) ?? []).reduce((sum, _, index) => sum + ` ${index}`.length, 0);
    return { text: unique, edits: edits.map((edit) => ({ span: { start: moved(edit.span.start), end: moved(edit.span.end) }, text: edit.text.replace(/(\r\n|\n|\r)/g, (lineBreak) => ` new${counter++}${lineBreak}`) })) };
  });
  fc.assert(
    fc.property(distinct, ({ text, edits }) => {
      const { byEdits, whole } = changeOf(text, edits);
      if (byEdits.after === text) return;
      assert.equal(renderDiff(byEdits, PLAIN, SHOW_ALL), renderDiff(whole, PLAIN, SHOW_ALL), JSON.stringify({ text, edits }));
    }),
    { numRuns: 1500 },
  );
});

test('edits far apart give one hunk each, numbered in the whole file, and the patch applies', () => {
  const lines = Array.from({ length: 200 }, (_, index) => `line ${index}`);
  const text = `${lines.join('\n')}\n`;
  const offsetOf = (line: number) => text.indexOf(`line ${line}\n`);
  const { byEdits } = changeOf(text, [
    { span: { start: offsetOf(10), end: offsetOf(11) }, text: '' },
    { span: { start: offsetOf(100), end: offsetOf(100) }, text: 'inserted\n' },
    { span: { start: offsetOf(199), end: text.length }, text: 'last\n' },
  ]);
  const diff = renderDiff(byEdits, PLAIN, SHOW_ALL);
  assert.deepEqual(
    diff.split('\n').filter((line) => line.startsWith('@@')),
    ['@@ -8,7 +8,6 @@', '@@ -98,6 +97,7 @@', '@@ -197,4 +197,4 @@'],
  );
  assert.equal(applied(text, diff), byEdits.after);
});

test('a masked secret that spans lines falls back to the whole-file diff, still masked', () => {
  const text = 'token: |\n  s3cr\n  et\nargs:\n  - --cluster.peer=x:10900\n';
  const start = text.indexOf('  - --cluster');
  const { byEdits } = changeOf(text, [{ span: { start, end: text.length }, text: '' }]);
  const secret = 's3cr\n  et';
  const mask = maskFor({ values: [secret], spansIn: (file) => (file.text.includes(secret) ? [{ start: file.text.indexOf(secret), end: file.text.indexOf(secret) + secret.length }] : []) });
  assert.equal(renderDiff(byEdits, PLAIN, mask), '--- a/deploy/thanos.yaml\n+++ b/deploy/thanos.yaml\n@@ -1,4 +1,3 @@\n token: |\n   ***\n args:\n-  - --cluster.peer=x:10900\n');
});

// Edits on every few lines make the whole file one cluster, diffed group by group above a size (GROUPED_DIFF_ABOVE):
// a pattern of edited lines repeated every `period` lines, so that gaps both within and beyond 2 x CONTEXT occur,
// and kinds whose line window starts or ends on an unchanged line (append, delete).
const DENSE = fc.record({
  lines: fc.integer({ min: 1500, max: 2400 }),
  lineBreak: fc.constantFrom('\n', '\r\n', '\r'),
  endsWithBreak: fc.boolean(),
  period: fc.integer({ min: 2, max: 20 }),
  offsets: fc.uniqueArray(fc.nat({ max: 19 }), { minLength: 1, maxLength: 4 }),
  kinds: fc.array(fc.constantFrom('replace', 'delete', 'insert', 'join', 'append'), { minLength: 1, maxLength: 8 }),
  equalLines: fc.boolean(),
});

function denseChange({ lines, lineBreak, endsWithBreak, period, offsets, kinds, equalLines }: typeof DENSE extends fc.Arbitrary<infer T> ? T : never) {
  const texts = Array.from({ length: lines }, (_, i) => (equalLines ? ['a', 'b', '', 'spec:'][i % 4]! : `line ${i}`));
  const text = texts.join(lineBreak) + (endsWithBreak ? lineBreak : '');
  const starts: number[] = [];
  for (let i = 0, at = 0; i < lines; at += texts[i]!.length + lineBreak.length, i++) starts.push(at);
  const edited = new Set<number>();
  for (let base = 1; base < lines - 1; base += period) for (const offset of offsets) if (offset < period && base + offset < lines - 1) edited.add(base + offset);
  const edits: Omit<Edit, 'file'>[] = [];
  let n = 0;
  let floor = 0;
  for (const i of [...edited].sort((x, y) => x - y)) {
    const start = starts[i]!;
    const end = start + texts[i]!.length;
    if (start < floor) continue;
    const kind = kinds[n % kinds.length]!;
    n++;
    if (kind === 'replace') edits.push({ span: { start, end }, text: `${texts[i]} changed ${n}` });
    else if (kind === 'delete') edits.push({ span: { start, end: starts[i + 1]! }, text: '' });
    else if (kind === 'insert') edits.push({ span: { start, end: start }, text: `new ${n}${lineBreak}` });
    else if (kind === 'append') edits.push({ span: { start: end, end }, text: `${lineBreak}new ${n}` });
    else edits.push({ span: { start: end, end: starts[i + 1]! }, text: ' ' });
    floor = kind === 'delete' || kind === 'join' ? starts[i + 1]! + 1 : end + 1;
  }
  return changeOf(text, edits);
}

test('a dense cluster diffed group by group applies, and where no two lines are alike it is the whole-file diff, byte for byte', () => {
  fc.assert(
    fc.property(DENSE, (dense) => {
      const { byEdits, whole } = denseChange(dense);
      const diff = renderDiff(byEdits, PLAIN, SHOW_ALL);
      const asLf = (value: string) => (value.includes('\n') || !value.includes('\r') ? value : value.replace(/\r/g, '\n'));
      const context = JSON.stringify({ ...dense, edits: byEdits.edits.length });
      assert.equal(applied(byEdits.before!, diff), asLf(byEdits.after), context);
      if (!dense.equalLines) assert.equal(diff, renderDiff(whole, PLAIN, SHOW_ALL), context);
    }),
    { numRuns: 80 },
  );
});
