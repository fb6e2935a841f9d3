// collapseTemplateBlocks looks only at the lines its spans cover and the
// blocks around them (src/carriers/yaml/template-lines.ts). Held here to the
// scan of every line and block it replaced, on random Helm-like templates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collapseTemplateBlocks, templateLines, type TLine } from '../src/carriers/yaml/template-lines.js';
import { mergeSpans, wholeLineSpans } from '../src/carriers/yaml/text.js';
import type { Span } from '../src/model.js';

/** The implementation before: every line against every span, every block's content sliced. */
function scanned(text: string, spans: Span[]): Span[] {
  if (!text.includes('{{')) return spans;
  const lines = templateLines(text);
  const deleted = new Set<number>();
  for (const l of lines) {
    const lineEnd = l.next > l.end ? l.next : l.end;
    const covered = spans.some((s) => s.start <= l.start && s.end >= lineEnd) || (l.next === l.end && spans.some((s) => s.start <= l.start - 1 && s.end >= l.end && l.start > 0));
    if (covered && !l.blank) deleted.add(l.index);
  }
  if (deleted.size === 0) return spans;
  const found: { open: number; end: number }[] = [];
  const stack: { open: number; end: number }[] = [];
  for (const l of lines) {
    if (!l.controlOnly) continue;
    for (const body of l.actions) {
      if (/^(if|with|range|define|block)\b/.test(body)) stack.push({ open: l.index, end: -1 });
      else if (/^end\b/.test(body)) {
        const b = stack.pop();
        if (b) found.push({ ...b, end: l.index });
      }
    }
  }
  const extra: Array<[number, number]> = [];
  for (const b of found.sort((x, y) => x.end - x.open - (y.end - y.open))) {
    if (deleted.has(b.open)) continue;
    const content = lines.slice(b.open + 1, b.end).filter((l: TLine) => !l.blank && !l.controlOnly);
    if (content.length === 0 || !content.every((l) => deleted.has(l.index))) continue;
    for (let k = b.open; k <= b.end; k++) deleted.add(k);
    extra.push([lines[b.open]!.start, lines[b.end]!.start]);
  }
  if (extra.length === 0) return spans;
  return mergeSpans([...spans, ...wholeLineSpans(text, extra)]);
}

const LINE = fc.constantFrom(
  '{{- if .Values.gossip }}',
  '{{ if .Values.a }}',
  '{{- with .Values.b }}',
  '{{- range .Values.c }}',
  '{{- else }}',
  '{{- end }}',
  '{{ end }}{{ if .x }}',
  '{{ end }}{{ end }}',
  '        - --cluster.peers={{ .Values.peers }}',
  '        - --log.level=info',
  '',
  '   ',
  '# a comment',
  '        - name: cluster',
);

const TEMPLATE = fc
  .record({ lines: fc.array(LINE, { minLength: 1, maxLength: 40 }), endsWithBreak: fc.boolean(), picks: fc.array(fc.record({ line: fc.nat(), length: fc.integer({ min: 1, max: 4 }), fromBreak: fc.boolean() }), { minLength: 1, maxLength: 5 }) })
  .map(({ lines, endsWithBreak, picks }) => {
    const text = lines.join('\n') + (endsWithBreak ? '\n' : '');
    const starts = templateLines(text).map((line) => line.start);
    // Whole-line deletions, as the carriers make them: from a line's start (or the break before it, as for a
    // last line with no break of its own) to the start of a later line (or the end).
    const spans = picks.map(({ line, length, fromBreak }) => {
      const first = line % starts.length;
      const start = fromBreak && first > 0 ? starts[first]! - 1 : starts[first]!;
      return { start, end: first + length < starts.length ? starts[first + length]! : text.length };
    });
    return { text, spans: mergeSpans(spans) };
  });

test('property: collapseTemplateBlocks extends deletions as the scan of every line and block did', () => {
  fc.assert(
    fc.property(TEMPLATE, ({ text, spans }) => {
      assert.deepEqual(collapseTemplateBlocks({ text }, spans), scanned(text, spans), JSON.stringify({ text, spans }));
    }),
    { numRuns: 3000 },
  );
});

test('collapseTemplateBlocks drops a conditional left empty, and keeps one that still holds a line', () => {
  const text = 'args:\n{{- if .Values.gossip }}\n  - --cluster.peers=x\n{{- end }}\n{{- if .Values.b }}\n  - --cluster.peers=y\n  - --log.level=info\n{{- end }}\n';
  const line = (n: number) => templateLines(text)[n]!;
  const emptied = collapseTemplateBlocks({ text }, [{ start: line(2).start, end: line(3).start }]);
  assert.deepEqual(emptied, [{ start: line(1).start, end: line(4).start }]);
  const kept = collapseTemplateBlocks({ text }, [{ start: line(5).start, end: line(6).start }]);
  assert.deepEqual(kept, [{ start: line(5).start, end: line(6).start }]);
});

test('collapseTemplateBlocks reads a file\'s current text: a model kept with the file is not used once its text changes', () => {
  const file = { text: 'args:\n{{- if .Values.gossip }}\n  - --cluster.peers=x\n{{- end }}\n' };
  const first = templateLines(file.text);
  assert.deepEqual(collapseTemplateBlocks(file, [{ start: first[2]!.start, end: first[3]!.start }]), [{ start: first[1]!.start, end: file.text.length }]);
  // The same file, a line added inside the block: deleting the gossip line alone no longer empties it.
  file.text = 'args:\n{{- if .Values.gossip }}\n  - --cluster.peers=x\n  - --log.level=info\n{{- end }}\n';
  const second = templateLines(file.text);
  assert.deepEqual(collapseTemplateBlocks(file, [{ start: second[2]!.start, end: second[3]!.start }]), [{ start: second[2]!.start, end: second[3]!.start }]);
});
